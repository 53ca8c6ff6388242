package dev.hush.escalation;

import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import dev.hush.escalation.EscalationPolicy.Mode;
import dev.hush.escalation.EscalationPolicy.Step;
import dev.hush.escalation.EscalationPolicy.Target;
import dev.hush.escalation.EscalationPolicy.TargetKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy as a request spells it: the API's JSON or the editor's form ({@link PolicyDraft}). Only the shape is checked
 * here; whether the targets exist is {@link EscalationService}'s to say.
 */
record PolicyRequest(String name, int repeatCount, List<Step> steps) {
  /** The wait before the next step when a request names none; the editor offers it for a new step. */
  static final int DEFAULT_DELAY_MINUTES = 5;

  /**
   * {@code {"name", "repeat_count", "steps": [{"targets": [{"target", "target_id"}, …], "mode", "delay_minutes"}]}};
   * a step may also be the older single-target {@code {"target", "target_id", "delay_minutes"}}.
   */
  static PolicyRequest fromJson(JsonNode body) {
    JsonNode stepsNode = body.path("steps");
    if (!stepsNode.isArray()) {
      throw Problem.invalid("steps", "steps must be an array of {targets: [{target, target_id}, …], mode, delay_minutes}");
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < stepsNode.size(); i++) {
      steps.add(step(stepsNode.get(i), "steps[" + i + "]", i));
    }
    return new PolicyRequest(text(body, "name"), smallNumber(body, "repeat_count", "repeat_count", 0), steps);
  }

  private static Step step(JsonNode s, String at, int position) {
    if (!s.isObject()) {
      throw Problem.invalid(at, at + " must be an object");
    }
    int delay = smallNumber(s, "delay_minutes", at + ".delay_minutes", DEFAULT_DELAY_MINUTES);
    String mode = text(s, "mode", at + ".mode");
    Mode m = mode == null ? Mode.ALL : Mode.parse(at + ".mode", mode);
    boolean singleTarget = s.has("target") || s.has("target_id");
    if (!s.has("targets") && !singleTarget) {
      throw Problem.invalid(at + ".targets", "a step needs targets: [{\"target\": \"schedule\", \"target_id\": 1}, …]");
    }
    if (s.has("targets") && singleTarget) {
      throw Problem.invalid(at, "a step has either targets or target and target_id, not both");
    }
    if (singleTarget) {
      return new Step(position, delay, m, List.of(target(s, at)));
    }
    JsonNode targetsNode = s.get("targets");
    if (!targetsNode.isArray()) {
      throw Problem.invalid(at + ".targets", "targets must be an array of {target, target_id}");
    }
    List<Target> targets = new ArrayList<>();
    for (int j = 0; j < targetsNode.size(); j++) {
      targets.add(target(targetsNode.get(j), at + ".targets[" + j + "]"));
    }
    return new Step(position, delay, m, targets);
  }

  private static Target target(JsonNode t, String at) {
    if (!t.isObject()) {
      throw Problem.invalid(at, at + " must be an object {target, target_id}");
    }
    String kind = text(t, "target", at + ".target");
    if (kind == null) {
      throw Problem.invalid(at + ".target", "target is required: 'schedule', 'user' or 'channel'");
    }
    TargetKind k = TargetKind.parse(at + ".target", kind);
    Long id = longValue(t, "target_id", at + ".target_id");
    if (id == null) {
      throw Problem.invalid(at + ".target_id", "target_id is required");
    }
    return new Target(k, id);
  }

  /** A whole number small enough for an int; the service checks the real bounds. */
  private static int smallNumber(JsonNode node, String key, String field, int fallback) {
    Long v = longValue(node, key, field);
    if (v == null) {
      return fallback;
    }
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw Problem.invalid(field, field + " is out of range");
    }
    return v.intValue();
  }
}
