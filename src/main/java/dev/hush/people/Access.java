package dev.hush.people;

import dev.hush.core.RequestParams;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a route needs, declared where the route is registered and decided for every request by
 * {@link AccessRules#decide}, never by the handler. A route that declares nothing does not start.
 */
public sealed interface Access extends RouteRole {
  /** No sign-in: the request carries its own secret (an integration key, an ack link) or is the sign-in itself. */
  Access ANYONE = new Anyone();
  /** Any signed-in person, acting on their own things (settings, tokens, contact methods) or listing what their teams see. */
  Access SIGNED_IN = new SignedIn(false);
  /** As {@link #SIGNED_IN}, and still reachable while a one-time password waits to be replaced. */
  Access SIGNED_IN_BEFORE_PASSWORD_CHANGE = new SignedIn(true);
  /** An org admin. */
  Access ADMIN = new OrgAdmin();

  /** The new resource's team: {@code team_id} from the form or JSON body, else the one team the person manages. */
  TeamOf NEW_RESOURCE_TEAM = AccessRules::newResourceTeam;

  static Access viewer(TeamOf team) {
    return new OnTeam(TeamRole.VIEWER, team);
  }

  static Access responder(TeamOf team) {
    return new OnTeam(TeamRole.RESPONDER, team);
  }

  static Access manager(TeamOf team) {
    return new OnTeam(TeamRole.MANAGER, team);
  }

  record Anyone() implements Access {}

  record SignedIn(boolean beforePasswordChange) implements Access {}

  record OrgAdmin() implements Access {}

  /** A role of at least {@code least} in every team that owns what the request names. */
  record OnTeam(TeamRole least, TeamOf team) implements Access {}

  /** The teams owning what a request names; empty when it names nothing that exists. */
  @FunctionalInterface
  interface TeamOf {
    Set<Long> teams(Context ctx);

    /** The team of the resource whose id is in path parameter {@code param}. */
    static TeamOf byPathId(String param, Function<Long, Optional<Long>> teamOfId) {
      return ctx -> teamOfId.apply(RequestParams.pathId(ctx, param)).map(Set::of).orElse(Set.of());
    }

    /** Both this team and, when the body names one, the team {@code team_id} moves the resource to. */
    default TeamOf andBodyTeam() {
      return ctx -> {
        Set<Long> teams = teams(ctx);
        Long target = AccessRules.bodyTeam(ctx);
        if (teams.isEmpty() || target == null) {
          return teams;
        }
        Set<Long> both = new LinkedHashSet<>(teams);
        both.add(target);
        return both;
      };
    }
  }
}
