package dev.hush.escalation;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;
import java.util.List;
import java.util.Locale;

/**
 * Ordered steps; each pages its targets, then waits {@code delayMinutes} before the next. After
 * the last step the whole policy runs again {@code repeatCount} times. An ack or resolve stops it.
 */
public record EscalationPolicy(long id, String name, int repeatCount, List<Step> steps) {
  public EscalationPolicy {
    steps = List.copyOf(steps);
  }

  public record Step(int position, int delayMinutes, TargetKind targetKind, long targetId) {}

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
}
