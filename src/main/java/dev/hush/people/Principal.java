package dev.hush.people;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is making a request and what they may do: a signed-in person (with the session's CSRF
 * token) or a script holding an API token (no CSRF token, since it sends no cookies). The roles
 * are already narrowed to what the token allows: a read-only token may not change anything, a
 * token for one team carries only that team's role and no admin rights.
 */
public record Principal(User user, String csrfToken, Map<Long, TeamRole> teamRoles, boolean admin, boolean readOnly) {
  private static final String ATTRIBUTE = "hush.principal";

  public Principal {
    teamRoles = Map.copyOf(teamRoles);
  }

  public long userId() {
    return user.id();
  }

  public Optional<TeamRole> roleIn(Long teamId) {
    return teamId == null ? Optional.empty() : Optional.ofNullable(teamRoles.get(teamId));
  }

  /** Whether resources of this team exist for this person at all; other teams' answer 404. */
  public boolean sees(Long teamId) {
    return admin || roleIn(teamId).isPresent();
  }

  public boolean may(TeamRole least, Long teamId) {
    return admin || roleIn(teamId).map(r -> r.includes(least)).orElse(false);
  }

  /** The teams in which this person has the manager role; an org admin may manage more (see {@link #may}). */
  public Set<Long> managedTeams() {
    return teamRoles.entrySet().stream().filter(e -> e.getValue() == TeamRole.MANAGER).map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The teams this person is a member of; an admin sees more than these (see {@link #sees}). */
  public Set<Long> teams() {
    return teamRoles.keySet();
  }

  public void attachTo(Context ctx) {
    ctx.attribute(ATTRIBUTE, this);
  }

  /** The principal the access check attached; every route that is not {@link Access#ANYONE} has one. */
  public static Principal of(Context ctx) {
    Principal p = ctx.attribute(ATTRIBUTE);
    if (p == null) {
      throw new IllegalStateException("route reached without authentication");
    }
    return p;
  }
}
