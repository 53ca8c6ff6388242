package dev.hush.notify;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * SMS through a Twilio-compatible REST API: {@code POST {base}/2010-04-01/Accounts/{sid}/Messages.json}
 * with To, From and Body, authenticated with the account SID and token (the method's secret, "sid:token").
 */
final class SmsChannel implements Channel {
  private final String baseUrl;
  private final String from;

  SmsChannel(String baseUrl, String from) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.from = from;
  }

  @java.lang.Override
  public void send(Message m, ContactMethod to) throws Exception {
    int colon = to.secret().indexOf(':');
    if (colon <= 0) {
      throw new IllegalStateException("the SMS method needs its account as 'sid:token'");
    }
    String sid = to.secret().substring(0, colon);
    String text = "[" + m.severity() + "] " + m.service() + ": " + m.title() + " Ack: " + m.ackUrl();
    String form = "To=" + enc(to.address()) + "&From=" + enc(from) + "&Body=" + enc(text.length() > 1500 ? text.substring(0, 1500) : text);
    HttpChannels.send(HttpRequest.newBuilder(URI.create(baseUrl + "/2010-04-01/Accounts/" + enc(sid) + "/Messages.json"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(to.secret().getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
