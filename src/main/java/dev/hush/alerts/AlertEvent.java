package dev.hush.alerts;

/**
 * One received event, normalised. {@code body} is the event as it arrived (for a batched
 * Alertmanager request, this alert's own JSON object).
 */
public record AlertEvent(WireFormat format, EventAction action, String dedupKey, String fingerprint, String title,
    String severity, String source, String body) {}
