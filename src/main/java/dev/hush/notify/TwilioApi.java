package dev.hush.notify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What SMS and voice share: a Twilio-compatible REST API at a configurable base URL. A request
 * goes to {@code {base}/2010-04-01/Accounts/{sid}/{resource}.json} as a form, with Basic auth from
 * the contact method's secret "sid:token".
 */
final class TwilioApi {
  private final String baseUrl;

  TwilioApi(String baseUrl) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  void post(String resource, ContactMethod to, Map<String, String> form) throws Exception {
    int colon = to.secret().indexOf(':');
    if (colon <= 0) {
      throw new IllegalStateException("the " + to.kind().dbValue() + " method needs its account as 'sid:token'");
    }
    String sid = to.secret().substring(0, colon);
    String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    HttpChannels.post(baseUrl + "/2010-04-01/Accounts/" + enc(sid) + "/" + resource + ".json", "application/x-www-form-urlencoded", body,
        Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(to.secret().getBytes(StandardCharsets.UTF_8))));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
