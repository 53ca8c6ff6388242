package dev.hush.escalation;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import dev.hush.core.Views;
import dev.hush.oncall.OnCallService;
import dev.hush.people.Principal;
import java.util.HashMap;
import io.javalin.config.RoutesConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Escalation policies and their assignment to services (API). */
public final class EscalationRoutes {
  private final EscalationService escalation;
  private final OnCallService oncall;

  public EscalationRoutes(EscalationService escalation, OnCallService oncall) {
    this.escalation = escalation;
    this.oncall = oncall;
  }

  public void register(RoutesConfig r) {
    r.get("/services/{id}/escalation", ctx -> {
      long id = pathId(ctx, "id");
      Map<String, Object> model = new HashMap<>();
      model.put("principal", Principal.of(ctx));
      model.put("serviceId", id);
      model.put("policy", escalation.policyOf(id).orElse(null));
      model.put("schedules", oncall.schedules());
      Views.render(ctx, "service-escalation.jte", model);
    });
    r.post("/services/{id}/escalation", ctx -> {
      long id = pathId(ctx, "id");
      long schedule = RequestParams.parseLong("schedule_id", ctx.formParam("schedule_id"));
      int delay = (int) RequestParams.parseLong("delay_minutes", ctx.formParam("delay_minutes"));
      int repeat = (int) RequestParams.parseLong("repeat_count", ctx.formParam("repeat_count"));
      EscalationPolicy policy = escalation.createPolicy("service " + id + " · " + oncall.schedule(schedule).name() + " · " + System.currentTimeMillis(),
          repeat, List.of(new EscalationPolicy.Step(0, delay, EscalationPolicy.TargetKind.SCHEDULE, schedule)));
      escalation.assign(id, policy.id());
      ctx.redirect("/services/" + id);
    });
    r.get("/api/v1/escalation-policies", ctx -> ctx.json(escalation.policies()));
    r.post("/api/v1/escalation-policies", ctx -> {
      JsonNode b = jsonObject(ctx);
      JsonNode stepsNode = b.path("steps");
      if (!stepsNode.isArray()) {
        throw Problem.invalid("steps", "steps must be an array of {target, target_id, delay_minutes}");
      }
      List<EscalationPolicy.Step> steps = new ArrayList<>();
      for (int i = 0; i < stepsNode.size(); i++) {
        JsonNode s = stepsNode.get(i);
        Long target = longValue(s, "target_id");
        Long delay = longValue(s, "delay_minutes");
        if (target == null) {
          throw Problem.invalid("steps[" + i + "].target_id", "target_id is required");
        }
        steps.add(new EscalationPolicy.Step(i, delay == null ? 5 : delay.intValue(),
            EscalationPolicy.TargetKind.parse("steps[" + i + "].target", text(s, "target")), target));
      }
      Long repeat = longValue(b, "repeat_count");
      ctx.status(201).json(escalation.createPolicy(text(b, "name"), repeat == null ? 0 : repeat.intValue(), steps));
    });
    r.put("/api/v1/services/{id}/escalation-policy", ctx -> {
      Long policy = longValue(jsonObject(ctx), "policy_id");
      if (policy == null) {
        throw Problem.invalid("policy_id", "policy_id is required");
      }
      escalation.assign(pathId(ctx, "id"), policy);
      ctx.json(Map.of("service_id", pathId(ctx, "id"), "policy_id", policy));
    });
    r.get("/api/v1/services/{id}/escalation-policy", ctx -> ctx.json(escalation.policyOf(pathId(ctx, "id"))
        .orElseThrow(() -> Problem.notFound("policy", "this service has no escalation policy"))));
  }
}
