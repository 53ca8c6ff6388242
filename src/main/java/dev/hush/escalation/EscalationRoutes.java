package dev.hush.escalation;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import io.javalin.config.RoutesConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Escalation policies and their assignment to services (API). */
public final class EscalationRoutes {
  private final EscalationService escalation;

  public EscalationRoutes(EscalationService escalation) {
    this.escalation = escalation;
  }

  public void register(RoutesConfig r) {
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
