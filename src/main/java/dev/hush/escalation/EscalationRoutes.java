package dev.hush.escalation;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;

import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import dev.hush.core.Views;
import dev.hush.people.Access;
import dev.hush.people.AccessRules;
import dev.hush.people.Principal;
import dev.hush.services.ServiceCatalog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** Escalation policies, their editor on a service's page, and their assignment to services (API). */
public final class EscalationRoutes {
  private final EscalationService escalation;
  private final ServiceCatalog services;

  public EscalationRoutes(EscalationService escalation, ServiceCatalog services) {
    this.escalation = escalation;
    this.services = services;
  }

  public void register(RoutesConfig r) {
    Access.TeamOf serviceTeam = Access.TeamOf.byPathId("id", services::teamOf);
    Access.TeamOf policyTeam = Access.TeamOf.byPathId("id", escalation::policyTeam);
    r.get("/services/{id}/escalation", ctx -> {
      EscalationService.Editor editor = escalation.editor(pathId(ctx, "id"));
      renderEditor(ctx, editor, editor.draft());
    }, Access.viewer(serviceTeam));
    // One form, three buttons: add a step, remove one, or save. The first two only show the draft
    // again (with JavaScript off too); saving checks it all and keeps it as typed when refused.
    r.post("/services/{id}/escalation", ctx -> {
      long id = pathId(ctx, "id");
      PolicyDraft draft = PolicyDraft.fromForm(ctx);
      String action = ctx.formParam("action") == null ? "save" : ctx.formParam("action");
      if (action.equals("add")) {
        renderEditor(ctx, escalation.editor(id), draft.withStepAdded());
        return;
      }
      if (action.startsWith("remove-")) {
        renderEditor(ctx, escalation.editor(id), draft.withoutStep((int) RequestParams.parseLong("action", action.substring("remove-".length()))));
        return;
      }
      try {
        PolicyRequest p = draft.request();
        escalation.savePolicyOfService(id, p.name(), p.repeatCount(), p.steps(), Principal.of(ctx).userId());
      } catch (Problem refused) {
        ctx.status(refused.status());
        renderEditor(ctx, escalation.editor(id), draft.withError(refused));
        return;
      }
      if (isHtmx(ctx)) {
        EscalationService.Editor editor = escalation.editor(id);
        renderEditor(ctx, editor, editor.draft());
      } else {
        ctx.redirect("/services/" + id + "/escalation");
      }
    }, Access.manager(serviceTeam));

    r.get("/api/v1/escalation-policies", ctx -> ctx.json(escalation.policies(Principal.of(ctx)::sees)), Access.SIGNED_IN);
    r.get("/api/v1/escalation-policies/{id}", ctx -> ctx.json(escalation.named(escalation.policy(pathId(ctx, "id")))),
        Access.viewer(policyTeam));
    r.post("/api/v1/escalation-policies", ctx -> {
      PolicyRequest p = PolicyRequest.fromJson(jsonObject(ctx));
      ctx.status(201).json(escalation.named(escalation.createPolicy(AccessRules.team(ctx), p.name(), p.repeatCount(), p.steps(),
          Principal.of(ctx).userId())));
    }, Access.manager(Access.NEW_RESOURCE_TEAM));
    r.put("/api/v1/escalation-policies/{id}", ctx -> {
      PolicyRequest p = PolicyRequest.fromJson(jsonObject(ctx));
      ctx.json(escalation.named(escalation.updatePolicy(pathId(ctx, "id"), p.name(), p.repeatCount(), p.steps(), Principal.of(ctx).userId())));
    }, Access.manager(policyTeam));
    r.delete("/api/v1/escalation-policies/{id}", ctx -> {
      escalation.deletePolicy(pathId(ctx, "id"), Principal.of(ctx).userId());
      ctx.status(204);
    }, Access.manager(policyTeam));
    r.put("/api/v1/services/{id}/escalation-policy", ctx -> {
      Long policy = longValue(jsonObject(ctx), "policy_id");
      if (policy == null) {
        throw Problem.invalid("policy_id", "policy_id is required");
      }
      escalation.assign(pathId(ctx, "id"), policy, Principal.of(ctx).userId());
      ctx.json(Map.of("service_id", pathId(ctx, "id"), "policy_id", policy));
    }, Access.manager(serviceTeam));
    r.get("/api/v1/services/{id}/escalation-policy", ctx -> ctx.json(escalation.policyOf(pathId(ctx, "id")).map(escalation::named)
        .orElseThrow(() -> Problem.notFound("policy", "this service has no escalation policy"))), Access.viewer(serviceTeam));
  }

  /** The editor alone for htmx (the service page loads it in place), or as a page of its own without JavaScript. */
  private void renderEditor(Context ctx, EscalationService.Editor editor, PolicyDraft draft) {
    Map<String, Object> model = new HashMap<>();
    model.put("principal", Principal.of(ctx));
    model.put("editor", editor);
    model.put("draft", draft);
    Views.render(ctx, isHtmx(ctx) ? "service-escalation.jte" : "service-escalation-page.jte", model);
  }

  private static boolean isHtmx(Context ctx) {
    return ctx.header("HX-Request") != null;
  }
}
