package dev.hush.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.LoopbackReceiver;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.people.User;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Send test" goes out at most once every 30 s per person, whichever of their methods it is for, so
 * a double click or a script cannot spam a phone, nor many methods multiply the requests.
 */
class TestSendLimitTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aSecondTestByTheSamePersonWithinThirtySecondsIsRefusedUntilTheTimeHasPassed(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(System.currentTimeMillis());
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver receiver = new LoopbackReceiver()) {
      long hook = method(t, receiver.url("/hook"));
      long other = method(t, receiver.url("/other"));
      String test = "/api/v1/me/contact-methods/" + hook + "/test";

      assertThat(t.apiJson("POST", test, null).path("result").asText()).isEqualTo("sent");
      HttpResponse<String> again = t.api("POST", test, null);
      assertThat(again.statusCode()).isEqualTo(429);
      JsonNode problem = Json.parse(again.body());
      assertThat(problem.path("error").asText()).isEqualTo("rate_limited");
      assertThat(problem.path("field").asText()).isEqualTo("contact_method");
      assertThat(problem.path("detail").asText()).endsWith("wait 30 s");

      HttpResponse<String> viaOther = t.api("POST", "/api/v1/me/contact-methods/" + other + "/test", null);
      assertThat(viaOther.statusCode()).as("another of the same person's methods shares the limit").isEqualTo(429);

      clock.advance(29_000);
      assertThat(Json.parse(t.api("POST", test, null).body()).path("detail").asText()).endsWith("wait 1 s");

      clock.advance(1_000);
      assertThat(t.apiJson("POST", "/api/v1/me/contact-methods/" + other + "/test", null).path("result").asText()).isEqualTo("sent");
      User bo = t.hush().people().createUser("bo@x.io", "Bo", "long-enough-pw", false, "UTC", null);
      long bosHook = t.hush().notifications().addContactMethod(bo.id(), ChannelKind.WEBHOOK, "hook", receiver.url("/bo"), null).id();
      assertThat(t.hush().notifications().test(bo.id(), bosHook)).as("another person has a limit of their own").isEqualTo("sent");
      assertThat(receiver.received().stream().map(LoopbackReceiver.Received::path)).containsExactly("/hook", "/other", "/bo");
    }
  }

  private static long method(TestHush t, String url) {
    return t.apiJson("POST", "/api/v1/me/contact-methods", "{\"kind\":\"webhook\",\"address\":\"" + url + "\"}")
        .path("contact_method").path("id").asLong();
  }
}
