package dev.hush.alerts;

/** A stored change event. */
public record StoredChange(long id, long serviceId, String summary, String source, long happenedAt) {}
