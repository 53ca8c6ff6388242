package dev.hush.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.LoopbackReceiver;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.oncall.Fairness;
import dev.hush.oncall.Override;
import dev.hush.oncall.Schedule;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.User;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TeamFairnessTest {
  private static final long HOUR = 3_600_000L;

  private static TeamFairness.Load load(long id, double onCallHours, long business, long off, long sleep) {
    return TeamFairness.Load.of(id, "p" + id, onCallHours, 0, 0, new Interruptions.Bands(business, off, sleep));
  }

  @Test
  void anEvenLoadIsBalancedAndOnePersonCarryingFourTimesTheOthersIsFlagged() {
    TeamFairness even = TeamFairness.of(1, "UTC", 13, 0, 1, List.of(load(1, 168, 0, 0, 0), load(2, 168, 0, 0, 0), load(3, 168, 0, 0, 0)));
    assertThat(even.imbalance()).isZero();
    assertThat(even.imbalanced()).isFalse();
    assertThat(even.heaviest()).containsExactlyInAnyOrder(1L, 2L, 3L);

    // Loads 4 : 1 : 1 : 1: a week on call each (7 points), and one of them also woken 7 times (3 points each).
    TeamFairness uneven = TeamFairness.of(1, "UTC", 13, 0, 1,
        List.of(load(1, 168, 0, 0, 0), load(2, 168, 0, 0, 7), load(3, 168, 0, 0, 0), load(4, 168, 0, 0, 0)));
    // 28 vs 7, 7, 7: Gini = 3 × 21 × 2 / (2 × 4 × 49) = 0.32
    assertThat(uneven.people().getFirst().load()).isEqualTo(28);
    assertThat(uneven.imbalance()).isCloseTo(0.32, within(0.005));
    assertThat(uneven.imbalanced()).isTrue();
    assertThat(uneven.heaviest()).containsExactly(2L);

    TeamFairness milder = TeamFairness.of(1, "UTC", 13, 0, 1, List.of(load(1, 168, 0, 0, 0), load(2, 168, 7, 0, 0), load(3, 168, 0, 0, 0)));
    assertThat(milder.imbalance()).as("14 vs 7, 7: Gini 2 × 2 × 7 / (2 × 3 × 28)").isCloseTo(0.17, within(0.005));
    assertThat(milder.imbalanced()).isFalse();
    assertThat(TeamFairness.of(1, "UTC", 13, 0, 1, List.of(load(1, 0, 0, 0, 3))).imbalanced()).as("one person alone is not unfair to anyone")
        .isFalse();
  }

  @Test
  void sleepAndDaysOffAreReadInThePersonsZone() {
    long mondayUtc = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
    long week = 168 * HOUR;
    assertThat(Fairness.overlapWithDaily(mondayUtc, mondayUtc + week, java.time.ZoneId.of("UTC"), LocalTime.of(22, 0), LocalTime.of(8, 0)))
        .isEqualTo(70);
    assertThat(TeamFairness.offDayHours(mondayUtc, mondayUtc + week, java.time.ZoneId.of("UTC"), HourBands.DEFAULT.businessDays())).isEqualTo(48);
    // In Tokyo (UTC+9) that UTC week starts Monday 09:00 and ends the next Monday 09:00: the same 48 weekend hours, but Saturday
    // and Sunday local, and 70 sleep hours too since every local night is covered once.
    assertThat(TeamFairness.offDayHours(mondayUtc, mondayUtc + week, java.time.ZoneId.of("Asia/Tokyo"), HourBands.DEFAULT.businessDays()))
        .isEqualTo(48);
    assertThat(Fairness.overlapWithDaily(mondayUtc, mondayUtc + 12 * HOUR, java.time.ZoneId.of("Asia/Tokyo"), LocalTime.of(22, 0),
        LocalTime.of(8, 0))).as("09:00-21:00 Tokyo: awake").isZero();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void onCallHoursComeFromTheScheduleWithOverridesAndThePagedPersonCarriesTheMost(StoreKind store) throws Exception {
    // Tuesday 01:00 UTC of the rotation's first week.
    ManualClock clock = new ManualClock(Instant.parse("2026-11-03T01:00:00Z").toEpochMilli());
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver receiver = new LoopbackReceiver()) {
      User ana = PersonInsightsFixture.person(t, receiver, "Ana", "UTC", 1);
      User bo = PersonInsightsFixture.person(t, receiver, "Bo", "UTC", 1);
      var rotation = t.hush().oncall().createRotation(t.team(), "primary", "UTC", ShiftKind.WEEKLY, 1, LocalTime.MIDNIGHT, DayOfWeek.MONDAY,
          LocalDate.parse("2026-11-02"), List.of(ana.id(), bo.id()));
      Schedule schedule = t.hush().oncall().createSchedule(t.team(), "primary");
      t.hush().oncall().addLayer(schedule.id(), rotation.id(), 1, null);
      // Bo takes Thursday of Ana's week.
      t.hush().oncall().addOverride(schedule.id(), Instant.parse("2026-11-05T00:00:00Z").toEpochMilli(),
          Instant.parse("2026-11-06T00:00:00Z").toEpochMilli(), Override.Kind.REPLACE, bo.id(), ana.id(), "", null);
      PersonInsightsFixture.Service api = PersonInsightsFixture.service(t, "api", ana);
      for (int i = 0; i < 10; i++) {
        PersonInsightsFixture.page(t, api, "night-" + i);
        clock.advance(60_000);
      }
      clock.advance(Instant.parse("2026-11-16T00:00:00Z").toEpochMilli() - clock.millis());

      JsonNode r = t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/fairness?weeks=3", null);
      JsonNode a = InterruptionsTest.person(r, ana.id());
      JsonNode b = InterruptionsTest.person(r, bo.id());
      assertThat(a.path("on_call_hours").asDouble()).as("a week less Bo's Thursday").isEqualTo(144);
      assertThat(b.path("on_call_hours").asDouble()).isEqualTo(192);
      assertThat(a.path("sleep_hours").asDouble()).isEqualTo(60);
      assertThat(b.path("sleep_hours").asDouble()).isEqualTo(80);
      assertThat(a.path("off_day_hours").asDouble()).isEqualTo(48);
      assertThat(InterruptionsTest.bands(a.path("interruptions"))).containsExactly(0L, 0L, 10L);
      assertThat(a.path("load").asDouble()).as("6 days + 3 × 10 sleep pages").isEqualTo(36);
      assertThat(b.path("load").asDouble()).isEqualTo(8);
      assertThat(r.path("people")).as("the admin, never on call nor paged, shares no load").hasSize(2);
      assertThat(r.path("imbalance").asDouble()).as("56 / (4 × 44)").isCloseTo(0.32, within(0.005));
      assertThat(r.path("imbalanced").asBoolean()).isTrue();
      assertThat(r.path("heaviest")).extracting(JsonNode::asLong).containsExactly(ana.id());

      String page = t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.baseUrl() + "/teams/" + t.team() + "/insights/fairness?weeks=3"))
          .header("Authorization", "Bearer " + t.adminToken())).body();
      assertThat(page).contains("id=\"imbalanced\"").contains("Carrying the most: <strong>Ana</strong>");
    }
  }
}
