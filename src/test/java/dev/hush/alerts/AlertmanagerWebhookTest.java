package dev.hush.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentStatus;
import dev.hush.services.AlertmanagerGrouping;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AlertmanagerWebhookTest {

  static String alert(String status, String name, String instance, String fingerprint) {
    return """
        {"status":"%s","labels":{"alertname":"%s","instance":"%s","severity":"warning"},
         "annotations":{"summary":"%s on %s"},"startsAt":"2026-11-24T08:00:00Z","endsAt":"0001-01-01T00:00:00Z",
         "generatorURL":"http://prometheus/graph"%s}""".formatted(status, name, instance, name, instance,
        fingerprint == null ? "" : ",\"fingerprint\":\"" + fingerprint + "\"");
  }

  static String envelope(String status, String groupKey, String... alerts) {
    return """
        {"version":"4","groupKey":%s,"truncatedAlerts":0,"status":"%s","receiver":"hush","groupLabels":{},
         "commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[%s]}"""
        .formatted(Json.write(groupKey), status, String.join(",", alerts));
  }


  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void everyAlertIsItsOwnIncidentDeduplicatedByFingerprintAndResolvedByStatus(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("api");
      String path = "/api/v1/integrations/alertmanager/" + key;
      HttpResponse<String> r = t.postJson(path, envelope("firing", "{}:{job=\"api\"}",
          alert("firing", "HighLatency", "api-1", "aaaa1111"), alert("firing", "HighLatency", "api-2", null)));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Json.parse(r.body()).path("incidents_opened").asInt()).isEqualTo(2);
      // Alertmanager re-sends the group every group_interval: repeats fold in.
      t.postJson(path, envelope("firing", "{}:{job=\"api\"}",
          alert("firing", "HighLatency", "api-1", "aaaa1111"), alert("firing", "HighLatency", "api-2", null)));
      List<Incident> open = t.incidents();
      assertThat(open).hasSize(2).allSatisfy(i -> assertThat(i.triggerCount()).isEqualTo(2));
      assertThat(open).extracting(Incident::title).containsExactlyInAnyOrder("HighLatency on api-1", "HighLatency on api-2");
      assertThat(open).extracting(Incident::severity).containsOnly("warning");

      t.postJson(path, envelope("firing", "{}:{job=\"api\"}",
          alert("resolved", "HighLatency", "api-1", "aaaa1111"), alert("firing", "HighLatency", "api-2", null)));
      assertThat(t.incidents()).filteredOn(i -> i.title().endsWith("api-1")).singleElement()
          .satisfies(i -> assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED));
      assertThat(t.incidents()).filteredOn(i -> i.title().endsWith("api-2")).singleElement()
          .satisfies(i -> assertThat(i.status()).isEqualTo(IncidentStatus.TRIGGERED));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aServiceCanAskForOneIncidentPerAlertmanagerGroup(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      long id = t.hush().services().create("db", "", t.team(), AlertmanagerGrouping.GROUP, false).id();
      String key = t.hush().services().createKey(id, "am").secret();
      String path = "/api/v1/integrations/alertmanager/" + key;
      t.postJson(path, envelope("firing", "{}:{cluster=\"a\"}", alert("firing", "Lag", "db-1", "f1"), alert("firing", "Lag", "db-2", "f2")));
      t.postJson(path, envelope("firing", "{}:{cluster=\"a\"}", alert("firing", "Lag", "db-1", "f1"), alert("firing", "Lag", "db-3", "f3")));
      t.postJson(path, envelope("firing", "{}:{cluster=\"b\"}", alert("firing", "Lag", "db-9", "f9")));
      List<Incident> incidents = t.incidents();
      assertThat(incidents).hasSize(2);
      Incident groupA = incidents.stream().filter(i -> i.dedupKey().equals("{}:{cluster=\"a\"}")).findFirst().orElseThrow();
      assertThat(groupA.triggerCount()).isEqualTo(2);
      assertThat(groupA.title()).isEqualTo("Lag on db-1 (+1 more)");
      t.postJson(path, envelope("resolved", "{}:{cluster=\"a\"}", alert("resolved", "Lag", "db-1", "f1")));
      assertThat(t.hush().incidents().require(groupA.id()).status()).isEqualTo(IncidentStatus.RESOLVED);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void malformedEnvelopesAreRefusedWholeWithTheFieldNamed(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("api");
      String path = "/api/v1/integrations/alertmanager/" + key;
      String good = alert("firing", "A", "i", "f");
      assertField(t, path, envelope("firing", "g", good, "{\"status\":\"firing\"}"), "alerts[1].labels");
      assertField(t, path, envelope("firing", "g", good.replace("\"firing\"", "\"burning\"")), "alerts[0].status");
      assertField(t, path, envelope("firing", "g", good.replace("\"api\"", "1").replace("\"i\"", "7")), "alerts[0].labels.instance");
      assertField(t, path, "{\"version\":\"4\"}", "alerts");
      assertField(t, path, "{\"version\":\"3\",\"alerts\":[]}", "version");
      assertField(t, path, "{\"alerts\":[" + good + "]", "body");
      assertThat(t.incidents()).as("a bad request stores nothing, not even its good alerts").isEmpty();
      assertThat(t.postJson("/api/v1/integrations/alertmanager/not-a-key-at-all", envelope("firing", "g", good)).statusCode()).isEqualTo(404);
    }
  }

  private static void assertField(TestHush t, String path, String body, String field) {
    HttpResponse<String> r = t.postJson(path, body);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    assertThat(Json.parse(r.body()).path("field").asText()).as(body).isEqualTo(field);
    assertThat(Json.parse(r.body()).path("detail").asText()).isNotBlank();
  }
}
