package dev.hush.review;

import dev.hush.oncall.Layer;
import dev.hush.oncall.OnCallService;
import dev.hush.oncall.Rotation;
import dev.hush.oncall.Schedule;
import dev.hush.oncall.Segment;
import dev.hush.oncall.ShiftKind;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A team's review weeks and who facilitates them. A week runs from one hand-off of the team's
 * primary rotation (the first layer of its first schedule) to the next, in the rotation's zone, so
 * the review looks back on exactly one on-call turn. Rotations that are not weekly hand over on
 * their hand-off time each Monday; a team without a rotation uses Monday 09:00 UTC.
 */
final class ReviewWeeks {
  /** Where a week starts: a day of the week and a time in a zone. */
  record Anchor(DayOfWeek day, LocalTime time, ZoneId zone) {
    static final Anchor DEFAULT = new Anchor(DayOfWeek.MONDAY, LocalTime.of(9, 0), ZoneOffset.UTC);
  }

  /** A week [start, end) in epoch ms. */
  record Week(long start, long end) {}

  private final OnCallService oncall;

  ReviewWeeks(OnCallService oncall) {
    this.oncall = oncall;
  }

  Anchor anchor(long teamId) {
    return primaryRotation(teamId).map(r -> new Anchor(r.kind() == ShiftKind.WEEKLY && r.handoffDay() != null ? r.handoffDay() : DayOfWeek.MONDAY,
        r.handoffTime(), r.zone())).orElse(Anchor.DEFAULT);
  }

  /** The week that contains {@code at}. */
  static Week containing(Anchor a, long at) {
    ZonedDateTime local = Instant.ofEpochMilli(at).atZone(a.zone());
    LocalDate day = local.toLocalDate().with(TemporalAdjusters.previousOrSame(a.day()));
    ZonedDateTime start = ZonedDateTime.of(day, a.time(), a.zone());
    if (start.toInstant().toEpochMilli() > at) {
      start = ZonedDateTime.of(day.minusWeeks(1), a.time(), a.zone());
    }
    // Built from the local day and time, not start + 7 × 24 h, so a week across a DST change still ends on the hand-off.
    ZonedDateTime end = ZonedDateTime.of(start.toLocalDate().plusWeeks(1), a.time(), a.zone());
    return new Week(start.toInstant().toEpochMilli(), end.toInstant().toEpochMilli());
  }

  /** The last week that has ended by {@code now}: the one a review now looks back on. */
  static Week lastEnded(Anchor a, long now) {
    return containing(a, containing(a, now).start() - 1);
  }

  /**
   * Last week's on-call: whoever was on call longest in the team's schedules during the week, as
   * the schedules resolve it (overrides and swaps applied); ties go to whoever was on call first.
   * Empty when nobody was on call.
   */
  Optional<Long> facilitator(long teamId, Week week) {
    Map<Long, Long> millis = new HashMap<>();
    Map<Long, Long> first = new HashMap<>();
    for (Schedule s : teamSchedules(teamId)) {
      for (Segment seg : oncall.shifts(s.id(), week.start(), week.end())) {
        for (long user : seg.userIds()) {
          millis.merge(user, seg.end() - seg.start(), Long::sum);
          first.merge(user, seg.start(), Math::min);
        }
      }
    }
    return millis.keySet().stream()
        .max(Comparator.<Long>comparingLong(millis::get).thenComparing(Comparator.<Long>comparingLong(first::get).reversed()));
  }

  /** When the week's meeting is: {@code delay} after the week ended. */
  static long meetingAt(Week week, Duration delay) {
    return week.end() + delay.toMillis();
  }

  boolean hasSchedules(long teamId) {
    return !teamSchedules(teamId).isEmpty();
  }

  private List<Schedule> teamSchedules(long teamId) {
    return oncall.schedules(team -> team == teamId).stream().sorted(Comparator.comparingLong(Schedule::id)).toList();
  }

  private Optional<Rotation> primaryRotation(long teamId) {
    return teamSchedules(teamId).stream()
        .flatMap(s -> s.layers().stream().sorted(Comparator.comparingInt(Layer::level)).map(Layer::rotation))
        .findFirst()
        .or(() -> oncall.rotations(team -> team == teamId).stream().min(Comparator.comparingLong(Rotation::id)));
  }
}
