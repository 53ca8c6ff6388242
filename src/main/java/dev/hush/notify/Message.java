package dev.hush.notify;

/**
 * One page: what happened and the links to act on it. {@code details} is the alert's labels or
 * custom details as a JSON object (or "{}"); {@code key} is the idempotency key receivers can use.
 */
public record Message(String key, long incidentId, String title, String severity, String service, String incidentUrl,
    String ackUrl, String recipient, String details) {}
