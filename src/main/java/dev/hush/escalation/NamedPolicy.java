package dev.hush.escalation;

import dev.hush.escalation.EscalationPolicy.Mode;
import dev.hush.escalation.EscalationPolicy.TargetKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy with its targets' names looked up (schedule, person, channel), as the API, the UI and
 * the command line show it, so none of them has to look the names up again.
 */
public record NamedPolicy(long id, long teamId, String name, int repeatCount, List<NamedStep> steps) {
  public NamedPolicy {
    steps = List.copyOf(steps);
  }

  public record NamedStep(int position, int delayMinutes, Mode mode, List<NamedTarget> targets) {
    public NamedStep {
      targets = List.copyOf(targets);
    }

    /** "page whoever is on call in Primary and Dana Smith", or one of them in turn. */
    public String inWords() {
      List<String> paged = new ArrayList<>();
      List<String> posted = new ArrayList<>();
      for (NamedTarget t : targets) {
        switch (t.target()) {
          case SCHEDULE -> paged.add("whoever is on call in " + t.name());
          case USER -> paged.add(t.name());
          case CHANNEL -> posted.add(t.name());
        }
      }
      if (mode == Mode.ROUND_ROBIN && targets.size() > 1) {
        List<String> all = new ArrayList<>(paged);
        posted.forEach(c -> all.add("post to " + c));
        return "one at a time, in turn (round-robin): " + list(all, "or");
      }
      List<String> parts = new ArrayList<>();
      if (!paged.isEmpty()) {
        parts.add("page " + list(paged, "and"));
      }
      if (!posted.isEmpty()) {
        parts.add("post to " + list(posted, "and"));
      }
      return String.join(" and ", parts);
    }
  }

  /** {@code target} and {@code target_id} as the API takes them, plus the name for people to read. */
  public record NamedTarget(TargetKind target, long targetId, String name) {}

  /**
   * The whole policy in one sentence: "Step 1: page whoever is on call in Primary and Dana Smith,
   * then after 5 min → Step 2: page Bo Lee, then after 10 min start over (repeat 2×)."
   */
  public String inWords() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      NamedStep s = steps.get(i);
      b.append("Step ").append(i + 1).append(": ").append(s.inWords());
      if (i + 1 < steps.size()) {
        b.append(", then after ").append(s.delayMinutes()).append(" min → ");
      } else if (repeatCount > 0) {
        b.append(", then after ").append(s.delayMinutes()).append(" min start over (repeat ").append(repeatCount).append("×).");
      } else {
        b.append(". No repeats.");
      }
    }
    return b.toString();
  }

  private static String list(List<String> items, String conjunction) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " " + conjunction + " " + items.getLast();
  }
}
