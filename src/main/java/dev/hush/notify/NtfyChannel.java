package dev.hush.notify;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * Push through a self-hosted ntfy server: the address is the topic URL. Tapping the
 * notification opens the ack link; the "Acknowledge" action opens it too.
 */
final class NtfyChannel implements Channel {
  @java.lang.Override
  public void send(Message m, ContactMethod to) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.address()))
        .header("Title", ascii(m.title()))
        .header("Priority", "critical".equals(m.severity()) || "error".equals(m.severity()) ? "urgent" : "high")
        .header("Tags", "rotating_light")
        .header("Click", m.ackUrl())
        .header("Actions", "view, Acknowledge, " + m.ackUrl() + "; view, Open, " + m.incidentUrl())
        .POST(HttpRequest.BodyPublishers.ofString(m.service() + ": " + m.title()));
    if (!to.secret().isEmpty()) {
      request.header("Authorization", "Bearer " + to.secret());
    }
    HttpChannels.send(request);
  }

  /** HTTP header values must be ASCII; ntfy reads the body for the full text. */
  private static String ascii(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7E]", "?");
    return clean.length() > 200 ? clean.substring(0, 200) : clean;
  }
}
