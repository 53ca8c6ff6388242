package dev.hush.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.oncall.ShiftKind;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The review's dashboards read from a real Prometheus: the team's source, the services' queries, and the seeded anomalies flagged. */
class PrometheusSourceTest {
  private static RealPrometheus prometheus;

  @BeforeAll
  static void startPrometheus() throws Exception {
    prometheus = RealPrometheus.ofHistory();
  }

  /** A weekly rotation and the two services of {@link PrometheusHistory}; the clock on Tue 10 Nov, so the review is of 2–9 Nov. */
  static void seed(TestHush t, ManualClock clock) {
    var oncall = t.hush().oncall();
    var rotation = oncall.createRotation(t.team(), "weekly", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
        LocalDate.parse("2026-10-26"), List.of(t.admin().id()));
    var schedule = oncall.createSchedule(t.team(), "primary");
    oncall.addLayer(schedule.id(), rotation.id(), 1, null);
    t.serviceWithKey("checkout");
    t.serviceWithKey("search");
    clock.set(PrometheusHistory.at("2026-11-10T10:00:00Z"));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theDashboardsShowTheSeededDropAndErrorSpikeFromPrometheus(StoreKind store) {
    ManualClock clock = new ManualClock(PrometheusHistory.at("2026-11-01T10:00:00Z"));
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      seed(t, clock);
      JsonNode source = t.apiJson("PUT", "/api/v1/teams/" + t.team() + "/prometheus",
          "{\"base_url\":\"" + prometheus.baseUrl() + "/\",\"bearer_token\":\"s3cret-token\"}");
      assertThat(source.path("base_url").asText()).isEqualTo(prometheus.baseUrl());
      assertThat(source.path("auth").asText()).isEqualTo("bearer");
      assertThat(source.toString()).doesNotContain("s3cret-token");
      String stored = t.hush().db().withHandle(h -> h.createQuery("SELECT secret FROM prometheus_sources").mapTo(String.class).one());
      assertThat(stored).startsWith("hs1:").doesNotContain("s3cret-token");
      String storedUrl = t.hush().db().withHandle(h -> h.createQuery("SELECT base_url FROM prometheus_sources").mapTo(String.class).one());
      assertThat(storedUrl).as("the URL is sealed at rest too").startsWith("hs1:").doesNotContain("127.0.0.1");
      assertThat(t.apiJson("GET", "/api/v1/teams/" + t.team() + "/prometheus", null).toString()).doesNotContain("s3cret-token");

      long review = t.apiJson("POST", "/api/v1/teams/" + t.team() + "/reviews", null).path("id").asLong();
      JsonNode boards = t.apiJson("GET", "/api/v1/reviews/" + review + "/anomalies", null);
      JsonNode checkout = board(boards, "checkout");
      JsonNode search = board(boards, "search");
      assertThat(checkout.path("source_error").isNull()).isTrue();
      assertThat(checkout.path("charts").findValuesAsText("title")).contains("request_rate", "error_ratio");
      JsonNode requestRate = StreamSupport.stream(checkout.path("charts").spliterator(), false)
          .filter(c -> c.path("title").asText().equals("request_rate")).findFirst().orElseThrow();
      assertThat(requestRate.path("x").size()).as("a week at five-minute steps").isEqualTo(7 * 24 * 12);

      // The drop on Wed 14:05–14:40 is flagged on checkout's request rate (rate()[5m] smooths its edges by a few minutes).
      JsonNode drop = flagged(checkout, "request_rate");
      assertThat(drop.path("from_ms").asLong()).isBetween(PrometheusHistory.CHECKOUT_DROP - 5 * 60_000L, PrometheusHistory.CHECKOUT_DROP + 10 * 60_000L);
      assertThat(drop.path("to_ms").asLong()).isBetween(PrometheusHistory.CHECKOUT_DROP + 30 * 60_000L, PrometheusHistory.CHECKOUT_DROP + 50 * 60_000L);
      assertThat(drop.path("explanation").asText()).startsWith("request_rate −").contains("Wed 14:");
      // The errors of Thu 11:00–11:30 are flagged on search's error ratio, and on no other service.
      JsonNode errors = flagged(search, "error_ratio");
      assertThat(errors.path("from_ms").asLong()).isBetween(PrometheusHistory.SEARCH_ERRORS - 5 * 60_000L, PrometheusHistory.SEARCH_ERRORS + 10 * 60_000L);
      assertThat(errors.path("explanation").asText()).startsWith("error_ratio +").contains("Thu 11:");
      assertThat(checkout.path("findings").findValuesAsText("series")).doesNotContain("error_ratio");

      // A service's own queries replace the defaults.
      long searchId = t.hush().services().byName("search").orElseThrow().id();
      JsonNode queries = t.apiJson("PUT", "/api/v1/services/" + searchId + "/prometheus-queries",
          "{\"queries\":[{\"name\":\"failures\",\"promql\":\"sum(rate(http_requests_total{service=\\\"$service\\\",code=\\\"500\\\"}[5m]))\"}]}");
      assertThat(queries.path("defaults").asBoolean()).isFalse();
      assertThat(queries.path("queries").findValuesAsText("name")).containsExactly("failures");
      HttpResponse<String> badName = t.api("PUT", "/api/v1/services/" + searchId + "/prometheus-queries",
          "{\"queries\":[{\"name\":\"has space\",\"promql\":\"up\"}]}");
      assertThat(badName.statusCode()).isEqualTo(400);
      assertThat(Json.parse(badName.body()).path("detail").asText()).contains("name");
      assertThat(t.apiJson("GET", "/api/v1/services/" + searchId + "/prometheus-queries", null).path("queries").get(0).path("promql").asText())
          .contains("$service");
      clock.set(PrometheusHistory.at("2026-11-03T10:00:00Z"));
      long earlier = t.apiJson("POST", "/api/v1/teams/" + t.team() + "/reviews", null).path("id").asLong();
      JsonNode searchCharts = board(t.apiJson("GET", "/api/v1/reviews/" + earlier + "/anomalies", null), "search").path("charts");
      assertThat(searchCharts.findValuesAsText("title")).contains("failures").doesNotContain("error_ratio");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anUnreachableSourceIsSaidInTheDashboardsNotAnError(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(PrometheusHistory.at("2026-11-01T10:00:00Z"));
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      seed(t, clock);
      int closed;
      try (ServerSocket s = new ServerSocket(0)) {
        closed = s.getLocalPort();
      }
      t.apiJson("PUT", "/api/v1/teams/" + t.team() + "/prometheus",
          "{\"base_url\":\"http://127.0.0.1:" + closed + "\",\"auth\":\"basic\",\"username\":\"hush\",\"password\":\"pw\"}");
      long review = t.apiJson("POST", "/api/v1/teams/" + t.team() + "/reviews", null).path("id").asLong();
      JsonNode boards = t.apiJson("GET", "/api/v1/reviews/" + review + "/anomalies", null);
      assertThat(board(boards, "checkout").path("source_error").asText()).startsWith("Prometheus unreachable: connection refused");
      HttpResponse<String> page = t.api("GET", "/reviews/" + review, null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("Prometheus unreachable: connection refused");

      // Once the server answers, the week is scanned with its series.
      t.apiJson("PUT", "/api/v1/teams/" + t.team() + "/prometheus", "{\"base_url\":\"" + prometheus.baseUrl() + "\",\"auth\":\"none\"}");
      JsonNode again = board(t.apiJson("GET", "/api/v1/reviews/" + review + "/anomalies", null), "checkout");
      assertThat(again.path("source_error").isNull()).isTrue();
      assertThat(again.path("findings").findValuesAsText("series")).contains("request_rate");

      HttpResponse<String> noUrl = t.api("PUT", "/api/v1/teams/" + t.team() + "/prometheus", "{\"base_url\":\"ftp://x\"}");
      assertThat(noUrl.statusCode()).isEqualTo(400);
      assertThat(Json.parse(noUrl.body()).path("field").asText()).isEqualTo("base_url");
    }
  }

  private static JsonNode board(JsonNode boards, String service) {
    return StreamSupport.stream(boards.spliterator(), false).filter(b -> b.path("name").asText().equals(service)).findFirst().orElseThrow();
  }

  private static JsonNode flagged(JsonNode board, String series) {
    return StreamSupport.stream(board.path("findings").spliterator(), false).filter(f -> f.path("series").asText().equals(series)).findFirst()
        .orElseThrow(() -> new AssertionError("nothing flagged on " + series + ": " + board.path("findings")));
  }
}
