package dev.hush.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RotationDstTest {
  private static final List<Long> TEAM = List.of(1L, 2L, 3L, 4L);

  static Rotation weekly(String zone, LocalTime handoff) {
    return new Rotation(1, "primary", ZoneId.of(zone), ShiftKind.WEEKLY, 1, handoff, DayOfWeek.MONDAY, LocalDate.of(2026, 1, 1),
        List.of(new Rotation.Order(0, TEAM)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Tokyo", "UTC"})
  void tenYearsOfWeeklyHandOffsStayAt0900LocalWithNoGapAndNoOverlap(String zoneName) {
    ZoneId zone = ZoneId.of(zoneName);
    Rotation r = weekly(zoneName, LocalTime.of(9, 0));
    Instant from = ZonedDateTime.of(2026, 1, 5, 9, 0, 0, 0, zone).toInstant();
    Instant to = from.atZone(zone).plusYears(10).toInstant();
    Layer layer = new Layer(1, 1, r, null);
    List<Segment> segments = ScheduleMath.segments(List.of(layer), List.of(), from, to);

    assertThat(segments.get(0).start()).isEqualTo(from.toEpochMilli());
    assertThat(segments.get(segments.size() - 1).end()).isEqualTo(to.toEpochMilli());
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      assertThat(s.gap()).as("nobody on call at %s", Instant.ofEpochMilli(s.start())).isFalse();
      assertThat(s.userIds()).hasSize(1);
      if (i > 0) {
        assertThat(s.start()).as("no gap, no overlap").isEqualTo(segments.get(i - 1).end());
        assertThat(s.userIds()).isNotEqualTo(segments.get(i - 1).userIds());
      }
      ZonedDateTime start = Instant.ofEpochMilli(s.start()).atZone(zone);
      assertThat(start.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
      assertThat(start.toLocalTime()).as("hand-off at %s", start).isEqualTo(LocalTime.of(9, 0));
      long hours = Duration.ofMillis(s.end() - s.start()).toMinutes();
      if (i < segments.size() - 1) {
        // 7 local days: 168 h, or 167/169 h (167.5/168.5 h on Lord Howe) in a DST week.
        assertThat(hours).isBetween(167L * 60, 169L * 60);
      }
    }
    assertThat(segments).hasSizeBetween(521, 523);
    // Fair turns: over ten years everyone took the same number of weeks, give or take one.
    for (long user : TEAM) {
      long turns = segments.stream().filter(s -> s.userIds().contains(user)).count();
      assertThat(turns).isBetween(segments.size() / 4L - 1, segments.size() / 4L + 1);
    }
  }

  @Test
  void aHandOffInsideTheSpringForwardGapHappensAtTheFirstValidInstantAfterIt() {
    // Europe/Berlin skips 02:00-03:00 on Sunday 2026-03-29.
    Rotation r = new Rotation(1, "nights", ZoneId.of("Europe/Berlin"), ShiftKind.DAILY, 1, LocalTime.of(2, 30), null,
        LocalDate.of(2026, 3, 27), List.of(new Rotation.Order(0, TEAM)));
    Instant onGapDay = RotationMath.start(r, 2);
    assertThat(onGapDay.atZone(r.zone()).toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 3, 29, 3, 30));
    assertThat(Duration.between(RotationMath.start(r, 1), onGapDay)).isEqualTo(Duration.ofHours(24));
    assertThat(RotationMath.start(r, 3).atZone(r.zone()).toLocalTime()).isEqualTo(LocalTime.of(2, 30));
  }

  @Test
  void aHandOffInTheRepeatedFallBackHourHappensOnceAtTheEarlierInstant() {
    // America/New_York repeats 01:00-02:00 on Sunday 2026-11-01.
    Rotation r = new Rotation(1, "nights", ZoneId.of("America/New_York"), ShiftKind.DAILY, 1, LocalTime.of(1, 30), null,
        LocalDate.of(2026, 10, 31), List.of(new Rotation.Order(0, TEAM)));
    Instant fallBack = RotationMath.start(r, 1);
    assertThat(fallBack).isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
    assertThat(Duration.between(fallBack, RotationMath.start(r, 2))).isEqualTo(Duration.ofHours(25));
    assertThat(RotationMath.indexAt(r, Instant.parse("2026-11-01T06:45:00Z"))).as("the second 01:45 is still shift 1").isEqualTo(1);
  }

  @Test
  void everyTwelveHoursMeansTwelveRealHoursAcrossDst() {
    Rotation r = new Rotation(1, "follow the sun", ZoneId.of("Europe/Berlin"), ShiftKind.HOURS, 12, LocalTime.of(8, 0), null,
        LocalDate.of(2026, 3, 28), List.of(new Rotation.Order(0, List.of(1L, 2L))));
    List<RotationMath.Shift> shifts = RotationMath.shifts(r, RotationMath.start(r, 0), RotationMath.start(r, 6));
    assertThat(shifts).hasSize(6).allSatisfy(s -> assertThat(Duration.between(s.start(), s.end())).isEqualTo(Duration.ofHours(12)));
    assertThat(shifts).extracting(RotationMath.Shift::userId).containsExactly(1L, 2L, 1L, 2L, 1L, 2L);
  }

  @Test
  void reorderingChangesFutureShiftsAndNeverRewritesPastOnes() {
    long reorderAt = ZonedDateTime.of(2026, 2, 2, 9, 0, 0, 0, ZoneId.of("UTC")).toInstant().toEpochMilli();
    Rotation before = weekly("UTC", LocalTime.of(9, 0));
    Rotation after = new Rotation(1, "primary", ZoneId.of("UTC"), ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
        LocalDate.of(2026, 1, 1), List.of(new Rotation.Order(0, TEAM), new Rotation.Order(reorderAt, List.of(4L, 3L, 2L, 1L))));
    Instant january = Instant.parse("2026-01-14T12:00:00Z");
    assertThat(RotationMath.userAt(after, january)).isEqualTo(RotationMath.userAt(before, january));
    assertThat(RotationMath.userAt(after, Instant.ofEpochMilli(reorderAt))).isNotEqualTo(RotationMath.userAt(before, Instant.ofEpochMilli(reorderAt)));
  }

  @Test
  void aBusinessHoursLayerWinsInsideItsHoursAndTheBaseLayerCoversTheRest() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    Rotation base = new Rotation(1, "24/7", berlin, ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY, LocalDate.of(2026, 1, 1),
        List.of(new Rotation.Order(0, List.of(1L))));
    Rotation office = new Rotation(2, "office", berlin, ShiftKind.DAILY, 1, LocalTime.of(9, 0), null, LocalDate.of(2026, 1, 1),
        List.of(new Rotation.Order(0, List.of(7L, 8L))));
    List<Layer> layers = List.of(new Layer(1, 1, base, null), new Layer(2, 2, office, Restriction.businessHours()));
    Instant tuesdayNoon = ZonedDateTime.of(2026, 3, 31, 12, 0, 0, 0, berlin).toInstant();
    Instant tuesdayNight = ZonedDateTime.of(2026, 3, 31, 22, 0, 0, 0, berlin).toInstant();
    Instant saturdayNoon = ZonedDateTime.of(2026, 4, 4, 12, 0, 0, 0, berlin).toInstant();
    assertThat(ScheduleMath.onCallAt(layers, List.of(), tuesdayNoon)).containsExactly(RotationMath.userAt(office, tuesdayNoon));
    assertThat(ScheduleMath.onCallAt(layers, List.of(), tuesdayNight)).containsExactly(1L);
    assertThat(ScheduleMath.onCallAt(layers, List.of(), saturdayNoon)).containsExactly(1L);

    List<Segment> day = ScheduleMath.segments(layers, List.of(), ZonedDateTime.of(2026, 3, 31, 0, 0, 0, 0, berlin).toInstant(),
        ZonedDateTime.of(2026, 4, 1, 0, 0, 0, 0, berlin).toInstant());
    assertThat(day).extracting(s -> Instant.ofEpochMilli(s.start()).atZone(berlin).toLocalTime())
        .containsExactly(LocalTime.MIDNIGHT, LocalTime.of(9, 0), LocalTime.of(17, 0));
  }

  @Test
  void overridesAddRemoveAndReplace() {
    Rotation r = weekly("UTC", LocalTime.of(9, 0));
    List<Layer> layers = List.of(new Layer(1, 1, r, null));
    Instant t = Instant.parse("2026-02-11T10:00:00Z");
    long who = RotationMath.userAt(r, t);
    long from = t.minusSeconds(3600).toEpochMilli();
    long until = t.plusSeconds(3600).toEpochMilli();
    assertThat(ScheduleMath.onCallAt(layers, List.of(new Override(1, from, until, Override.Kind.REPLACE, 9, null, "")), t)).containsExactly(9L);
    assertThat(ScheduleMath.onCallAt(layers, List.of(new Override(1, from, until, Override.Kind.ADD, 9, null, "")), t))
        .containsExactly(who, 9L);
    assertThat(ScheduleMath.onCallAt(layers, List.of(new Override(1, from, until, Override.Kind.REMOVE, who, null, "")), t)).isEmpty();
    assertThat(ScheduleMath.onCallAt(layers, List.of(new Override(1, from, until, Override.Kind.REPLACE, 9, 77L, "")), t))
        .as("replacing someone who is not on call changes nothing").containsExactly(who);
    List<Segment> withGap = ScheduleMath.segments(layers, List.of(new Override(1, from, until, Override.Kind.REMOVE, who, null, "")),
        t.minusSeconds(7200), t.plusSeconds(7200));
    assertThat(withGap).hasSize(3);
    assertThat(withGap.get(1).gap()).isTrue();
    assertThat(withGap.get(1).start()).isEqualTo(from);
  }

  @Test
  void aRestrictionThatRunsOvernightBelongsToTheDayItStarts() {
    ZoneId utc = ZoneId.of("UTC");
    Rotation r = new Rotation(1, "nights", utc, ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY, LocalDate.of(2026, 1, 1),
        List.of(new Rotation.Order(0, List.of(5L))));
    Layer nights = new Layer(1, 1, r, new Restriction(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0)));
    assertThat(ScheduleMath.allows(nights, Instant.parse("2026-04-03T23:00:00Z"))).isTrue();
    assertThat(ScheduleMath.allows(nights, Instant.parse("2026-04-04T05:00:00Z"))).as("Saturday 05:00, Friday's night").isTrue();
    assertThat(ScheduleMath.allows(nights, Instant.parse("2026-04-04T23:00:00Z"))).isFalse();
  }
}
