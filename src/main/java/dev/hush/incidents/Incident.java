package dev.hush.incidents;

/** What a person handles. Instants are epoch milliseconds (UTC); user ids are null when the sender acted. */
public record Incident(long id, long serviceId, String dedupKey, String fingerprint, IncidentStatus status, String title,
    String severity, String source, long openedAt, long lastEventAt, int triggerCount, Long ackedAt, Long ackedBy,
    Long resolvedAt, Long resolvedBy) {

  public boolean open() {
    return status != IncidentStatus.RESOLVED;
  }
}
