package dev.hush.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A phone call through a Twilio-compatible API: {@code Calls.json} with To, From and inline
 * TwiML (see {@link TwilioApi}). The call reads the incident out twice and listens for one key:
 * 1 acknowledges, through {@code /voice/ack/{token}} with the page's own signed ack token.
 */
final class VoiceChannel implements Channel {
  /** Twilio refuses inline TwiML over 4,000 characters; a long title is cut well before that. */
  private static final int MAX_TITLE = 500;

  private final TwilioApi api;
  private final String from;

  VoiceChannel(String baseUrl, String from) {
    this.api = new TwilioApi(baseUrl);
    this.from = from;
  }

  @java.lang.Override
  public void send(Message m, ContactMethod to) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", to.address());
    form.put("From", from);
    form.put("Twiml", twiml(m));
    api.post("Calls", to, form);
  }

  static String twiml(Message m) {
    String title = m.title().length() > MAX_TITLE ? m.title().substring(0, MAX_TITLE) : m.title();
    String page = "Hush alert for " + m.service() + ". Severity " + m.severity() + ". " + title + ".";
    String keypad = keypadUrl(m.ackUrl());
    if (keypad == null) {
      return Twiml.say(page);
    }
    return Twiml.response("<Gather numDigits=\"1\" method=\"POST\" action=\"" + Twiml.escape(keypad) + "\"><Say loop=\"2\">"
        + Twiml.escape(page + " Press 1 to acknowledge.") + "</Say></Gather><Say>No key was pressed. Nothing was changed.</Say>");
  }

  /**
   * Where the key press goes: the ack link is {@code {base}/ack/{token}}, so the keypad is
   * {@code {base}/voice/ack/{token}} with the same token. Null for a message without an ack link (a test).
   */
  private static String keypadUrl(String ackUrl) {
    int at = ackUrl.lastIndexOf("/ack/");
    return at < 0 ? null : ackUrl.substring(0, at) + "/voice" + ackUrl.substring(at);
  }
}
