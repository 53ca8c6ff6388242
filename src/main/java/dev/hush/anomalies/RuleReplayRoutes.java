package dev.hush.anomalies;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import dev.hush.core.Views;
import dev.hush.people.Access;
import dev.hush.people.Principal;
import dev.hush.people.TeamRole;
import dev.hush.review.ReviewService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** A noisy rule replayed with a longer for: and a stricter threshold, in the review's Incidents section and the API. */
public final class RuleReplayRoutes {
  private final RuleReplay replays;
  private final ReviewService reviews;

  public RuleReplayRoutes(RuleReplay replays, ReviewService reviews) {
    this.replays = replays;
    this.reviews = reviews;
  }

  public void register(RoutesConfig r) {
    Access.TeamOf reviewTeam = Access.TeamOf.byPathId("id", reviews::teamOf);
    r.get("/reviews/{id}/rule-replay", this::renderReplay, Access.viewer(reviewTeam));
    r.post("/reviews/{id}/rule-replay/action-item", ctx -> {
      long id = pathId(ctx, "id");
      replays.makeActionItem(id, ctx.formParam("fingerprint"), weeks(ctx.formParam("weeks")),
          RequestParams.optionalLong("owner_id", ctx.formParam("owner_id")), Principal.of(ctx).userId());
      ctx.redirect("/reviews/" + id + ("meeting".equals(ctx.formParam("from")) ? "/meeting" : "") + "#incidents");
    }, Access.responder(reviewTeam));
    r.get("/api/v1/reviews/{id}/rule-replay", ctx -> ctx.json(replays.replay(pathId(ctx, "id"), ctx.queryParam("fingerprint"),
        weeks(ctx.queryParam("weeks")))), Access.viewer(reviewTeam));
    r.post("/api/v1/reviews/{id}/rule-replay/action-item", ctx -> {
      JsonNode body = jsonObject(ctx);
      Long weeks = longValue(body, "weeks");
      if (weeks != null && (weeks < 1 || weeks > 12)) {
        throw Problem.invalid("weeks", "weeks: 1-12");
      }
      ctx.status(201).json(replays.makeActionItem(pathId(ctx, "id"), text(body, "fingerprint"),
          weeks == null ? RuleReplay.DEFAULT_WEEKS : weeks.intValue(), longValue(body, "owner_id"), Principal.of(ctx).userId()));
    }, Access.responder(reviewTeam));
  }

  private static int weeks(String value) {
    if (value == null || value.isBlank()) {
      return RuleReplay.DEFAULT_WEEKS;
    }
    long weeks = RequestParams.parseLong("weeks", value);
    if (weeks < 1 || weeks > 12) {
      throw Problem.invalid("weeks", "weeks: 1-12");
    }
    return (int) weeks;
  }

  /** The replay as a fragment of the Incidents section; what stopped it (no source, Prometheus down) is said in its place. */
  private void renderReplay(Context ctx) {
    long id = pathId(ctx, "id");
    Principal p = Principal.of(ctx);
    Map<String, Object> model = new HashMap<>();
    model.put("principal", p);
    model.put("reviewId", id);
    model.put("fingerprint", ctx.queryParam("fingerprint") == null ? "" : ctx.queryParam("fingerprint"));
    model.put("from", "meeting".equals(ctx.queryParam("from")) ? "meeting" : "agenda");
    model.put("mayEdit", reviews.teamOf(id).map(team -> p.may(TeamRole.RESPONDER, team)).orElse(false));
    try {
      model.put("replay", replays.replay(id, ctx.queryParam("fingerprint"), weeks(ctx.queryParam("weeks"))));
      model.put("problem", null);
    } catch (Problem e) {
      model.put("replay", null);
      model.put("problem", e.detail());
    }
    Views.render(ctx, "anomalies/replay.jte", model);
  }
}
