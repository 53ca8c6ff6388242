package dev.hush.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IncidentLifecycleTest {

  private static long open(TestHush t, String key, String dedup, String summary) {
    HttpResponse<String> r = t.postJson("/v2/enqueue", """
        {"routing_key":"%s","event_action":"trigger","dedup_key":"%s","payload":{"summary":"%s","source":"s","severity":"error"}}"""
        .formatted(key, dedup, summary));
    assertThat(r.statusCode()).isEqualTo(202);
    return t.apiJson("GET", "/api/v1/incidents?status=triggered", null).path("incidents").get(0).path("id").asLong();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void ackResolveAndReopenThroughTheApiShowInTheTimelineAsThePerson(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      long id = open(t, t.serviceWithKey("api"), "d1", "Checkout errors");
      JsonNode acked = t.apiJson("POST", "/api/v1/incidents/" + id + "/ack", null);
      assertThat(acked.path("status").asText()).isEqualTo("acknowledged");
      assertThat(acked.path("acked_by").asLong()).isEqualTo(t.admin().id());
      assertThat(t.apiJson("POST", "/api/v1/incidents/" + id + "/resolve", null).path("status").asText()).isEqualTo("resolved");
      assertThat(t.api("POST", "/api/v1/incidents/" + id + "/ack", null).statusCode()).as("no ack after resolve").isEqualTo(409);
      assertThat(t.apiJson("POST", "/api/v1/incidents/" + id + "/reopen", null).path("status").asText()).isEqualTo("triggered");

      JsonNode timeline = t.apiJson("GET", "/api/v1/incidents/" + id, null).path("timeline");
      assertThat(timeline.findValuesAsText("kind")).containsSubsequence("event:trigger", "acknowledged", "resolved", "reopened");
      assertThat(timeline.findValuesAsText("actor")).contains("Ada Admin");
      assertThat(t.api("POST", "/api/v1/incidents/999999/ack", null).statusCode()).isEqualTo(404);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void reopeningIsRefusedWhileANewerIncidentWithTheSameDedupKeyIsOpen(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("api");
      long first = open(t, key, "same", "A");
      t.apiJson("POST", "/api/v1/incidents/" + first + "/resolve", null);
      open(t, key, "same", "A");
      HttpResponse<String> r = t.api("POST", "/api/v1/incidents/" + first + "/reopen", null);
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(Json.parse(r.body()).path("detail").asText()).contains("newer incident");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theOnCallLogIsValidatedRequiredOnResolveWhenTheServiceAsksAndFillsMyWeek(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      long serviceId = t.hush().services().create("payments", "", t.team(), null, true).id();
      String key = t.hush().services().createKey(serviceId, "k").secret();
      long id = open(t, key, "p1", "Payment provider timeouts");
      t.apiJson("POST", "/api/v1/incidents/" + id + "/ack", null);

      HttpResponse<String> refused = t.api("POST", "/api/v1/incidents/" + id + "/resolve", null);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(Json.parse(refused.body()).path("field").asText()).isEqualTo("log");

      JsonNode week = t.apiJson("GET", "/api/v1/me/week", null);
      assertThat(week.path("gaps").asInt()).isEqualTo(1);

      HttpResponse<String> badAction = t.api("PUT", "/api/v1/incidents/" + id + "/log",
          "{\"action\":\"prayed\",\"verdict\":\"noisy\"}");
      assertThat(Json.parse(badAction.body()).path("field").asText()).isEqualTo("action");
      HttpResponse<String> badVerdict = t.api("PUT", "/api/v1/incidents/" + id + "/log",
          "{\"action\":\"restarted\",\"verdict\":\"meh\"}");
      assertThat(Json.parse(badVerdict.body()).path("field").asText()).isEqualTo("verdict");

      JsonNode entry = t.apiJson("PUT", "/api/v1/incidents/" + id + "/log",
          "{\"action\":\"restarted\",\"verdict\":\"false positive\",\"note\":\"provider blip; restarted the worker\"}");
      assertThat(entry.path("verdict").asText()).isEqualTo("false positive");
      assertThat(t.apiJson("POST", "/api/v1/incidents/" + id + "/resolve", null).path("status").asText()).isEqualTo("resolved");

      week = t.apiJson("GET", "/api/v1/me/week", null);
      assertThat(week.path("gaps").asInt()).isZero();
      assertThat(week.path("handled").get(0).path("log").path("note").asText()).isEqualTo("provider blip; restarted the worker");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void teamsCanExtendTheWhatIDidChoices(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      assertThat(t.apiJson("GET", "/api/v1/log-actions", null).toString())
          .contains("restarted", "fixed bug", "rolled back", "tuned alert", "no action", "other");
      t.apiJson("POST", "/api/v1/log-actions", "{\"name\":\"scaled up\"}");
      long id = open(t, t.serviceWithKey("api"), "x", "Load");
      assertThat(t.api("PUT", "/api/v1/incidents/" + id + "/log", "{\"action\":\"scaled up\",\"verdict\":\"actionable\"}").statusCode())
          .isEqualTo(200);
      assertThat(t.api("POST", "/api/v1/log-actions", "{\"name\":\"scaled up\"}").statusCode()).isEqualTo(409);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theListFiltersByStatusServiceAndTimeAndPages(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String a = t.serviceWithKey("alpha");
      String b = t.serviceWithKey("beta");
      for (int i = 0; i < 5; i++) {
        open(t, a, "a" + i, "alpha " + i);
      }
      long betaId = open(t, b, "b0", "beta 0");
      t.apiJson("POST", "/api/v1/incidents/" + betaId + "/resolve", null);
      long alphaService = t.hush().services().byName("alpha").orElseThrow().id();

      assertThat(t.apiJson("GET", "/api/v1/incidents?status=resolved", null).path("incidents").findValuesAsText("title"))
          .containsExactly("beta 0");
      assertThat(t.apiJson("GET", "/api/v1/incidents?service=" + alphaService, null).path("incidents").size()).isEqualTo(5);
      JsonNode page1 = t.apiJson("GET", "/api/v1/incidents?status=triggered&limit=3", null);
      assertThat(page1.path("incidents").findValuesAsText("title")).containsExactly("alpha 4", "alpha 3", "alpha 2");
      JsonNode page2 = t.apiJson("GET", "/api/v1/incidents?status=triggered&limit=3&before_id=" + page1.path("next_before_id").asLong(), null);
      assertThat(page2.path("incidents").findValuesAsText("title")).containsExactly("alpha 1", "alpha 0");
      assertThat(t.apiJson("GET", "/api/v1/incidents?since=2099-01-01", null).path("incidents").size()).isZero();
      assertThat(t.apiJson("GET", "/api/v1/incidents?until=2000-01-01T00:00:00Z", null).path("incidents").size()).isZero();
      assertThat(Json.parse(t.api("GET", "/api/v1/incidents?status=sleeping", null).body()).path("field").asText()).isEqualTo("status");
      assertThat(Json.parse(t.api("GET", "/api/v1/incidents?since=soon", null).body()).path("field").asText()).isEqualTo("since");
    }
  }
}
