package dev.hush.actions;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * Did the linked alerts stop? Incidents per week for the item's fingerprints, {@code weeks} weeks
 * before and after its done day ({@code before} oldest first, {@code after} from the done instant on),
 * and the verdict: {@code verified_quiet} once that many weeks passed with none, {@code recurred}
 * (with the incidents that came back) as soon as one opens, {@code watching} until then.
 */
public record Recurrence(long itemId, State state, int weeks, Long doneAt, List<String> fingerprints, List<WeekCount> before,
    List<WeekCount> after, List<Recurred> recurred) {

  public enum State {
    /** Not done yet: nothing to prove. */
    NOT_DONE,
    /** Done, but no fingerprints are linked: nothing to watch. */
    NO_FINGERPRINTS,
    /** Done and quiet so far, with fewer quiet weeks than asked. */
    WATCHING,
    VERIFIED_QUIET,
    RECURRED;

    @JsonValue
    public String dbValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
      return dbValue().replace('_', ' ');
    }
  }

  /** Incidents opened in the week starting {@code from} (UTC epoch ms). */
  public record WeekCount(long from, long count) {}

  /** An incident of a linked fingerprint opened after the item was done. */
  public record Recurred(long incidentId, String title, String fingerprint, long openedAt) {}

  public Recurrence {
    fingerprints = List.copyOf(fingerprints);
    before = List.copyOf(before);
    after = List.copyOf(after);
    recurred = List.copyOf(recurred);
  }

  /** The highest weekly count, for scaling a chart (at least 1). */
  public long peak() {
    long max = 1;
    for (WeekCount w : before) {
      max = Math.max(max, w.count());
    }
    for (WeekCount w : after) {
      max = Math.max(max, w.count());
    }
    return max;
  }
}
