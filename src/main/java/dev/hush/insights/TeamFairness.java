package dev.hush.insights;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Who carried a team's on-call load over a window: per person, hours on call on the team's schedules
 * (overrides and swaps applied), of which in their sleep hours and on their days off, and their
 * interruptions by band; then how unevenly that load is spread.
 *
 * <p>The imbalance index is the Gini coefficient of each person's {@link Load#load() load}: 0 when
 * everyone carries the same, approaching 1 when one person carries it all. Gini rather than max/mean
 * because it weighs every person's share, so two overloaded people out of six show as clearly as
 * one, and it stays between 0 and 1 whatever the team's size. {@code imbalanced} is set above
 * {@link #THRESHOLD}: with four people, that is about one of them carrying four times the others.
 *
 * @param people    those who were on call or interrupted in the window, heaviest load first
 * @param heaviest  the person or people carrying the most (ties included); empty when nobody carried any
 */
public record TeamFairness(long teamId, String zone, int weeks, long from, long to, List<Load> people, double imbalance, boolean imbalanced,
    double threshold, List<Long> heaviest) {
  /** The Gini coefficient above which the load counts as unfair. */
  public static final double THRESHOLD = 0.3;
  /** Points per on-call day: carrying the pager costs something even on a quiet day. */
  static final double PER_ON_CALL_DAY = 1;
  /** Points per interruption: a page off hours costs twice one at work, a page in one's sleep three times. */
  static final double BUSINESS_PAGE = 1;
  static final double OFF_PAGE = 2;
  static final double SLEEP_PAGE = 3;

  public TeamFairness {
    people = List.copyOf(people);
    heaviest = List.copyOf(heaviest);
  }

  /**
   * One person's share. {@code load} = on-call days + business pages + 2 × off-hours pages + 3 × sleep
   * pages, the unit the imbalance index compares.
   */
  public record Load(long userId, String name, double onCallHours, double sleepHours, double offDayHours, Interruptions.Bands interruptions,
      double load) {

    static Load of(long userId, String name, double onCallHours, double sleepHours, double offDayHours, Interruptions.Bands pages) {
      double load = onCallHours / 24 * PER_ON_CALL_DAY + pages.business() * BUSINESS_PAGE + pages.off() * OFF_PAGE + pages.sleep() * SLEEP_PAGE;
      return new Load(userId, name, round(onCallHours), round(sleepHours), round(offDayHours), pages, round(load));
    }
  }

  /** Builds the report from each person's load: the index, the flag and who carries the most. */
  static TeamFairness of(long teamId, String zone, int weeks, long from, long to, List<Load> loads) {
    List<Load> sorted = loads.stream().sorted((a, b) -> Double.compare(b.load(), a.load())).toList();
    double index = round(gini(sorted.stream().mapToDouble(Load::load).toArray()));
    double max = sorted.isEmpty() ? 0 : sorted.getFirst().load();
    List<Long> heaviest = max <= 0 ? List.of() : sorted.stream().filter(l -> l.load() == max).map(Load::userId).toList();
    return new TeamFairness(teamId, zone, weeks, from, to, sorted, index, sorted.size() > 1 && index > THRESHOLD, THRESHOLD, heaviest);
  }

  /** Mean absolute difference over twice the mean: 0 for fewer than two people or no load at all. */
  static double gini(double[] x) {
    int n = x.length;
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    if (n < 2 || sum <= 0) {
      return 0;
    }
    double diff = 0;
    for (double a : x) {
      for (double b : x) {
        diff += Math.abs(a - b);
      }
    }
    return diff / (2.0 * n * sum);
  }

  /** Hours of [from, to) on local days that are not work days. */
  static double offDayHours(long from, long to, ZoneId zone, Set<DayOfWeek> workDays) {
    double total = 0;
    LocalDate last = Instant.ofEpochMilli(to).atZone(zone).toLocalDate();
    for (LocalDate day = Instant.ofEpochMilli(from).atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
      if (workDays.contains(day.getDayOfWeek())) {
        continue;
      }
      long ds = day.atStartOfDay(zone).toInstant().toEpochMilli();
      long de = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
      total += Math.max(0, Math.min(to, de) - Math.max(from, ds));
    }
    return total / 3_600_000.0;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
