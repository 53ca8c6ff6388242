package dev.hush.escalation;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;
import java.util.List;
import java.util.Locale;

/**
 * Ordered steps; each pages its targets, then waits {@code delayMinutes} before the next. After
 * the last step the whole policy runs again {@code repeatCount} times. An ack or resolve stops it.
 */
public record EscalationPolicy(long id, long teamId, String name, int repeatCount, List<Step> steps) {
  public EscalationPolicy {
    steps = List.copyOf(steps);
  }

  /** One step: its targets, paged all at once or one in turn ({@link Mode}). */
  public record Step(int position, int delayMinutes, Mode mode, List<Target> targets) {
    public Step {
      targets = List.copyOf(targets);
    }

    /** A step that pages one target. */
    public static Step of(int position, int delayMinutes, TargetKind kind, long targetId) {
      return new Step(position, delayMinutes, Mode.ALL, List.of(new Target(kind, targetId)));
    }
  }

  /** A schedule, a person or a channel, by id. */
  public record Target(TargetKind kind, long id) {}

  /**
   * Who a step pages: whoever a schedule has on call at that moment, one person (through their
   * rules), or one channel, such as a team's Slack room (a contact method, used as it is).
   */
  public enum TargetKind {
    SCHEDULE, USER, CHANNEL;

    @JsonValue
    public String dbValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static TargetKind parse(String field, String value) {
      for (TargetKind k : values()) {
        if (k.dbValue().equals(value)) {
          return k;
        }
      }
      throw Problem.invalid(field, "target must be 'schedule', 'user' or 'channel'");
    }
  }

  /**
   * {@code all} pages every target of the step at once; {@code round_robin} pages one target each
   * time the step fires, the next in turn, so incidents (and repeats of one) are spread over them.
   */
  public enum Mode {
    ALL, ROUND_ROBIN;

    @JsonValue
    public String dbValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Mode parse(String field, String value) {
      for (Mode m : values()) {
        if (m.dbValue().equals(value)) {
          return m;
        }
      }
      throw Problem.invalid(field, "mode must be 'all' or 'round_robin'");
    }
  }
}
