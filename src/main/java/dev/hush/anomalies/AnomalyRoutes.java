package dev.hush.anomalies;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.RequestParams;
import dev.hush.people.Access;
import dev.hush.people.Principal;
import dev.hush.review.ReviewService;
import io.javalin.config.RoutesConfig;

/** The review's flagged anomalies: the one-click answers in the meeting, and the API. */
public final class AnomalyRoutes {
  private final AnomalyService anomalies;
  private final ReviewService reviews;

  public AnomalyRoutes(AnomalyService anomalies, ReviewService reviews) {
    this.anomalies = anomalies;
    this.reviews = reviews;
  }

  public void register(RoutesConfig r) {
    Access.TeamOf reviewTeam = Access.TeamOf.byPathId("id", reviews::teamOf);
    r.post("/reviews/{id}/anomalies/{findingId}/response", ctx -> {
      long id = pathId(ctx, "id");
      anomalies.respond(id, pathId(ctx, "findingId"), AnomalyService.Response.parse("response", ctx.formParam("response")),
          ctx.formParam("note"), RequestParams.optionalLong("owner_id", ctx.formParam("owner_id")), Principal.of(ctx).userId());
      boolean meeting = "meeting".equals(ctx.formParam("from"));
      ctx.redirect("/reviews/" + id + (meeting ? "/meeting" : "") + "#dashboards");
    }, Access.responder(reviewTeam));
    r.get("/api/v1/reviews/{id}/anomalies", ctx -> ctx.json(anomalies.findings(pathId(ctx, "id"))), Access.viewer(reviewTeam));
    r.post("/api/v1/reviews/{id}/anomalies/{findingId}/response", ctx -> {
      JsonNode body = jsonObject(ctx);
      ctx.json(anomalies.respond(pathId(ctx, "id"), pathId(ctx, "findingId"), AnomalyService.Response.parse("response", text(body, "response")),
          text(body, "note"), longValue(body, "owner_id"), Principal.of(ctx).userId()));
    }, Access.responder(reviewTeam));
  }
}
