package dev.hush.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServiceApiTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aKeyIsShownOnceStoredHashedAndRoutesEventsUntilRevoked(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      JsonNode service = t.apiJson("POST", "/api/v1/services",
          "{\"name\":\"checkout-api\",\"description\":\"the shop\",\"am_grouping\":\"group\",\"require_log_on_resolve\":true}");
      assertThat(service.path("am_grouping").asText()).isEqualTo("group");
      long id = service.path("id").asLong();
      JsonNode key = t.apiJson("POST", "/api/v1/services/" + id + "/keys", "{\"name\":\"prometheus\"}");
      String secret = key.path("key").asText();
      assertThat(secret).hasSize(32);
      assertThat(key.path("alertmanager_url").asText()).endsWith("/api/v1/integrations/alertmanager/" + secret);

      JsonNode listed = t.apiJson("GET", "/api/v1/services/" + id + "/keys", null);
      assertThat(listed.toString()).doesNotContain(secret).contains(secret.substring(0, 6));
      assertThat(t.count("SELECT COUNT(*) FROM integration_keys WHERE key_hash = :v OR prefix = :v", secret)).isZero();

      String event = "{\"routing_key\":\"" + secret + "\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"x\",\"severity\":\"info\"}}";
      assertThat(t.postJson("/v2/enqueue", event).statusCode()).isEqualTo(202);
      t.api("DELETE", "/api/v1/services/" + id + "/keys/" + key.path("id").asLong(), null);
      assertThat(t.postJson("/v2/enqueue", event).statusCode()).isEqualTo(401);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void badServiceRequestsNameTheField(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      assertThat(field(t, "{\"name\":\"\"}")).isEqualTo("name");
      assertThat(field(t, "{\"name\":\"ok\",\"am_grouping\":\"sometimes\"}")).isEqualTo("am_grouping");
      assertThat(field(t, "{\"name\":\"ok\",\"require_log_on_resolve\":\"yes\"}")).isEqualTo("require_log_on_resolve");
      assertThat(field(t, "{\"name\":42}")).isEqualTo("name");
      assertThat(field(t, "not json")).isEqualTo("body");
      assertThat(field(t, "{\"name\":\"ok\",\"description\":\"nul\\u0000here\"}")).as("PostgreSQL cannot store NUL").isEqualTo("body");
      t.apiJson("POST", "/api/v1/services", "{\"name\":\"dup\"}");
      assertThat(t.api("POST", "/api/v1/services", "{\"name\":\"dup\"}").statusCode()).isEqualTo(409);
      assertThat(t.api("GET", "/api/v1/services/abc", null).statusCode()).isEqualTo(400);
      assertThat(t.api("GET", "/api/v1/services/777", null).statusCode()).isEqualTo(404);
    }
  }

  private static String field(TestHush t, String body) {
    var r = t.api("POST", "/api/v1/services", body);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    return Json.parse(r.body()).path("field").asText();
  }
}
