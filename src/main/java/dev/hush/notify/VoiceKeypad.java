package dev.hush.notify;

import dev.hush.core.Problem;
import dev.hush.incidents.IncidentService;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the callee's key press on a voice page does. The token is the page's ack token, so 1
 * acknowledges as that person, like the ack link; it is for the episode of the incident the call
 * was placed for. The answer is TwiML for the caller to hear, also for a refusal: the voice API
 * wants a 200 and something to say.
 *
 * <p>The URL is public, so the callback must prove it comes from the voice provider: Twilio signs
 * each request in {@code X-Twilio-Signature}, the base64 HMAC-SHA1, keyed with the account's auth
 * token, of the full URL it requested followed by every POST parameter's name and value, sorted by
 * name. The key is the auth token of one of the callee's voice methods (the account that placed the
 * call). A callback without a valid signature is refused with 403 and changes nothing.
 */
final class VoiceKeypad {
  static final String SIGNATURE = "X-Twilio-Signature";

  private final NotifyService notify;
  private final IncidentService incidents;

  VoiceKeypad(NotifyService notify, IncidentService incidents) {
    this.notify = notify;
    this.incidents = incidents;
  }

  /** {@code query}: the request's query string or null; {@code form}: its POST parameters; {@code signature}: the header. */
  String answer(String token, String query, Map<String, List<String>> form, String signature) {
    Optional<AckLinks.Grant> opened = notify.openAckLink(token);
    String url = notify.baseUrl() + "/voice/ack/" + token + (query == null || query.isEmpty() ? "" : "?" + query);
    if (opened.isEmpty() || !signedByAnyOf(notify.voiceAuthTokens(opened.get().userId()), url, form, signature)) {
      throw new Problem(403, "invalid_signature", SIGNATURE, "this callback is not signed by the voice account that placed the call");
    }
    AckLinks.Grant grant = opened.get();
    if (grant.expiresAt() <= notify.now()) {
      return Twiml.say("This acknowledge link has expired. Nothing was changed. Open Hush to acknowledge.");
    }
    String digits = form.getOrDefault("Digits", List.of()).stream().findFirst().orElse(null);
    if (!"1".equals(digits)) {
      return Twiml.say("Nothing was changed.");
    }
    try {
      incidents.acknowledge(grant.incidentId(), grant.userId(), grant.episode());
    } catch (Problem refused) {
      return Twiml.say("Nothing was changed: " + refused.detail() + ".");
    }
    return Twiml.say("Acknowledged.");
  }

  private static boolean signedByAnyOf(List<String> authTokens, String url, Map<String, List<String>> form, String signature) {
    if (signature == null || signature.isBlank() || authTokens.isEmpty()) {
      return false;
    }
    byte[] presented = signature.strip().getBytes(StandardCharsets.US_ASCII);
    boolean valid = false;
    for (String authToken : authTokens) {
      for (String u : urlForms(url)) {
        // Every candidate is computed and compared in constant time; no early return tells which one differed.
        valid |= MessageDigest.isEqual(presented, sign(authToken, u, form).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return valid;
  }

  /** Twilio's signature of a POST to {@code url} with these parameters. */
  static String sign(String authToken, String url, Map<String, List<String>> form) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(form).forEach((name, values) -> values.stream().sorted().forEach(v -> data.append(name).append(v)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The URL as configured, and with the scheme's default port written out or left off: Twilio signs either form. */
  private static Set<String> urlForms(String url) {
    Set<String> forms = new LinkedHashSet<>(List.of(url));
    try {
      URI u = URI.create(url);
      int standard = "https".equals(u.getScheme()) ? 443 : 80;
      String rest = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
      String host = u.getScheme() + "://" + (u.getRawUserInfo() == null ? "" : u.getRawUserInfo() + "@") + u.getHost();
      if (u.getPort() == -1) {
        forms.add(host + ":" + standard + rest);
      } else if (u.getPort() == standard) {
        forms.add(host + rest);
      }
    } catch (IllegalArgumentException e) {
      // the URL as it is, then
    }
    return forms;
  }
}
