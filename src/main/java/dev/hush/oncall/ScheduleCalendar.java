package dev.hush.oncall;

import dev.hush.core.Problem;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A week or a month of a schedule as a calendar: one cell per day in the viewer's zone, each with
 * the stretches of that day (who is on call, nobody, or before the schedule's first shift).
 * A stretch that runs past midnight shows on each day it touches, clipped to the day, and keeps
 * its whole range, which an override made from it covers.
 */
public record ScheduleCalendar(Span span, LocalDate anchor, LocalDate today, ZoneId zone, List<Day> days) {
  public ScheduleCalendar {
    days = List.copyOf(days);
  }

  /** A week (Monday to Sunday) or a month (the weeks that hold it). */
  public enum Span {
    WEEK, MONTH;

    public String param() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Span parse(String field, String value) {
      if (value == null || value.isBlank()) {
        return WEEK;
      }
      for (Span s : values()) {
        if (s.param().equals(value)) {
          return s;
        }
      }
      throw Problem.invalid(field, field + " must be 'week' or 'month'");
    }
  }

  /** What a stretch of time holds: people on call, nobody (a gap to fix), or nothing yet because no rotation had started. */
  public enum Kind { ON_CALL, GAP, NOT_STARTED }

  /**
   * A stretch of one day. {@code start}/{@code end} are clipped to the day; {@code rangeStart} and
   * {@code rangeEnd} are the whole stretch. {@code override}: an override decides who is on call.
   */
  public record Bar(long start, long end, long rangeStart, long rangeEnd, Kind kind, List<Long> userIds, boolean override) {
    public Bar {
      userIds = List.copyOf(userIds);
    }
  }

  /** One day: its date, whether it lies in the shown month (a month's grid starts and ends with neighbours' days), and its stretches. */
  public record Day(LocalDate date, boolean inSpan, List<Bar> bars) {
    public Day {
      bars = List.copyOf(bars);
    }
  }

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter LOCAL_INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
  private static final DateTimeFormatter WEEK_TITLE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter MONTH_TITLE = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter DAY_TITLE = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

  /** The first and the day after the last day shown, for {@code span} around {@code anchor}. */
  static LocalDate[] range(Span span, LocalDate anchor) {
    if (span == Span.WEEK) {
      LocalDate monday = anchor.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      return new LocalDate[] {monday, monday.plusWeeks(1)};
    }
    LocalDate first = anchor.withDayOfMonth(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate last = anchor.with(TemporalAdjusters.lastDayOfMonth()).with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
    return new LocalDate[] {first, last.plusDays(1)};
  }

  /**
   * Lays {@code segments} (covering the range) out by day. Before {@code firstShift} (the earliest
   * start of the schedule's rotations; null: none) nothing existed yet, so nobody on call there is
   * no gap. {@code overrides} mark the stretches they decide.
   */
  static ScheduleCalendar of(Span span, LocalDate anchor, LocalDate today, ZoneId zone, List<Segment> segments, List<Override> overrides,
      Long firstShift) {
    LocalDate[] range = range(span, anchor);
    long started = firstShift == null ? Long.MAX_VALUE : firstShift;
    List<Day> days = new ArrayList<>();
    for (LocalDate d = range[0]; d.isBefore(range[1]); d = d.plusDays(1)) {
      long dayStart = d.atStartOfDay(zone).toInstant().toEpochMilli();
      long dayEnd = d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
      List<Bar> bars = new ArrayList<>();
      for (Segment s : segments) {
        if (s.end() <= dayStart || s.start() >= dayEnd) {
          continue;
        }
        boolean override = overrides.stream().anyMatch(o -> o.start() <= s.start() && s.start() < o.end());
        if (s.gap() && s.start() < started) {
          addClipped(bars, s.start(), Math.min(s.end(), started), s, Kind.NOT_STARTED, override, dayStart, dayEnd);
          if (s.end() > started) {
            addClipped(bars, started, s.end(), s, Kind.GAP, override, dayStart, dayEnd);
          }
        } else {
          addClipped(bars, s.start(), s.end(), s, s.gap() ? Kind.GAP : Kind.ON_CALL, override, dayStart, dayEnd);
        }
      }
      days.add(new Day(d, span == Span.WEEK || d.getMonth() == anchor.getMonth(), bars));
    }
    return new ScheduleCalendar(span, anchor, today, zone, days);
  }

  /** The part of [start, end) that falls on the day, if any. */
  private static void addClipped(List<Bar> bars, long start, long end, Segment s, Kind kind, boolean override, long dayStart, long dayEnd) {
    long from = Math.max(start, dayStart);
    long to = Math.min(end, dayEnd);
    if (from < to) {
      bars.add(new Bar(from, to, start, end, kind, s.userIds(), override));
    }
  }

  // ---- for the page -----------------------------------------------------------------------------

  public String title() {
    if (span == Span.MONTH) {
      return MONTH_TITLE.format(anchor);
    }
    return "Week of " + WEEK_TITLE.format(range(span, anchor)[0]);
  }

  public LocalDate previous() {
    return span == Span.WEEK ? anchor.minusWeeks(1) : anchor.minusMonths(1);
  }

  public LocalDate next() {
    return span == Span.WEEK ? anchor.plusWeeks(1) : anchor.plusMonths(1);
  }

  public String dayTitle(Day d) {
    return DAY_TITLE.format(d.date());
  }

  /** "09:00–17:00" in the viewer's zone; a stretch that runs to midnight ends at 24:00. */
  public String hours(Bar b) {
    String from = CLOCK.format(Instant.ofEpochMilli(b.start()).atZone(zone));
    LocalDateTime end = LocalDateTime.ofInstant(Instant.ofEpochMilli(b.end()), zone);
    String to = end.toLocalTime().equals(LocalTime.MIDNIGHT) ? "24:00" : CLOCK.format(end);
    return from + "–" + to;
  }

  /** A stretch's whole range as the override form's local date-time fields take it. */
  public String localStart(Bar b) {
    return LOCAL_INPUT.format(Instant.ofEpochMilli(b.rangeStart()).atZone(zone));
  }

  public String localEnd(Bar b) {
    return LOCAL_INPUT.format(Instant.ofEpochMilli(b.rangeEnd()).atZone(zone));
  }
}
