package dev.hush.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReviewWeeksTest {
  private static final ReviewWeeks.Anchor BERLIN_MONDAY_9 = new ReviewWeeks.Anchor(DayOfWeek.MONDAY, LocalTime.of(9, 0), ZoneId.of("Europe/Berlin"));

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void aWeekRunsFromOneHandOffToTheNextEvenAcrossTheClockChange() {
    // Clocks go back on Sunday 2026-10-25: the week is 7 days and 1 hour long, and still ends at 09:00 local.
    ReviewWeeks.Week week = ReviewWeeks.containing(BERLIN_MONDAY_9, at("2026-10-22T12:00:00Z"));
    assertThat(Instant.ofEpochMilli(week.start())).isEqualTo("2026-10-19T07:00:00Z");
    assertThat(Instant.ofEpochMilli(week.end())).isEqualTo("2026-10-26T08:00:00Z");
  }

  @Test
  void theReviewLooksBackOnTheLastWeekThatEnded() {
    // Monday 08:59 Berlin is still in the previous turn; 09:00 starts a new one.
    ReviewWeeks.Week before = ReviewWeeks.lastEnded(BERLIN_MONDAY_9, at("2026-11-09T07:59:00Z"));
    assertThat(Instant.ofEpochMilli(before.start())).isEqualTo("2026-10-26T08:00:00Z");
    ReviewWeeks.Week after = ReviewWeeks.lastEnded(BERLIN_MONDAY_9, at("2026-11-09T08:00:00Z"));
    assertThat(Instant.ofEpochMilli(after.start())).isEqualTo("2026-11-02T08:00:00Z");
    assertThat(Instant.ofEpochMilli(after.end())).isEqualTo("2026-11-09T08:00:00Z");
  }

  @Test
  void theWeekBeforeTheClocksGoForwardIsAnHourShort() {
    // Clocks go forward on Sunday 2026-03-29.
    ReviewWeeks.Week week = ReviewWeeks.containing(BERLIN_MONDAY_9, at("2026-03-25T12:00:00Z"));
    assertThat(week.end() - week.start()).isEqualTo((7 * 24 - 1) * 3_600_000L);
  }
}
