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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An alert rings the on-call person's phone; pressing 1 acknowledges as them, anything else changes nothing. */
class VoiceCallTest {
  private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");

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

      HttpResponse<String> two = press(t, keypad, "Digits=2&CallSid=CA1");
      assertThat(two.statusCode()).isEqualTo(200);
      assertThat(two.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/xml"));
      assertThat(two.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Nothing was changed.</Say></Response>");
      assertThat(press(t, keypad, "CallSid=CA1").body()).as("no key at all").contains("<Say>Nothing was changed.</Say>");
      assertThat(status(t, incidentId)).isEqualTo("triggered");

      String token = keypad.substring(keypad.lastIndexOf('/') + 1);
      String tampered = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
      HttpResponse<String> forged = press(t, t.baseUrl() + "/voice/ack/" + tampered, "Digits=1&CallSid=CA1");
      assertThat(forged.statusCode()).isEqualTo(200);
      assertThat(forged.body()).contains("<Say>This acknowledge link has expired. Nothing was changed.");
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

  /** What the voice provider does when the callee presses a key: a form post to the Gather action, no cookie, no token. */
  private static HttpResponse<String> press(TestHush t, String url, String form) {
    return t.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private static String status(TestHush t, long incidentId) {
    return t.apiJson("GET", "/api/v1/incidents/" + incidentId, null).path("incident").path("status").asText();
  }
}
