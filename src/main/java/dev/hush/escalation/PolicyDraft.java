package dev.hush.escalation;

import dev.hush.core.Problem;
import dev.hush.escalation.EscalationPolicy.Mode;
import dev.hush.escalation.EscalationPolicy.Step;
import dev.hush.escalation.EscalationPolicy.Target;
import dev.hush.escalation.EscalationPolicy.TargetKind;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy editor's form as the person left it, kept as typed so that adding or removing a step,
 * or a refused save, shows the form again without losing anything. Each step is one row: its
 * targets ({@code target_i}, checkboxes valued {@code kind:id}), its mode ({@code mode_i}) and the
 * minutes to wait before the next step ({@code delay_i}). {@code errorField} and {@code errorDetail}
 * say what a refused save was refused for, named as the API names it (e.g. {@code steps[1].targets}).
 */
public record PolicyDraft(String name, String repeatCount, List<DraftStep> steps, String errorField, String errorDetail) {
  public PolicyDraft {
    steps = List.copyOf(steps);
  }

  /** One step as typed: the delay as text (it may not be a number yet), the mode, and the chosen targets as {@code kind:id}. */
  public record DraftStep(String delay, String mode, List<String> targets) {
    public DraftStep {
      targets = targets.stream().distinct().toList();
    }

    static DraftStep empty() {
      return new DraftStep(String.valueOf(PolicyRequest.DEFAULT_DELAY_MINUTES), Mode.ALL.dbValue(), List.of());
    }

    public boolean has(TargetKind kind, long id) {
      return targets.contains(kind.dbValue() + ":" + id);
    }

    public boolean roundRobin() {
      return Mode.ROUND_ROBIN.dbValue().equals(mode);
    }
  }

  /** What the editor shows for a service: its policy as it is, or one empty step named after the service. */
  static PolicyDraft of(NamedPolicy policy, String serviceName) {
    if (policy == null) {
      return new PolicyDraft(serviceName, "2", List.of(DraftStep.empty()), null, null);
    }
    List<DraftStep> steps = policy.steps().stream().map(s -> new DraftStep(String.valueOf(s.delayMinutes()), s.mode().dbValue(),
        s.targets().stream().map(t -> t.target().dbValue() + ":" + t.targetId()).toList())).toList();
    return new PolicyDraft(policy.name(), String.valueOf(policy.repeatCount()), steps, null, null);
  }

  /** The form as sent: one step per {@code delay_i}, numbered from 0 without holes. */
  static PolicyDraft fromForm(Context ctx) {
    List<DraftStep> steps = new ArrayList<>();
    for (int i = 0; i < EscalationService.MAX_STEPS && ctx.formParam("delay_" + i) != null; i++) {
      String mode = ctx.formParam("mode_" + i);
      steps.add(new DraftStep(ctx.formParam("delay_" + i).strip(), mode == null ? Mode.ALL.dbValue() : mode,
          ctx.formParams("target_" + i)));
    }
    return new PolicyDraft(orEmpty(ctx.formParam("name")), orEmpty(ctx.formParam("repeat_count")), steps, null, null);
  }

  /** The same draft with an empty step at the end (the editor offers no more than the policy may have). */
  PolicyDraft withStepAdded() {
    if (steps.size() >= EscalationService.MAX_STEPS) {
      return withError(Problem.invalid("steps", "a policy has at most " + EscalationService.MAX_STEPS + " steps"));
    }
    List<DraftStep> more = new ArrayList<>(steps);
    more.add(DraftStep.empty());
    return new PolicyDraft(name, repeatCount, more, null, null);
  }

  /** The same draft without step {@code index}; an index out of range changes nothing. */
  PolicyDraft withoutStep(int index) {
    if (index < 0 || index >= steps.size()) {
      return this;
    }
    List<DraftStep> fewer = new ArrayList<>(steps);
    fewer.remove(index);
    return new PolicyDraft(name, repeatCount, fewer, null, null);
  }

  PolicyDraft withError(Problem refused) {
    return new PolicyDraft(name, repeatCount, steps, refused.field(), refused.detail());
  }

  /** The draft as a request to save; what is not even well-formed is refused naming the step's field. */
  PolicyRequest request() {
    List<Step> parsed = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      DraftStep s = steps.get(i);
      String field = "steps[" + i + "]";
      int delay = wholeNumber(s.delay(), field + ".delay_minutes", "step " + (i + 1) + ": the wait must be a whole number of minutes");
      List<Target> targets = new ArrayList<>();
      for (String t : s.targets()) {
        int colon = t.indexOf(':');
        TargetKind kind = TargetKind.parse(field + ".targets", colon < 0 ? t : t.substring(0, colon));
        targets.add(new Target(kind, wholeNumber(t.substring(colon + 1), field + ".targets", "step " + (i + 1) + ": unknown target " + t)));
      }
      parsed.add(new Step(i, delay, Mode.parse(field + ".mode", s.mode()), targets));
    }
    int repeat = repeatCount.isBlank() ? 0 : wholeNumber(repeatCount, "repeat_count", "repeat_count must be a whole number");
    return new PolicyRequest(name, repeat, parsed);
  }

  /** The error for this field (as the API names it, e.g. {@code name} or {@code steps[0].delay_minutes}), or null. */
  public String errorFor(String field) {
    return field.equals(errorField) ? errorDetail : null;
  }

  /** The error about step {@code index}'s targets (a missing one, or one of them), or null. */
  public String targetsError(int index) {
    String prefix = "steps[" + index + "].targets";
    return errorField != null && errorField.startsWith(prefix) ? errorDetail : null;
  }

  /** The error about step {@code index} as a whole (e.g. a target listed twice), or null. */
  public String stepError(int index) {
    return ("steps[" + index + "]").equals(errorField) ? errorDetail : null;
  }

  /** An error that names no field the form shows beside itself (such as "a policy needs 1 to 20 steps"), or null. */
  public String formError() {
    if (errorDetail == null || errorField == null) {
      return errorDetail;
    }
    boolean besideAField = errorField.equals("name") || errorField.equals("repeat_count")
        || errorField.matches("steps\\[\\d+](\\.(delay_minutes|mode|targets.*))?");
    return besideAField ? null : errorDetail;
  }

  private static int wholeNumber(String text, String field, String detail) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw Problem.invalid(field, detail);
    }
  }

  private static String orEmpty(String v) {
    return v == null ? "" : v;
  }
}
