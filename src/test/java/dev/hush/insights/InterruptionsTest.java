package dev.hush.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.LoopbackReceiver;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.people.User;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InterruptionsTest {
  /** Thursday 06:30 UTC before Berlin leaves summer time (25 October 2026): 08:30 in Berlin, business hours. */
  private static final Instant SUMMER = Instant.parse("2026-10-22T06:30:00Z");
  /** The same UTC hour a week later, after the change: 07:30 in Berlin, still sleep hours. */
  private static final Instant WINTER = Instant.parse("2026-10-29T06:30:00Z");

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theSameUtcHourLandsInAnotherBandAcrossTheDstChange(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(SUMMER.toEpochMilli());
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver receiver = new LoopbackReceiver()) {
      User bea = PersonInsightsFixture.person(t, receiver, "Bea", "Europe/Berlin", 2);
      User ny = PersonInsightsFixture.person(t, receiver, "Nia", "America/New_York", 1);
      PersonInsightsFixture.Service db = PersonInsightsFixture.service(t, "db", bea, ny);
      PersonInsightsFixture.page(t, db, "summer");
      clock.advance(WINTER.toEpochMilli() - SUMMER.toEpochMilli());
      PersonInsightsFixture.page(t, db, "winter");

      JsonNode r = t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/interruptions?weeks=2", null);
      assertThat(r.path("zone").asText()).as("no rotation: the team's weeks are UTC weeks").isEqualTo("UTC");
      assertThat(r.path("week_starts")).extracting(JsonNode::asLong)
          .containsExactly(Instant.parse("2026-10-19T00:00:00Z").toEpochMilli(), Instant.parse("2026-10-26T00:00:00Z").toEpochMilli());
      JsonNode beaWeeks = person(r, bea.id()).path("weeks");
      assertThat(bands(beaWeeks.get(0))).as("08:30 CEST").containsExactly(1L, 0L, 0L);
      assertThat(bands(beaWeeks.get(1))).as("07:30 CET").containsExactly(0L, 0L, 1L);
      assertThat(person(r, bea.id()).path("total").path("total").asLong()).as("two contact methods, one interruption per incident").isEqualTo(2);
      // New York leaves summer time a week later (1 November): 02:30 EDT, then 02:30 EDT again, sleep both times.
      assertThat(bands(person(r, ny.id()).path("total"))).containsExactly(0L, 0L, 2L);
      assertThat(bands(r.path("team_weeks").get(0))).containsExactly(1L, 0L, 1L);
    }
  }

  @Test
  void bandsFollowTheConfiguredHoursInThePersonsZone() {
    HourBands late = HourBands.parse("10:00-19:00", "MON-FRI", "23:00-09:00");
    assertThat(late.band(SUMMER, java.time.ZoneId.of("Europe/Berlin"))).as("08:30 is before a 10:00 start").isEqualTo(HourBands.Band.SLEEP);
    assertThat(HourBands.DEFAULT.band(SUMMER, java.time.ZoneId.of("Europe/Berlin"))).isEqualTo(HourBands.Band.BUSINESS);
    assertThat(HourBands.DEFAULT.band(Instant.parse("2026-10-24T10:00:00Z"), java.time.ZoneId.of("Europe/Berlin")))
        .as("Saturday noon").isEqualTo(HourBands.Band.OFF);
  }

  static JsonNode person(JsonNode report, long userId) {
    for (JsonNode p : report.path("people")) {
      if (p.path("user_id").asLong() == userId) {
        return p;
      }
    }
    throw new AssertionError("no person " + userId + " in " + report);
  }

  static java.util.List<Long> bands(JsonNode b) {
    return java.util.List.of(b.path("business").asLong(), b.path("off").asLong(), b.path("sleep").asLong());
  }
}
