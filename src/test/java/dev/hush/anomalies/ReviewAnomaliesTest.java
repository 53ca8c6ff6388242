package dev.hush.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.actions.OriginKind;
import dev.hush.oncall.ShiftKind;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The review's dashboards through the API: flagged findings per service, and the team's one-click answers. */
public class ReviewAnomaliesTest {
  static final long STEP = 5 * 60_000L;
  static final long MONDAY = Instant.parse("2026-10-05T00:00:00Z").toEpochMilli();

  public static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  /**
   * A weekly Monday 09:00 UTC rotation from 26 Oct and a service "checkout" with six weeks of
   * requests from 5 Oct: a drop to a sixth on Wed 4 Nov 14:05-14:40 and on Wed 11 Nov at the same
   * time, and a burst on Thu 5 Nov 11:00-11:10. Also a quiet service "search" with no metrics.
   */
  public static long seed(TestHush t) {
    var oncall = t.hush().oncall();
    var rotation = oncall.createRotation(t.team(), "weekly", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
        LocalDate.parse("2026-10-26"), List.of(t.admin().id()));
    var schedule = oncall.createSchedule(t.team(), "primary");
    oncall.addLayer(schedule.id(), rotation.id(), 1, null);
    t.serviceWithKey("search");
    t.serviceWithKey("checkout");
    long service = t.hush().services().byName("checkout").orElseThrow().id();
    Random rnd = new Random(42);
    TreeMap<Long, Double> samples = new TreeMap<>();
    long drop1 = at("2026-11-04T14:05:00Z");
    long drop2 = at("2026-11-11T14:05:00Z");
    long burst = at("2026-11-05T11:00:00Z");
    for (int i = 0; i < 6 * Synthetic.WEEK; i++) {
      long time = MONDAY + i * STEP;
      double m = 1200 * Synthetic.seasonal(i);
      double v = Math.max(0, Math.round(m + rnd.nextGaussian() * (Math.sqrt(m) + 0.03 * m)));
      if (time >= drop1 && time < drop1 + 35 * 60_000L || time >= drop2 && time < drop2 + 35 * 60_000L) {
        v = Math.round(v / 6);
      }
      if (time >= burst && time < burst + 10 * 60_000L) {
        v = v * 3;
      }
      samples.put(time, v);
    }
    t.hush().anomalies().metrics().importSamples(service, Map.of("requests", samples), null);
    return service;
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theDashboardsFlagTheDropAndTheTeamAnswersEachFindingOnce(StoreKind store) {
    ManualClock clock = new ManualClock(at("2026-11-04T14:12:00Z"));
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      long service = seed(t);
      String key = t.hush().services().byName("checkout").map(s -> s).orElseThrow().name();
      assertThat(key).isEqualTo("checkout");
      clock.set(at("2026-11-10T10:00:00Z"));
      long review = t.apiJson("POST", "/api/v1/teams/" + t.team() + "/reviews", null).path("id").asLong();

      JsonNode boards = t.apiJson("GET", "/api/v1/reviews/" + review + "/anomalies", null);
      assertThat(boards.get(0).path("name").asText()).isEqualTo("checkout");
      JsonNode findings = boards.get(0).path("findings");
      assertThat(findings.size()).isBetween(2, 5);
      JsonNode drop = findings.get(0);
      assertThat(drop.path("series").asText()).isEqualTo("requests");
      assertThat(drop.path("explanation").asText()).matches("requests −8\\d % Wed 14:05–14:40 vs the same time in the previous 4 weeks");
      assertThat(findings.findValuesAsText("explanation")).anyMatch(e -> e.startsWith("requests +") && e.contains("Thu 11:00–11:10"));
      // Hush's own series and the imported one are charted, the flagged window as a second line.
      JsonNode charts = boards.get(0).path("charts");
      assertThat(charts.findValuesAsText("title")).contains("alerts", "pages", "incidents", "requests");
      JsonNode requests = charts.get(3);
      assertThat(requests.path("x").size()).isEqualTo(Synthetic.WEEK);
      assertThat(requests.path("series").get(1).path("label").asText()).isEqualTo("flagged");
      assertThat(requests.path("marks").size()).isEqualTo(findings.size());
      // The quiet service comes last, with nothing flagged.
      assertThat(boards.get(1).path("name").asText()).isEqualTo("search");
      assertThat(boards.get(1).path("findings").size()).isZero();
      // Read again: the same findings, kept with the review.
      assertThat(t.apiJson("GET", "/api/v1/reviews/" + review + "/anomalies", null).get(0).path("findings")).isEqualTo(findings);

      String base = "/api/v1/reviews/" + review + "/anomalies/";
      JsonNode expected = t.apiJson("POST", base + drop.path("id").asLong() + "/response", "{\"response\":\"expected\",\"note\":\"load test\"}");
      assertThat(expected.path("response").asText()).isEqualTo("expected");
      assertThat(expected.path("note").asText()).isEqualTo("load test");
      assertThat(t.api("POST", base + drop.path("id").asLong() + "/response", "{\"response\":\"investigate\"}").statusCode()).isEqualTo(409);

      long burstId = findings.get(1).path("id").asLong();
      JsonNode investigated = t.apiJson("POST", base + burstId + "/response", "{\"response\":\"investigate\"}");
      long item = investigated.path("action_item_id").asLong();
      var actionItem = t.hush().actions().byId(item).orElseThrow();
      assertThat(actionItem.title()).startsWith("Investigate: requests +");
      assertThat(actionItem.originKind()).isEqualTo(OriginKind.FINDING);
      assertThat(t.hush().reviews().agenda(review).actions().created()).extracting(i -> i.id()).contains(item);

      if (findings.size() > 2) {
        JsonNode logged = t.apiJson("POST", base + findings.get(2).path("id").asLong() + "/response", "{\"response\":\"log-that\"}");
        assertThat(t.hush().actions().byId(logged.path("action_item_id").asLong()).orElseThrow().title()).startsWith("Log: ");
      }
      assertThat(t.api("POST", base + "999999/response", "{\"response\":\"expected\"}").statusCode()).isEqualTo(404);
      assertThat(t.api("POST", base + burstId + "/response", "{\"response\":\"maybe\"}").statusCode()).isEqualTo(400);

      // Next week the same drop comes back: the team called it expected, so it ranks at half.
      clock.set(at("2026-11-17T10:00:00Z"));
      long next = t.apiJson("POST", "/api/v1/teams/" + t.team() + "/reviews", null).path("id").asLong();
      JsonNode again = t.apiJson("GET", "/api/v1/reviews/" + next + "/anomalies", null).get(0).path("findings");
      assertThat(again.get(0).path("explanation").asText()).contains("Wed 14:05–14:40");
      double rankNow = t.hush().db().withHandle(h -> h.createQuery("SELECT rank_score FROM anomaly_findings WHERE id = :id")
          .bind("id", again.get(0).path("id").asLong()).mapTo(Double.class).one());
      double rankThen = t.hush().db().withHandle(h -> h.createQuery("SELECT rank_score FROM anomaly_findings WHERE id = :id")
          .bind("id", drop.path("id").asLong()).mapTo(Double.class).one());
      assertThat(rankNow).isCloseTo(rankThen / 2, org.assertj.core.data.Offset.offset(0.05));
      assertThat(service).isPositive();
    }
  }
}
