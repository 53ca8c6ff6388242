package dev.hush.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/** SMS through a Twilio-compatible API: {@code Messages.json} with To, From and Body (see {@link TwilioApi}). */
final class SmsChannel implements Channel {
  private final TwilioApi api;
  private final String from;

  SmsChannel(String baseUrl, String from) {
    this.api = new TwilioApi(baseUrl);
    this.from = from;
  }

  @java.lang.Override
  public void send(Message m, ContactMethod to) throws Exception {
    String text = text(m);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", to.address());
    form.put("From", from);
    form.put("Body", text.length() > 1500 ? text.substring(0, 1500) : text);
    api.post("Messages", to, form);
  }

  /** Severity, service, title, the summary when it adds to the title, the ack link, then the alert's first link. */
  static String text(Message m) {
    String summary = m.extraSummary().isEmpty() ? "" : " — " + m.extraSummary();
    if (summary.length() > 300) {
      summary = summary.substring(0, 299) + "…";
    }
    var link = m.content().firstLink();
    return "[" + m.severity() + "] " + m.service() + ": " + m.title() + summary + " Ack: " + m.ackUrl()
        + (link == null ? "" : " " + link.text() + ": " + link.href());
  }
}
