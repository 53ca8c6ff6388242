package dev.hush.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentStatus;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PagerDutyIngestTest {

  static String trigger(String key, String dedup, String summary) {
    return """
        {"routing_key":"%s","event_action":"trigger",%s"payload":{"summary":"%s","source":"db-1","severity":"critical",
         "timestamp":"2026-11-24T08:42:58.315+0000","component":"postgres","group":"prod","class":"disk",
         "custom_details":{"free":"2%%"}},"links":[{"href":"http://runbook/disk","text":"runbook"}],
         "images":[{"src":"http://graph/1.png"}]}""".formatted(key, dedup == null ? "" : "\"dedup_key\":\"" + dedup + "\",", summary);
  }

  static String action(String key, String action, String dedup) {
    return "{\"routing_key\":\"" + key + "\",\"event_action\":\"" + action + "\",\"dedup_key\":\"" + dedup + "\"}";
  }


  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void triggerOpensRepeatFoldsResolveClosesAndRecurrenceOpensANewIncident(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("checkout");
      HttpResponse<String> first = t.postJson("/v2/enqueue", trigger(key, "disk-db-1", "Disk full on db-1"));
      assertThat(first.statusCode()).isEqualTo(202);
      JsonNode body = Json.parse(first.body());
      assertThat(body.path("status").asText()).isEqualTo("success");
      assertThat(body.path("message").asText()).isEqualTo("Event processed");
      assertThat(body.path("dedup_key").asText()).isEqualTo("disk-db-1");

      assertThat(t.postJson("/v2/enqueue", trigger(key, "disk-db-1", "Disk full on db-1")).statusCode()).isEqualTo(202);
      List<Incident> incidents = t.incidents();
      assertThat(incidents).hasSize(1);
      assertThat(incidents.get(0).triggerCount()).isEqualTo(2);
      assertThat(incidents.get(0).title()).isEqualTo("Disk full on db-1");
      assertThat(incidents.get(0).severity()).isEqualTo("critical");

      assertThat(t.postJson("/v2/enqueue", action(key, "acknowledge", "disk-db-1")).statusCode()).isEqualTo(202);
      assertThat(t.incidents().get(0).status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
      assertThat(t.postJson("/v2/enqueue", action(key, "resolve", "disk-db-1")).statusCode()).isEqualTo(202);
      Incident resolved = t.incidents().get(0);
      assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);

      assertThat(t.postJson("/v2/enqueue", trigger(key, "disk-db-1", "Disk full on db-1")).statusCode()).isEqualTo(202);
      List<Incident> after = t.incidents();
      assertThat(after).hasSize(2);
      assertThat(after.get(0).status()).isEqualTo(IncidentStatus.TRIGGERED);
      assertThat(after.get(0).id()).isNotEqualTo(resolved.id());
      assertThat(after.get(0).fingerprint()).isEqualTo(resolved.fingerprint());

      JsonNode raw = t.apiJson("GET", "/api/v1/incidents/" + resolved.id() + "/events", null);
      assertThat(raw.size()).as("every event kept as it arrived").isEqualTo(4);
      assertThat(Json.parse(raw.get(0).path("body").asText()).path("payload").path("custom_details").path("free").asText()).isEqualTo("2%");
      JsonNode detail = t.apiJson("GET", "/api/v1/incidents/" + resolved.id(), null);
      assertThat(detail.path("timeline").toString()).contains("event:trigger", "acknowledged", "resolved", "by the sender (pagerduty)");
      assertThat(detail.path("timeline").get(0).path("count").asInt()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void triggerWithoutDedupKeyGetsAGeneratedKeyAndANewIncidentEachTime(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("checkout");
      String k1 = Json.parse(t.postJson("/v2/enqueue", trigger(key, null, "CPU hot")).body()).path("dedup_key").asText();
      String k2 = Json.parse(t.postJson("/v2/enqueue", trigger(key, null, "CPU hot")).body()).path("dedup_key").asText();
      assertThat(k1).isNotBlank().isNotEqualTo(k2);
      List<Incident> incidents = t.incidents();
      assertThat(incidents).hasSize(2);
      assertThat(incidents.get(0).fingerprint()).as("same alert, so recurrences can be counted").isEqualTo(incidents.get(1).fingerprint());
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void changeEventsAreStoredAndNeverOpenIncidents(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("checkout");
      HttpResponse<String> r = t.postJson("/v2/change/enqueue",
          "{\"routing_key\":\"" + key + "\",\"payload\":{\"summary\":\"deploy v42\",\"source\":\"ci\",\"timestamp\":\"2026-11-24T10:00:00Z\"}}");
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(Json.parse(r.body()).path("status").asText()).isEqualTo("success");
      assertThat(t.incidents()).isEmpty();
      assertThat(t.hush().ingest().changes(null, 0, Long.MAX_VALUE, 10)).singleElement()
          .satisfies(c -> assertThat(c.summary()).isEqualTo("deploy v42"));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void badEventsGetAPagerDutyShaped400NamingTheFieldAndStoreNothing(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("checkout");
      assertInvalid(t, "{\"routing_key\":\"" + key + "\",\"event_action\":\"explode\"}", "event_action");
      assertInvalid(t, "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\"}", "payload");
      assertInvalid(t, "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"payload\":{\"source\":\"a\",\"severity\":\"info\"}}",
          "payload.summary");
      assertInvalid(t, trigger(key, "x", "s").replace("\"critical\"", "\"apocalyptic\""), "payload.severity");
      assertInvalid(t, trigger(key, "x", "s".repeat(1025)), "payload.summary");
      assertInvalid(t, trigger(key, "d".repeat(256), "s"), "dedup_key");
      assertInvalid(t, trigger(key, "x", "s").replace("\"db-1\"", "42"), "payload.source");
      assertInvalid(t, trigger(key, "x", "s").replace("2026-11-24T08:42:58.315+0000", "yesterday"), "payload.timestamp");
      assertInvalid(t, "{\"routing_key\":\"" + key + "\",\"event_action\":\"resolve\"}", "dedup_key");
      assertInvalid(t, trigger(key, "x", "s").replace("2026-11-24T08:42:58.315+0000", "+999999999-12-31T23:59:59Z"), "payload.timestamp");
      assertInvalid(t, trigger(key, "x", "disk\\u0000full"), "payload.summary");
      assertInvalid(t, "{\"event_action\":\"trigger\"}", "routing_key");
      assertInvalid(t, "{\"routing_key\":", "body");
      assertInvalid(t, "[1,2]", "body");

      HttpResponse<String> wrongType = t.post("/v2/enqueue", "text/plain", trigger(key, "x", "s"));
      assertThat(wrongType.statusCode()).isEqualTo(400);
      assertThat(Json.parse(wrongType.body()).path("field").asText()).isEqualTo("Content-Type");

      String huge = trigger(key, "x", "s").replace("\"free\":\"2%\"", "\"blob\":\"" + "x".repeat(520 * 1024) + "\"");
      HttpResponse<String> tooBig = t.postJson("/v2/enqueue", huge);
      assertThat(tooBig.statusCode()).isEqualTo(413);
      assertThat(Json.parse(tooBig.body()).path("error").asText()).isEqualTo("payload_too_large");
      assertThat(t.incidents()).isEmpty();
      assertThat(t.hush().ingest().countEvents()).isZero();
    }
  }

  private static void assertInvalid(TestHush t, String body, String field) {
    HttpResponse<String> r = t.postJson("/v2/enqueue", body);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    JsonNode json = Json.parse(r.body());
    assertThat(json.path("status").asText()).isEqualTo("invalid event");
    assertThat(json.path("errors").isArray()).isTrue();
    assertThat(json.path("error").asText()).isNotBlank();
    assertThat(json.path("detail").asText()).isNotBlank();
    assertThat(json.path("field").asText()).as(body).isEqualTo(field);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void unknownKeysAre404AndRevokedKeys401(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      HttpResponse<String> unknown = t.postJson("/v2/enqueue", trigger("no-such-key-000000000", "x", "s"));
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(Json.parse(unknown.body()).path("field").asText()).isEqualTo("routing_key");

      long serviceId = t.hush().services().create("db", "", t.team(), null, false).id();
      var key = t.hush().services().createKey(serviceId, "old");
      t.hush().services().revokeKey(serviceId, key.key().id());
      HttpResponse<String> revoked = t.postJson("/v2/enqueue", trigger(key.secret(), "x", "s"));
      assertThat(revoked.statusCode()).isEqualTo(401);
      assertThat(Json.parse(revoked.body()).path("error").asText()).isEqualTo("revoked_key");
      assertThat(t.incidents()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aFloodFromOneKeyIsRefusedWith429AndRetryAfterWhileOtherKeysStillWork(StoreKind store) {
    try (TestHush t = TestHush.start(store, 60)) {
      String noisy = t.serviceWithKey("noisy");
      String quiet = t.serviceWithKey("quiet");
      int accepted = 0;
      HttpResponse<String> limited = null;
      for (int i = 0; i < 40 && limited == null; i++) {
        HttpResponse<String> r = t.postJson("/v2/enqueue", trigger(noisy, "k" + i, "s"));
        if (r.statusCode() == 429) {
          limited = r;
        } else {
          assertThat(r.statusCode()).isEqualTo(202);
          accepted++;
        }
      }
      assertThat(limited).as("the burst of 10 is exhausted").isNotNull();
      assertThat(accepted).isBetween(10, 12);
      assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
      assertThat(Json.parse(limited.body()).path("error").asText()).isEqualTo("rate_limited");
      assertThat(t.postJson("/v2/enqueue", trigger(quiet, "q", "s")).statusCode()).isEqualTo(202);
      assertThat(t.incidents()).hasSize(accepted + 1);
    }
  }
}
