package dev.hush.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** How long ago, as the incident list says it, with days counted in the viewer's zone. */
class FormatTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static long at(String local) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(local), BERLIN).toInstant().toEpochMilli();
  }

  @Test
  void minutesThenHoursThenTodayYesterdayAndADay() {
    long now = at("2026-12-03T02:30:00");
    assertThat(Format.relative(now - 20_000, now, BERLIN)).isEqualTo("just now");
    assertThat(Format.relative(now - 4 * 60_000 - 59_000, now, BERLIN)).isEqualTo("4 min ago");
    assertThat(Format.relative(now - 59 * 60_000, now, BERLIN)).isEqualTo("59 min ago");
    assertThat(Format.relative(now - 2 * 3_600_000 - 10 * 60_000, now, BERLIN)).isEqualTo("2 h ago");
    assertThat(Format.relative(at("2026-12-02T23:10:00"), now, BERLIN)).as("3 h 20 min ago, before midnight").isEqualTo("3 h ago");
    assertThat(Format.relative(at("2026-12-02T19:45:00"), now, BERLIN)).isEqualTo("yesterday 19:45");
    assertThat(Format.relative(at("2026-12-01T23:10:00"), now, BERLIN)).isEqualTo("Tue 1 Dec 23:10");
    long evening = at("2026-12-03T21:00:00");
    assertThat(Format.relative(at("2026-12-03T08:15:00"), evening, BERLIN)).isEqualTo("today 08:15");
    assertThat(Format.relative(now + 5_000, now, BERLIN)).as("a clock a little ahead").isEqualTo("just now");
  }

  @Test
  void daysAreTheViewersDays() {
    long now = at("2026-12-03T00:30:00");
    long opened = at("2026-12-02T17:00:00");
    assertThat(Format.relative(opened, now, BERLIN)).isEqualTo("yesterday 17:00");
    assertThat(Format.relative(opened, now, ZoneId.of("America/New_York"))).as("still 2 December in New York").isEqualTo("today 11:00");
  }
}
