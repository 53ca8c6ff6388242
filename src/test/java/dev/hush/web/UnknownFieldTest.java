package dev.hush.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The management API refuses a field it does not take, naming it, instead of acting on the rest;
 * the ingest endpoints keep taking the extra fields real monitors send.
 */
class UnknownFieldTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aMisspeltFieldIsRefusedByNameAndNothingIsCreated(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      long ana = t.admin().id();
      HttpResponse<String> r = t.api("POST", "/api/v1/rotations",
          "{\"name\":\"primary\",\"zone\":\"UTC\",\"start\":\"2027-01-04\",\"user_ids\":[" + ana + "]}");
      JsonNode error = refused(r, "start");
      assertThat(error.path("detail").asText()).contains("unknown field 'start'").contains("did you mean 'start_date'");
      assertThat(t.apiJson("GET", "/api/v1/rotations", null)).as("no rotation started today instead").isEmpty();

      refused(t.api("POST", "/api/v1/services", "{\"name\":\"checkout\",\"descripton\":\"the shop\"}"), "descripton");
      refused(t.api("PUT", "/api/v1/teams/" + t.team() + "/review-settings", "{\"meeting_delay\":30}"), "meeting_delay");
      assertThat(t.apiJson("GET", "/api/v1/services", null)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aNestedUnknownFieldIsNamedByItsPath(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      HttpResponse<String> r = t.api("POST", "/api/v1/escalation-policies",
          "{\"name\":\"p\",\"steps\":[{\"targets\":[{\"target\":\"user\",\"target_id\":1}]},"
              + "{\"targets\":[{\"target\":\"user\",\"target_id\":1,\"delay\":5}]}]}");
      refused(r, "steps[1].targets[0].delay");
      long service = t.apiJson("POST", "/api/v1/services", "{\"name\":\"s\"}").path("id").asLong();
      refused(t.api("PUT", "/api/v1/services/" + service + "/prometheus-queries",
          "{\"queries\":[{\"name\":\"errors\",\"query\":\"up\"}]}"), "queries[0].query");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aFieldThatWouldBeIgnoredForTheRotationsKindIsRefused(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      long ana = t.admin().id();
      JsonNode length = refused(t.api("POST", "/api/v1/rotations",
          "{\"name\":\"d\",\"zone\":\"UTC\",\"kind\":\"daily\",\"length\":3,\"user_ids\":[" + ana + "]}"), "length");
      assertThat(length.path("detail").asText()).contains("'days'");
      refused(t.api("POST", "/api/v1/rotations",
          "{\"name\":\"d\",\"zone\":\"UTC\",\"kind\":\"daily\",\"handoff_day\":\"friday\",\"user_ids\":[" + ana + "]}"), "handoff_day");
      assertThat(t.apiJson("GET", "/api/v1/rotations", null)).isEmpty();

      JsonNode days = t.apiJson("POST", "/api/v1/rotations",
          "{\"name\":\"three-day\",\"zone\":\"UTC\",\"kind\":\"days\",\"length\":3,\"user_ids\":[" + ana + "]}");
      assertThat(days.path("length").asInt()).isEqualTo(3);
      JsonNode weekly = t.apiJson("POST", "/api/v1/rotations",
          "{\"name\":\"weekly\",\"zone\":\"UTC\",\"kind\":\"weekly\",\"handoff_day\":\"friday\",\"user_ids\":[" + ana + "]}");
      assertThat(weekly.path("handoff_day").asText()).isEqualToIgnoringCase("friday");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void ingestKeepsTakingTheFieldsMonitorsSend(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("checkout");
      // PagerDuty's documented optional fields, and one a future sender might add.
      String pagerDuty = "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"disk\","
          + "\"client\":\"Grafana\",\"client_url\":\"https://grafana.example/d/1\",\"images\":[],\"links\":[],\"x_sent_by\":\"relay\","
          + "\"payload\":{\"summary\":\"Disk full\",\"source\":\"db-1\",\"severity\":\"critical\",\"timestamp\":\"2026-11-30T09:00:00Z\","
          + "\"component\":\"postgres\",\"group\":\"prod\",\"class\":\"disk\",\"custom_details\":{\"free\":\"1%\"}}}";
      assertThat(t.postJson("/v2/enqueue", pagerDuty).statusCode()).isEqualTo(202);

      // Alertmanager's webhook carries far more than Hush reads.
      String alertmanager = """
          {"version":"4","groupKey":"{}:{alertname=\\"Down\\"}","truncatedAlerts":0,"status":"firing","receiver":"hush",
           "groupLabels":{"alertname":"Down"},"commonLabels":{"alertname":"Down"},"commonAnnotations":{},
           "externalURL":"http://alertmanager:9093","alerts":[{"status":"firing","labels":{"alertname":"Down","instance":"a"},
           "annotations":{"summary":"a is down"},"startsAt":"2026-11-30T09:00:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prometheus:9090/graph","fingerprint":"abc123"}]}""";
      assertThat(t.postJson("/api/v1/integrations/alertmanager/" + key, alertmanager).statusCode()).isEqualTo(200);

      assertThat(t.postJson("/api/v2/generic/incoming?token=" + key,
          "{\"summary\":\"Queue stuck\",\"dedup_key\":\"q\",\"origin\":\"cron\",\"anything\":{\"else\":1}}").statusCode())
          .isBetween(200, 299);
      assertThat(t.incidents()).hasSize(3);
    }
  }

  private static JsonNode refused(HttpResponse<String> r, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode body = Json.parse(r.body());
    assertThat(body.path("error").asText()).isEqualTo("invalid_request");
    assertThat(body.path("field").asText()).isEqualTo(field);
    assertThat(body.path("detail").asText()).isNotBlank();
    return body;
  }
}
