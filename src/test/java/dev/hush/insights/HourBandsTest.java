package dev.hush.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hush.core.Problem;
import dev.hush.insights.HourBands.Band;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class HourBandsTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void theSameUtcHourChangesBandWhenTheClocksGoForward() {
    // 06:30 UTC is 07:30 in Berlin on Friday before the change (asleep) and 08:30 on the Monday after (at work).
    assertThat(HourBands.DEFAULT.band(Instant.parse("2026-03-27T06:30:00Z"), BERLIN)).isEqualTo(Band.SLEEP);
    assertThat(HourBands.DEFAULT.band(Instant.parse("2026-03-30T06:30:00Z"), BERLIN)).isEqualTo(Band.BUSINESS);
    // The night of the change itself: 01:30 UTC is 03:30 CEST, still asleep.
    assertThat(HourBands.DEFAULT.band(Instant.parse("2026-03-29T01:30:00Z"), BERLIN)).isEqualTo(Band.SLEEP);
  }

  @Test
  void theRepeatedHourWhenTheClocksGoBackIsSleepBothTimes() {
    // 2026-11-01 01:30 happens twice in New York (EDT, then EST): 05:30 and 06:30 UTC.
    assertThat(HourBands.DEFAULT.band(Instant.parse("2026-11-01T05:30:00Z"), NEW_YORK)).isEqualTo(Band.SLEEP);
    assertThat(HourBands.DEFAULT.band(Instant.parse("2026-11-01T06:30:00Z"), NEW_YORK)).isEqualTo(Band.SLEEP);
    // 18:00 local on the Monday after is no longer business hours: 23:00 UTC.
    assertThat(HourBands.DEFAULT.band(Instant.parse("2026-11-02T22:59:00Z"), NEW_YORK)).isEqualTo(Band.BUSINESS);
    assertThat(HourBands.DEFAULT.band(Instant.parse("2026-11-02T23:00:00Z"), NEW_YORK)).isEqualTo(Band.OFF);
  }

  @Test
  void weekendDaytimeIsOffHoursAndBandsAreReadInThePersonsZone() {
    Instant saturdayNoonUtc = Instant.parse("2026-06-13T12:00:00Z");
    assertThat(HourBands.DEFAULT.band(saturdayNoonUtc, BERLIN)).isEqualTo(Band.OFF);
    Instant mondayNoonUtc = Instant.parse("2026-06-15T12:00:00Z");
    assertThat(HourBands.DEFAULT.band(mondayNoonUtc, BERLIN)).isEqualTo(Band.BUSINESS);
    assertThat(HourBands.DEFAULT.band(mondayNoonUtc, ZoneId.of("Pacific/Auckland"))).isEqualTo(Band.SLEEP);
  }

  @Test
  void configuredBandsAreParsedAndBadOnesNameTheirField() {
    HourBands bands = HourBands.parse("09:00-17:30", "SUN-THU", "23:00-07:00");
    assertThat(bands.businessDays()).containsExactlyInAnyOrder(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
        DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY);
    assertThat(bands.band(Instant.parse("2026-06-14T08:00:00Z"), BERLIN)).isEqualTo(Band.BUSINESS); // Sunday 10:00
    assertThat(bands.band(Instant.parse("2026-06-14T15:45:00Z"), BERLIN)).isEqualTo(Band.OFF); // Sunday 17:45
    assertThatThrownBy(() -> HourBands.parse("18:00-08:00", "MON-FRI", "22:00-08:00"))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("business_hours"));
    assertThatThrownBy(() -> HourBands.parse("08:00-18:00", "MON-FUNDAY", "22:00-08:00"))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("business_days"));
    assertThatThrownBy(() -> HourBands.parse("08:00-18:00", "MON-FRI", "late"))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("sleep_hours"));
  }
}
