package dev.hush.people;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Json;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a route needs, declared where the route is registered and decided for every request by
 * {@link #decide}, never by the handler. A route that declares nothing does not start.
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
  TeamOf NEW_RESOURCE_TEAM = Access::newResourceTeam;

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
        Long target = bodyTeam(ctx);
        if (teams.isEmpty() || target == null) {
          return teams;
        }
        Set<Long> both = new LinkedHashSet<>(teams);
        both.add(target);
        return both;
      };
    }
  }

  /**
   * Lets the request through or throws: 401 unsigned, 403 for a role too weak on one's own team or a
   * read-only token changing something, 404 for what belongs to another team, exactly as for what
   * does not exist, so ids cannot be probed.
   */
  static void decide(Access access, Principal p, Context ctx, Predicate<Long> teamExists) {
    if (p.readOnly() && ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
      throw Problem.forbidden("this API token is read-only");
    }
    switch (access) {
      case Anyone a -> { }
      case SignedIn s -> { }
      case OrgAdmin a -> {
        if (!p.admin()) {
          throw Problem.forbidden("only an org admin can do this");
        }
      }
      case OnTeam t -> {
        Set<Long> teams = t.team().teams(ctx);
        if (teams.isEmpty() || !teams.stream().allMatch(team -> p.sees(team) && teamExists.test(team))) {
          throw hidden(ctx);
        }
        if (!teams.stream().allMatch(team -> p.may(t.least(), team))) {
          throw Problem.forbidden("this needs the " + t.least().dbValue() + " role in the team that owns it");
        }
        ctx.attribute(TEAM_ATTRIBUTE, List.copyOf(teams).getFirst());
      }
    }
  }

  /**
   * The same rule for one who acts outside HTTP (the CLI's {@code --as}): {@code teamOfThing} empty
   * or another team's answers 404, a role too weak 403.
   */
  static void require(Principal p, TeamRole least, Optional<Long> teamOfThing) {
    Long team = teamOfThing.orElse(null);
    if (team == null || !p.sees(team)) {
      throw Problem.notFound("id", "nothing of your teams has this id");
    }
    if (!p.may(least, team)) {
      throw Problem.forbidden("this needs the " + least.dbValue() + " role in the team that owns it");
    }
  }

  /** The team {@link #decide} resolved for an {@link OnTeam} route (for a new resource: the team it goes to). */
  static long team(Context ctx) {
    Long team = ctx.attribute(TEAM_ATTRIBUTE);
    if (team == null) {
      throw new IllegalStateException("no team was resolved for " + ctx.method() + " " + ctx.path());
    }
    return team;
  }

  String TEAM_ATTRIBUTE = "hush.team";

  /** The same answer a missing resource gets. */
  static Problem hidden(Context ctx) {
    return Problem.notFound("id", "nothing here: " + ctx.method() + " " + ctx.path());
  }

  private static Set<Long> newResourceTeam(Context ctx) {
    Long named = bodyTeam(ctx);
    if (named != null) {
      return Set.of(named);
    }
    Principal p = Principal.of(ctx);
    List<Long> managed = p.teamRoles().entrySet().stream().filter(e -> e.getValue() == TeamRole.MANAGER).map(e -> e.getKey()).toList();
    if (managed.size() != 1) {
      throw Problem.invalid("team_id", managed.isEmpty()
          ? "team_id is required: name the team that will own this"
          : "team_id is required: you manage several teams");
    }
    return Set.of(managed.getFirst());
  }

  /** {@code team_id} from a form field or a JSON body, or null when the request names none. */
  private static Long bodyTeam(Context ctx) {
    String type = ctx.contentType();
    if (type != null && type.startsWith("application/json")) {
      if (ctx.body().isBlank()) {
        return null;
      }
      JsonNode body = Json.parse(ctx.body());
      return body.isObject() ? RequestParams.longValue(body, "team_id") : null;
    }
    return RequestParams.optionalLong("team_id", ctx.formParam("team_id"));
  }
}
