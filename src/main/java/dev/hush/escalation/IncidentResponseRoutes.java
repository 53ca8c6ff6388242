package dev.hush.escalation;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.FormInput;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import dev.hush.incidents.IncidentRoutes;
import dev.hush.incidents.IncidentService;
import dev.hush.people.Access;
import dev.hush.people.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Snooze, reassign, escalate now and add a responder: the forms on an incident's page (a refused
 * one comes back with its error beside the field) and the API. Whoever may acknowledge may do these.
 */
public final class IncidentResponseRoutes {
  private final IncidentResponse response;
  private final IncidentService incidents;
  private final IncidentRoutes pages;

  /** {@code pages}: shows the incident's page again with a refused form. */
  public IncidentResponseRoutes(IncidentResponse response, IncidentService incidents, IncidentRoutes pages) {
    this.response = response;
    this.incidents = incidents;
    this.pages = pages;
  }

  private interface FormAction {
    void apply(Context ctx, long incidentId, long actorId);
  }

  public void register(RoutesConfig r) {
    Access responder = Access.responder(Access.TeamOf.byPathId("id", incidents::teamOf));
    r.post("/incidents/{id}/snooze", ctx -> form(ctx, "snooze", (c, id, actor) -> response.snooze(id, formMinutes(c), actor)), responder);
    r.post("/incidents/{id}/escalate", ctx -> form(ctx, "escalate", (c, id, actor) -> response.escalateNow(id, actor)), responder);
    r.post("/incidents/{id}/reassign", ctx -> form(ctx, "reassign",
        (c, id, actor) -> response.reassign(id, RequestParams.optionalLong("user_id", c.formParam("user_id")), actor)), responder);
    r.post("/incidents/{id}/responders", ctx -> form(ctx, "responder",
        (c, id, actor) -> response.addResponder(id, RequestParams.optionalLong("user_id", c.formParam("user_id")), actor)), responder);

    r.post("/api/v1/incidents/{id}/snooze", ctx -> ctx.json(response.snooze(pathId(ctx, "id"), longValue(jsonObject(ctx), "minutes"),
        Principal.of(ctx).userId())), responder);
    r.post("/api/v1/incidents/{id}/escalate", ctx -> ctx.json(response.escalateNow(pathId(ctx, "id"), Principal.of(ctx).userId())),
        responder);
    r.post("/api/v1/incidents/{id}/reassign", ctx -> ctx.json(response.reassign(pathId(ctx, "id"), userId(ctx),
        Principal.of(ctx).userId())), responder);
    r.post("/api/v1/incidents/{id}/responders", ctx -> ctx.json(response.addResponder(pathId(ctx, "id"), userId(ctx),
        Principal.of(ctx).userId())), responder);
  }

  /** Runs a form's action, then shows the incident again; a refusal shows the page with the error beside the form's field. */
  private void form(Context ctx, String form, FormAction action) {
    long id = pathId(ctx, "id");
    try {
      action.apply(ctx, id, Principal.of(ctx).userId());
    } catch (Problem refused) {
      if (refused.status() == 404) {
        throw refused;
      }
      pages.page(ctx.status(refused.status()), id, FormInput.refused(form, ctx.formParamMap(), refused));
      return;
    }
    ctx.redirect("/incidents/" + id);
  }

  /** The snooze form's length: the typed number of minutes when there is one, else the chosen one. */
  private static Long formMinutes(Context ctx) {
    String typed = ctx.formParam("custom_minutes");
    return RequestParams.optionalLong("minutes", typed == null || typed.isBlank() ? ctx.formParam("minutes") : typed);
  }

  private static Long userId(Context ctx) {
    JsonNode body = jsonObject(ctx);
    return longValue(body, "user_id");
  }
}
