package dev.hush.actions;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A change to an action item: a null field stays as it is. {@code mentorId} and {@code due} are
 * optional values inside, so a request can clear them ({@code Optional.empty()}) or leave them
 * (null). A status of {@code wont_do} needs a {@code reason}.
 */
public record ActionPatch(String title, Long ownerId, Optional<Long> mentorId, Priority priority, Optional<LocalDate> due,
    ActionStatus status, String reason, List<String> fingerprints) {

  public ActionPatch {
    title = title == null ? null : NewActionItem.title(title);
    fingerprints = fingerprints == null ? null : NewActionItem.fingerprints(fingerprints);
    reason = reason == null ? null : reason.strip();
    if (reason != null && reason.length() > 2000) {
      throw dev.hush.core.Problem.invalid("reason", "reason may have at most 2000 characters");
    }
  }

  /** Only a status change, as the status forms send. */
  public static ActionPatch status(ActionStatus status, String reason) {
    return new ActionPatch(null, null, null, null, null, status, reason, null);
  }
}
