package dev.hush.notify;

import dev.hush.incidents.AlertContent;

/**
 * One page: what happened and the links to act on it. {@code details} is the alert's labels or
 * custom details as a JSON object (or "{}"); {@code key} is the idempotency key receivers can use;
 * {@code content} is what the alert itself says (summary, links, details), carried as space allows.
 */
public record Message(String key, long incidentId, String title, String severity, String service, String incidentUrl,
    String ackUrl, String recipient, String details, AlertContent content) {

  public Message(String key, long incidentId, String title, String severity, String service, String incidentUrl,
      String ackUrl, String recipient, String details) {
    this(key, incidentId, title, severity, service, incidentUrl, ackUrl, recipient, details, AlertContent.EMPTY);
  }

  /** The alert's summary when it says more than the title, else "". */
  String extraSummary() {
    return content.summary().isBlank() || content.summary().equals(title) ? "" : content.summary();
  }
}
