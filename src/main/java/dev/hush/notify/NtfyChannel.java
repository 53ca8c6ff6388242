package dev.hush.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Push through a self-hosted ntfy server: the address is the topic URL. Tapping the
 * notification opens the ack link; the "Acknowledge" action opens it too.
 */
final class NtfyChannel implements Channel {
  private final TargetGuard guard;

  NtfyChannel(TargetGuard guard) {
    this.guard = guard;
  }

  @java.lang.Override
  public void send(Message m, ContactMethod to) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Title", ascii(m.title()));
    headers.put("Priority", "critical".equals(m.severity()) || "error".equals(m.severity()) ? "urgent" : "high");
    headers.put("Tags", "rotating_light");
    headers.put("Click", m.ackUrl());
    headers.put("Actions", "view, Acknowledge, " + m.ackUrl() + "; view, Open, " + m.incidentUrl());
    if (!to.secret().isEmpty()) {
      headers.put("Authorization", "Bearer " + to.secret());
    }
    HttpChannels.post(guard.resolve(to.address()), "text/plain; charset=utf-8", m.service() + ": " + m.title(), headers);
  }

  /** HTTP header values must be ASCII; ntfy reads the body for the full text. */
  private static String ascii(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7E]", "?");
    return clean.length() > 200 ? clean.substring(0, 200) : clean;
  }
}
