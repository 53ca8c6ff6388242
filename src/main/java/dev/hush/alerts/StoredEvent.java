package dev.hush.alerts;

/** A received event as stored. */
public record StoredEvent(long id, String format, String action, String dedupKey, long receivedAt, String body) {}
