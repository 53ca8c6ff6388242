package dev.hush.people;

import java.util.List;

/** A team and its members with their roles. */
public record Team(long id, String name, List<Member> members) {
  public record Member(long userId, String name, String email, TeamRole role) {}
}
