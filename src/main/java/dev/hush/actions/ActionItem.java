package dev.hush.actions;

import java.time.LocalDate;
import java.util.List;

/**
 * Follow-up work as stored, with what its page and the API show computed for the instant it was
 * read: {@code overdue} (still pending and its due day has passed) and {@code slipWeeks} (whole
 * weeks between creation and done, or now while pending). Instants are UTC epoch ms; {@code due}
 * is a day, null when there is none; {@code mentorId} and {@code originId} may be null.
 */
public record ActionItem(long id, long teamId, String title, long ownerId, Long mentorId, Priority priority, LocalDate due,
    ActionStatus status, String reason, OriginKind originKind, Long originId, List<String> fingerprints, long createdAt,
    long updatedAt, Long doneAt, int carriedOver, boolean overdue, long slipWeeks) {
  static final long WEEK_MILLIS = 7L * 24 * 3_600_000;

  public ActionItem {
    fingerprints = List.copyOf(fingerprints);
  }

  /** Whole weeks the item was (or still is) open at {@code now}. */
  static long slipWeeks(long createdAt, Long doneAt, long now) {
    long end = doneAt != null ? doneAt : now;
    return Math.max(0, (end - createdAt) / WEEK_MILLIS);
  }

  static boolean overdue(ActionStatus status, LocalDate due, LocalDate today) {
    return status.pending() && due != null && due.isBefore(today);
  }
}
