package dev.hush.incidents;

/**
 * What a person handles. Instants are epoch milliseconds (UTC); user ids are null when the sender
 * acted. {@code episode} counts from 1 and grows with every reopen, so what was sent for an earlier
 * episode (an ack link) can be told apart from the current one. {@code assigneeId}: whom a person
 * handed it to (null: nobody); {@code snoozedUntil}: when a snooze ends and it pages again (null: not snoozed).
 */
public record Incident(long id, long serviceId, String dedupKey, String fingerprint, IncidentStatus status, String title,
    String severity, String source, long openedAt, long lastEventAt, int triggerCount, Long ackedAt, Long ackedBy,
    Long resolvedAt, Long resolvedBy, int episode, Long assigneeId, Long snoozedUntil) {

  public boolean open() {
    return status != IncidentStatus.RESOLVED;
  }
}
