package dev.hush.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.HushConfig;
import dev.hush.LoopbackReceiver;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.people.User;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An alert rings the on-call person's phone; pressing 1 acknowledges as them, anything else changes
 * nothing. The key press comes back signed the way Twilio signs it, with the account's auth token;
 * an unsigned or wrongly signed one is refused.
 */
class VoiceCallTest {
  private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");
  /** The auth token of the voice account "AC123:tok" the test's method uses. */
  private static final String AUTH_TOKEN = "tok";

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void pressingOneOnTheCallAcknowledgesAsTheCalleeAndNothingElseDoes(StoreKind store) throws Exception {
    try (LoopbackReceiver provider = new LoopbackReceiver();
        TestHush t = TestHush.startWithDelivery(store, new NotifyService.Settings(HushConfig.DEFAULT_DELIVERY.smtpHost(),
            HushConfig.DEFAULT_DELIVERY.smtpPort(), HushConfig.DEFAULT_DELIVERY.mailFrom(), provider.url(""), "+15550001111"))) {
      User dana = t.person("dana@x.io", "Dana On-call", "long-enough-pw", false, "UTC", null);
      t.hush().notifications().addContactMethod(dana.id(), ChannelKind.VOICE, "phone", "+491701234567", "AC123:tok");
      long serviceId = t.hush().services().create("payments", "", t.team(), null, false).id();
      String key = t.hush().services().createKey(serviceId, "k").secret();
      EscalationPolicy policy = t.hush().escalation().createPolicy(t.team(), "payments", 0,
          List.of(EscalationPolicy.Step.of(0, 30, EscalationPolicy.TargetKind.USER, dana.id())));
      t.hush().escalation().assign(serviceId, policy.id());

      assertThat(t.postJson("/v2/enqueue", "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"v-1\","
          + "\"payload\":{\"summary\":\"Payments failing\",\"source\":\"api-1\",\"severity\":\"critical\"}}").statusCode()).isEqualTo(202);
      LoopbackReceiver.await("the call", () -> !provider.received().isEmpty(), 10);
      LoopbackReceiver.Received call = provider.received().get(0);
      assertThat(call.path()).isEqualTo("/2010-04-01/Accounts/AC123/Calls.json");
      String form = URLDecoder.decode(call.body(), StandardCharsets.UTF_8);
      assertThat(form).contains("To=+491701234567", "From=+15550001111", "Hush alert for payments. Severity critical. Payments failing.");
      long incidentId = t.incidents().get(0).id();
      Matcher action = ACTION.matcher(form);
      assertThat(action.find()).isTrue();
      String keypad = action.group(1);
      assertThat(keypad).startsWith(t.baseUrl() + "/voice/ack/");

      HttpResponse<String> unsigned = t.send(HttpRequest.newBuilder(URI.create(keypad)).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("Digits=1&CallSid=CA1")));
      assertThat(unsigned.statusCode()).as("no signature").isEqualTo(403);
      assertThat(Json.parse(unsigned.body()).path("field").asText()).isEqualTo("X-Twilio-Signature");
      assertThat(press(t, keypad, "Digits=1&CallSid=CA1", "another-token").statusCode()).as("signed with another account's token").isEqualTo(403);
      HttpResponse<String> replayed = t.send(HttpRequest.newBuilder(URI.create(keypad)).header("Content-Type", "application/x-www-form-urlencoded")
          .header("X-Twilio-Signature", signature(AUTH_TOKEN, keypad, "Digits=2&CallSid=CA1"))
          .POST(HttpRequest.BodyPublishers.ofString("Digits=1&CallSid=CA1")));
      assertThat(replayed.statusCode()).as("a signature of other parameters (Digits=2 made Digits=1)").isEqualTo(403);
      assertThat(status(t, incidentId)).as("refused callbacks acknowledge nothing").isEqualTo("triggered");

      HttpResponse<String> two = press(t, keypad, "Digits=2&CallSid=CA1");
      assertThat(two.statusCode()).isEqualTo(200);
      assertThat(two.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/xml"));
      assertThat(two.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Nothing was changed.</Say></Response>");
      assertThat(press(t, keypad, "CallSid=CA1").body()).as("no key at all").contains("<Say>Nothing was changed.</Say>");
      assertThat(status(t, incidentId)).isEqualTo("triggered");

      String token = keypad.substring(keypad.lastIndexOf('/') + 1);
      String tampered = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
      HttpResponse<String> forged = press(t, t.baseUrl() + "/voice/ack/" + tampered, "Digits=1&CallSid=CA1");
      assertThat(forged.statusCode()).as("a forged token names no callee whose account could have signed it").isEqualTo(403);
      assertThat(status(t, incidentId)).as("a forged token acknowledges nothing").isEqualTo("triggered");

      HttpResponse<String> one = press(t, keypad, "Digits=1&CallSid=CA1");
      assertThat(one.statusCode()).isEqualTo(200);
      assertThat(one.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Acknowledged.</Say></Response>");
      JsonNode detail = t.apiJson("GET", "/api/v1/incidents/" + incidentId, null);
      assertThat(detail.path("incident").path("status").asText()).isEqualTo("acknowledged");
      assertThat(detail.path("timeline").findParents("kind")).anySatisfy(e -> {
        assertThat(e.path("kind").asText()).isEqualTo("acknowledged");
        assertThat(e.path("actor").asText()).isEqualTo("Dana On-call");
      });

      t.apiJson("POST", "/api/v1/incidents/" + incidentId + "/resolve", null);
      assertThat(press(t, keypad, "Digits=1&CallSid=CA2").body()).contains("<Say>Nothing was changed: ");
      assertThat(status(t, incidentId)).isEqualTo("resolved");
      t.apiJson("POST", "/api/v1/incidents/" + incidentId + "/reopen", null);
      HttpResponse<String> earlier = press(t, keypad, "Digits=1&CallSid=CA3");
      assertThat(earlier.statusCode()).isEqualTo(200);
      assertThat(earlier.body()).contains("<Say>Nothing was changed: this link is for an earlier episode of the incident");
      assertThat(status(t, incidentId)).as("a call placed before the reopen does not acknowledge the reopened incident").isEqualTo("triggered");
      assertThat(provider.received()).as("one call").hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aVoiceMethodNeedsAnInternationalNumberAndTheAccount(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      HttpResponse<String> local = t.api("POST", "/api/v1/me/contact-methods", "{\"kind\":\"voice\",\"address\":\"0170 1234567\",\"secret\":\"AC1:t\"}");
      assertThat(local.statusCode()).isEqualTo(400);
      assertThat(Json.parse(local.body()).path("field").asText()).isEqualTo("address");
      HttpResponse<String> noAccount = t.api("POST", "/api/v1/me/contact-methods", "{\"kind\":\"voice\",\"address\":\"+491701234567\"}");
      assertThat(noAccount.statusCode()).isEqualTo(400);
      assertThat(Json.parse(noAccount.body()).path("field").asText()).isEqualTo("secret");
      HttpResponse<String> ok = t.api("POST", "/api/v1/me/contact-methods",
          "{\"kind\":\"voice\",\"name\":\"phone\",\"address\":\"+491701234567\",\"secret\":\"AC1:t\"}");
      assertThat(ok.statusCode()).isEqualTo(201);
      assertThat(Json.parse(ok.body()).path("contact_method").path("kind").asText()).isEqualTo("voice");
    }
  }

  /**
   * What the voice provider does when the callee presses a key: a form post to the Gather action,
   * no cookie, no token, signed with the account's auth token.
   */
  private static HttpResponse<String> press(TestHush t, String url, String form) {
    return press(t, url, form, AUTH_TOKEN);
  }

  private static HttpResponse<String> press(TestHush t, String url, String form, String authToken) {
    return t.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature(authToken, url, form)).POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  /**
   * Twilio's request signature, as its documentation describes it: the full URL, then each POST
   * parameter's name and value, sorted by name; HMAC-SHA1 with the auth token; base64.
   */
  private static String signature(String authToken, String url, String form) {
    TreeMap<String, String> params = new TreeMap<>();
    for (String pair : form.split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    StringBuilder data = new StringBuilder(url);
    params.forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String status(TestHush t, long incidentId) {
    return t.apiJson("GET", "/api/v1/incidents/" + incidentId, null).path("incident").path("status").asText();
  }
}
