package dev.hush.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.incidents.IncidentStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GenericIngestTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void formAndJsonOpenDeduplicateAndCloseLikeGoAlert(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("batch");
      String url = "/api/v2/generic/incoming?token=" + key;
      assertThat(t.post(url, "application/x-www-form-urlencoded", "summary=Nightly+backup+failed&details=exit+2").statusCode())
          .isEqualTo(200);
      assertThat(t.post(url, "application/x-www-form-urlencoded", "summary=Nightly+backup+failed&details=exit+2").statusCode())
          .isEqualTo(200);
      assertThat(t.incidents()).singleElement().satisfies(i -> {
        assertThat(i.title()).isEqualTo("Nightly backup failed");
        assertThat(i.triggerCount()).isEqualTo(2);
      });
      assertThat(t.post(url, "application/x-www-form-urlencoded", "summary=Nightly+backup+failed&details=exit+2&action=close")
          .statusCode()).isEqualTo(200);
      assertThat(t.incidents().get(0).status()).isEqualTo(IncidentStatus.RESOLVED);

      HttpResponse<String> json = t.postJson(url, "{\"summary\":\"Queue stuck\",\"dedup\":\"queue-1\"}");
      assertThat(Json.parse(json.body()).path("dedup").asText()).isEqualTo("queue-1");
      HttpResponse<String> bearer = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v2/generic/incoming"))
          .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"dedup\":\"queue-1\",\"action\":\"close\"}")));
      assertThat(bearer.statusCode()).isEqualTo(200);
      assertThat(t.incidents()).filteredOn(i -> i.dedupKey().equals("queue-1")).singleElement()
          .satisfies(i -> assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void badGenericRequestsAreRefusedWithTheField(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("batch");
      String url = "/api/v2/generic/incoming?token=" + key;
      assertThat(Json.parse(t.postJson(url, "{\"details\":\"no summary\"}").body()).path("field").asText()).isEqualTo("summary");
      assertThat(Json.parse(t.postJson(url, "{\"summary\":\"x\",\"action\":\"explode\"}").body()).path("field").asText()).isEqualTo("action");
      assertThat(Json.parse(t.postJson(url, "{\"summary\":5}").body()).path("field").asText()).isEqualTo("summary");
      assertThat(t.post(url, "text/csv", "a,b").statusCode()).isEqualTo(400);
      assertThat(t.postJson("/api/v2/generic/incoming", "{\"summary\":\"x\"}").statusCode()).isEqualTo(401);
      assertThat(t.incidents()).isEmpty();
    }
  }
}
