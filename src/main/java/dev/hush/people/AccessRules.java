package dev.hush.people;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Json;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** How a declared {@link Access} is decided for a request, and for one who acts outside HTTP. */
public final class AccessRules {
  private static final String TEAM_ATTRIBUTE = "hush.team";

  private AccessRules() {}

  /**
   * Lets the request through or throws: 401 unsigned, 403 for a role too weak on one's own team or a
   * read-only token changing something, 404 for what belongs to another team, exactly as for what
   * does not exist, so ids cannot be probed.
   */
  public static void decide(Access access, Principal p, Context ctx, Predicate<Long> teamExists) {
    if (p.readOnly() && ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
      throw Problem.forbidden("this API token is read-only");
    }
    switch (access) {
      case Access.Anyone a -> { }
      case Access.SignedIn s -> { }
      case Access.OrgAdmin a -> {
        if (!p.admin()) {
          throw Problem.forbidden("only an org admin can do this");
        }
      }
      case Access.OnTeam t -> {
        Set<Long> teams = t.team().teams(ctx);
        // A member's team exists; only an admin's view of a team they are not in needs the store to say so.
        if (teams.isEmpty() || !teams.stream().allMatch(team -> p.roleIn(team).isPresent() || p.admin() && teamExists.test(team))) {
          throw hidden(ctx);
        }
        if (!teams.stream().allMatch(team -> p.may(t.least(), team))) {
          throw tooWeak(t.least());
        }
        ctx.attribute(TEAM_ATTRIBUTE, List.copyOf(teams).getFirst());
      }
    }
  }

  /**
   * The same rule for one who acts outside HTTP (the CLI's {@code --as}): {@code teamOfThing} empty
   * or another team's answers 404, a role too weak 403.
   */
  public static void require(Principal p, TeamRole least, Optional<Long> teamOfThing) {
    Long team = teamOfThing.orElse(null);
    if (team == null || !p.sees(team)) {
      throw Problem.notFound("id", "nothing of your teams has this id");
    }
    if (!p.may(least, team)) {
      throw tooWeak(least);
    }
  }

  /** The team {@link #decide} resolved for an {@link Access.OnTeam} route (for a new resource: the team it goes to). */
  public static long team(Context ctx) {
    Long team = ctx.attribute(TEAM_ATTRIBUTE);
    if (team == null) {
      throw new IllegalStateException("no team was resolved for " + ctx.method() + " " + ctx.path());
    }
    return team;
  }

  private static Problem tooWeak(TeamRole least) {
    return Problem.forbidden("this needs the " + least.dbValue() + " role in the team that owns it");
  }

  /** The same answer a missing resource gets. */
  private static Problem hidden(Context ctx) {
    return Problem.notFound("id", "nothing here: " + ctx.method() + " " + ctx.path());
  }

  static Set<Long> newResourceTeam(Context ctx) {
    Long named = bodyTeam(ctx);
    if (named != null) {
      return Set.of(named);
    }
    Principal p = Principal.of(ctx);
    List<Long> managed = List.copyOf(p.managedTeams());
    if (managed.size() != 1) {
      throw Problem.invalid("team_id", managed.isEmpty()
          ? "team_id is required: name the team that will own this"
          : "team_id is required: you manage several teams");
    }
    return Set.of(managed.getFirst());
  }

  /** {@code team_id} from a form field or a JSON body, or null when the request names none. */
  static Long bodyTeam(Context ctx) {
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
