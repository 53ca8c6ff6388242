package dev.hush.people;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;
import java.util.Locale;

/**
 * A person's role in one team, weakest first: a viewer reads; a responder also acks, resolves,
 * writes the on-call log and swaps shifts; a manager also edits the team's services, keys,
 * schedules, policies and members. Each role includes the ones before it.
 */
public enum TeamRole {
  VIEWER, RESPONDER, MANAGER;

  @JsonValue
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean includes(TeamRole other) {
    return compareTo(other) >= 0;
  }

  public static TeamRole parse(String field, String value) {
    for (TeamRole r : values()) {
      if (r.dbValue().equals(value)) {
        return r;
      }
    }
    throw Problem.invalid(field, "role must be 'manager', 'responder' or 'viewer'");
  }
}
