package dev.hush.oncall;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Who carries the load: hours on call per person, and how many of them fall in that person's
 * sleep (22:00–08:00) and weekend, in the person's own zone; plus the hours nobody covers.
 */
public record Fairness(long from, long to, List<PersonLoad> people, double gapHours) {

  public record PersonLoad(long userId, double hours, double sleepHours, double weekendHours) {
    public double sleepShare() {
      return hours == 0 ? 0 : sleepHours / hours;
    }

    public double weekendShare() {
      return hours == 0 ? 0 : weekendHours / hours;
    }
  }

  private static final LocalTime SLEEP_START = LocalTime.of(22, 0);
  private static final LocalTime SLEEP_END = LocalTime.of(8, 0);

  static Fairness of(List<Segment> segments, long from, long to, Function<Long, ZoneId> zoneOf) {
    Map<Long, double[]> load = new LinkedHashMap<>();
    double gap = 0;
    for (Segment s : segments) {
      if (s.gap()) {
        gap += hours(s.start(), s.end());
        continue;
      }
      for (long user : s.userIds()) {
        double[] l = load.computeIfAbsent(user, u -> new double[3]);
        ZoneId zone = zoneOf.apply(user);
        l[0] += hours(s.start(), s.end());
        l[1] += overlapWithDaily(s.start(), s.end(), zone, SLEEP_START, SLEEP_END);
        l[2] += weekendHours(s.start(), s.end(), zone);
      }
    }
    List<PersonLoad> people = load.entrySet().stream()
        .map(e -> new PersonLoad(e.getKey(), round(e.getValue()[0]), round(e.getValue()[1]), round(e.getValue()[2])))
        .sorted((a, b) -> Double.compare(b.hours(), a.hours()))
        .toList();
    return new Fairness(from, to, people, round(gap));
  }

  private static double hours(long from, long to) {
    return (to - from) / 3_600_000.0;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Hours of [from, to) inside the daily local window [start, end) (overnight when end < start). */
  public static double overlapWithDaily(long from, long to, ZoneId zone, LocalTime start, LocalTime end) {
    double total = 0;
    LocalDate day = Instant.ofEpochMilli(from).atZone(zone).toLocalDate().minusDays(1);
    LocalDate last = Instant.ofEpochMilli(to).atZone(zone).toLocalDate();
    for (int guard = 0; guard < 100_000 && !day.isAfter(last); guard++, day = day.plusDays(1)) {
      long ws = ZonedDateTime.of(day, start, zone).toInstant().toEpochMilli();
      LocalDate endDay = end.isAfter(start) ? day : day.plusDays(1);
      long we = ZonedDateTime.of(endDay, end, zone).toInstant().toEpochMilli();
      total += Math.max(0, Math.min(to, we) - Math.max(from, ws)) / 3_600_000.0;
    }
    return total;
  }

  static double weekendHours(long from, long to, ZoneId zone) {
    double total = 0;
    LocalDate day = Instant.ofEpochMilli(from).atZone(zone).toLocalDate();
    LocalDate last = Instant.ofEpochMilli(to).atZone(zone).toLocalDate();
    for (int guard = 0; guard < 100_000 && !day.isAfter(last); guard++, day = day.plusDays(1)) {
      if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
        continue;
      }
      long ds = day.atStartOfDay(zone).toInstant().toEpochMilli();
      long de = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
      total += Math.max(0, Math.min(to, de) - Math.max(from, ds)) / 3_600_000.0;
    }
    return total;
  }
}
