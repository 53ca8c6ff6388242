package dev.hush.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.core.Redaction;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Only a key's SHA-256 (and its first characters) is stored: never the key, however it came in. */
class KeyRedactionTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void noStoredEventHoldsTheKeyItCameWith(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("checkout");
      String url = "http://hush/api/v1/integrations/alertmanager/" + key;
      // PagerDuty: the key is the routing_key, here also written with an escape, and echoed in the details.
      String pd = PagerDutyIngestTest.trigger(key, "disk", "Disk full").replace("\"2%\"", "\"2%\",\"webhook\":\"" + url + "\"");
      assertThat(t.postJson("/v2/enqueue", pd).statusCode()).isEqualTo(202);
      String escaped = "\\u00" + Integer.toHexString(key.charAt(0)) + key.substring(1);
      assertThat(t.postJson("/v2/enqueue", PagerDutyIngestTest.action(escaped, "acknowledge", "disk")).statusCode()).isEqualTo(202);
      assertThat(t.postJson("/v2/change/enqueue", "{\"routing_key\":\"" + key + "\",\"payload\":{\"summary\":\"deploy " + key
          + "\",\"source\":\"ci\"}}").statusCode()).isEqualTo(202);
      // Alertmanager: the key is in the path; a sender may still echo it.
      String am = AlertmanagerWebhookTest.envelope("firing", "g", AlertmanagerWebhookTest.alert("firing", "Hook", "am-1", "f1")
          .replace("\"http://prometheus/graph\"", "\"" + url + "\""));
      assertThat(t.postJson("/api/v1/integrations/alertmanager/" + key, am).statusCode()).isEqualTo(200);
      // Generic: in the query, the path or the Authorization header; the summary names it too.
      assertThat(t.post("/api/v2/generic/incoming?token=" + key, "application/x-www-form-urlencoded",
          "summary=token%3D" + key + "&details=d").statusCode()).isEqualTo(200);
      assertThat(t.postJson("/api/v2/generic/incoming/" + key, "{\"summary\":\"path\",\"details\":\"" + url + "\"}").statusCode())
          .isEqualTo(200);
      assertThat(t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v2/generic/incoming"))
          .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"bearer\",\"dedup\":\"b-" + key + "\"}"))).statusCode()).isEqualTo(200);

      assertThat(t.count("SELECT COUNT(*) FROM alert_events WHERE body LIKE :v OR dedup_key LIKE :v", "%" + key + "%")).isZero();
      assertThat(t.count("SELECT COUNT(*) FROM change_events WHERE body LIKE :v OR summary LIKE :v", "%" + key + "%")).isZero();
      assertThat(t.count("SELECT COUNT(*) FROM incidents WHERE title LIKE :v OR source LIKE :v OR dedup_key LIKE :v",
          "%" + key + "%")).isZero();
      assertThat(t.count("SELECT COUNT(*) FROM alert_events WHERE body LIKE :v", "%" + Redaction.MARK + "%")).isEqualTo(6);
      assertThat(t.count("SELECT COUNT(*) FROM alert_events", null)).isEqualTo(6);

      long incident = t.incidents().stream().filter(i -> i.dedupKey().equals("disk")).findFirst().orElseThrow().id();
      JsonNode events = t.apiJson("GET", "/api/v1/incidents/" + incident + "/events", null);
      assertThat(events.size()).isEqualTo(2);
      for (JsonNode e : events) {
        JsonNode body = Json.parse(e.path("body").asText());
        assertThat(body.path("routing_key").asText()).isEqualTo(Redaction.MARK);
      }
      JsonNode first = Json.parse(events.get(0).path("body").asText());
      assertThat(first.path("payload").path("custom_details").path("webhook").asText())
          .isEqualTo("http://hush/api/v1/integrations/alertmanager/" + Redaction.MARK);
      assertThat(first.path("payload").path("custom_details").path("free").asText()).as("the rest is kept as it was").isEqualTo("2%");
      assertThat(t.text("SELECT body FROM change_events WHERE source = :v", "ci")).contains("deploy " + Redaction.MARK);
      assertThat(t.incidents()).extracting(i -> i.title()).contains("token=" + Redaction.MARK);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aShortRoutingKeyFromInsideHushIsRedactedWithoutManglingTheText(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("checkout");
      var route = t.hush().services().resolve(key).route().orElseThrow();
      t.hush().ingest().pagerDuty(route, Json.parse("{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"dedup_key\":\"kk\","
          + "\"payload\":{\"summary\":\"kernel panic\",\"source\":\"k8s\",\"severity\":\"critical\"}}"));
      String body = t.text("SELECT body FROM alert_events WHERE dedup_key = :v", "kk");
      assertThat(Json.parse(body).path("routing_key").asText()).isEqualTo(Redaction.MARK);
      assertThat(body).contains("kernel panic", "k8s");
      assertThat(List.of(t.incidents().get(0).title())).containsExactly("kernel panic");
    }
  }
}
