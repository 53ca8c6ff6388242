package dev.hush.escalation;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;

import dev.hush.core.Problem;
import dev.hush.core.Views;
import dev.hush.people.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** Escalation policies, their editor on a service's page, and their assignment to services (API). */
public final class EscalationRoutes {
  private final EscalationService escalation;

  public EscalationRoutes(EscalationService escalation) {
    this.escalation = escalation;
  }

  public void register(RoutesConfig r) {
    r.get("/services/{id}/escalation", ctx -> renderEditor(ctx, pathId(ctx, "id")));
    r.post("/services/{id}/escalation", ctx -> {
      long id = pathId(ctx, "id");
      PolicyRequest p = PolicyRequest.fromForm(ctx);
      escalation.savePolicyOfService(id, p.name(), p.repeatCount(), p.steps());
      if (isHtmx(ctx)) {
        renderEditor(ctx, id);
      } else {
        ctx.redirect("/services/" + id + "/escalation");
      }
    });

    r.get("/api/v1/escalation-policies", ctx -> ctx.json(escalation.policies()));
    r.get("/api/v1/escalation-policies/{id}", ctx -> ctx.json(escalation.named(escalation.policy(pathId(ctx, "id")))));
    r.post("/api/v1/escalation-policies", ctx -> {
      PolicyRequest p = PolicyRequest.fromJson(jsonObject(ctx));
      ctx.status(201).json(escalation.named(escalation.createPolicy(p.name(), p.repeatCount(), p.steps())));
    });
    r.put("/api/v1/escalation-policies/{id}", ctx -> {
      PolicyRequest p = PolicyRequest.fromJson(jsonObject(ctx));
      ctx.json(escalation.named(escalation.updatePolicy(pathId(ctx, "id"), p.name(), p.repeatCount(), p.steps())));
    });
    r.delete("/api/v1/escalation-policies/{id}", ctx -> {
      escalation.deletePolicy(pathId(ctx, "id"));
      ctx.status(204);
    });
    r.put("/api/v1/services/{id}/escalation-policy", ctx -> {
      Long policy = longValue(jsonObject(ctx), "policy_id");
      if (policy == null) {
        throw Problem.invalid("policy_id", "policy_id is required");
      }
      escalation.assign(pathId(ctx, "id"), policy);
      ctx.json(Map.of("service_id", pathId(ctx, "id"), "policy_id", policy));
    });
    r.get("/api/v1/services/{id}/escalation-policy", ctx -> ctx.json(escalation.policyOf(pathId(ctx, "id")).map(escalation::named)
        .orElseThrow(() -> Problem.notFound("policy", "this service has no escalation policy"))));
  }

  /** The editor alone for htmx (the service page loads it in place), or as a page of its own without JavaScript. */
  private void renderEditor(Context ctx, long serviceId) {
    Map<String, Object> model = new HashMap<>();
    model.put("principal", Principal.of(ctx));
    model.put("editor", escalation.editor(serviceId, Principal.of(ctx).userId()));
    Views.render(ctx, isHtmx(ctx) ? "service-escalation.jte" : "service-escalation-page.jte", model);
  }

  private static boolean isHtmx(Context ctx) {
    return ctx.header("HX-Request") != null;
  }
}
