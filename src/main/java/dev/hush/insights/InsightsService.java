package dev.hush.insights;

import dev.hush.actions.ActionItem;
import dev.hush.actions.ActionService;
import dev.hush.actions.ActionStatus;
import dev.hush.core.Problem;
import dev.hush.incidents.IncidentService;
import dev.hush.incidents.LogEntry;
import dev.hush.oncall.OnCallService;
import dev.hush.services.Service;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The service-side insights of a team, read from the hourly rollup: pages per week with their trend,
 * quiet-week streaks, MTTA/MTTR, and the noise ranking. Periods are whole weeks of the team
 * ({@link TeamWeeks}); the review asks for any window with the {@code (teamId, from, to)} methods.
 */
public final class InsightsService {
  public static final int MAX_WEEKS = 52;
  public static final int DEFAULT_WEEKS = 12;
  public static final int DEFAULT_NOISE_WEEKS = 4;
  private static final long WEEK_MILLIS = 7 * 24 * 3_600_000L;
  /** The ranking lists the noisiest rules only; a review has half an hour. */
  static final int MAX_RULES = 50;
  /** A log action that names no particular fix, so repeating it says nothing about automating. */
  private static final String OTHER_ACTION = "other";

  private final Database db;
  private final ServiceCatalog services;
  private final IncidentService incidents;
  private final OnCallService oncall;
  private final ActionService actions;
  private final HourBands bands;
  private final TriggerRollup triggers;
  private final Clock clock;

  public InsightsService(Database db, ServiceCatalog services, IncidentService incidents, OnCallService oncall, ActionService actions,
      HourBands bands, TriggerRollup triggers, Clock clock) {
    this.db = db;
    this.triggers = triggers;
    this.services = services;
    this.incidents = incidents;
    this.oncall = oncall;
    this.actions = actions;
    this.bands = bands;
    this.clock = clock;
    // Acks, resolves, log entries and pages are counted in the transaction that makes them; triggers by the TriggerRollup.
    incidents.onCounted(InsightsStore::add);
  }

  /** The team's weeks: Monday 00:00 in the zone of its first rotation, UTC without one. */
  public TeamWeeks weeks(long teamId) {
    return TeamWeeks.of(oncall.rotations(team -> team != null && team == teamId));
  }

  /** Pages per week over the last {@code weeks} weeks (the current one last), per service, with the trend and done actions. */
  public PagesPerWeek pagesPerWeek(long teamId, int weeks) {
    Period p = period(teamId, weeks, true);
    long[] team = new long[weeks];
    Map<Long, long[]> perService = new LinkedHashMap<>();
    p.services().keySet().forEach(id -> perService.put(id, new long[weeks]));
    for (InsightsStore.Hour h : p.hours()) {
      int w = p.week(h.hourStart());
      if (w >= 0) {
        team[w] += h.pages();
        perService.get(h.serviceId())[w] += h.pages();
      }
    }
    List<Long> teamPages = boxed(team);
    List<PagesPerWeek.ServiceWeeks> serviceWeeks = perService.entrySet().stream()
        .map(e -> new PagesPerWeek.ServiceWeeks(e.getKey(), p.services().get(e.getKey()), boxed(e.getValue()))).toList();
    List<PagesPerWeek.DoneAction> done = actions.list(new ActionService.Filter(teamId, null, ActionStatus.DONE, false), t -> true).stream()
        .filter(i -> i.doneAt() != null && i.doneAt() >= p.from() && i.doneAt() < p.to())
        .sorted(Comparator.comparingLong(ActionItem::doneAt))
        .map(i -> new PagesPerWeek.DoneAction(i.id(), i.title(), i.doneAt())).toList();
    return new PagesPerWeek(teamId, p.weeks().zone().getId(), p.starts(), teamPages, PagesPerWeek.Trend.fit(teamPages), serviceWeeks, done);
  }

  /** Weeks without a page over the last {@code weeks} weeks: the current run and the best one. */
  public QuietStreak quietStreak(long teamId, int weeks) {
    Period p = period(teamId, weeks, true);
    long[] pages = new long[weeks];
    for (InsightsStore.Hour h : p.hours()) {
      int w = p.week(h.hourStart());
      if (w >= 0) {
        pages[w] += h.pages();
      }
    }
    int lastPagedWeek = weeks - 1;
    while (lastPagedWeek >= 0 && pages[lastPagedWeek] == 0) {
      lastPagedWeek--;
    }
    Long lastPage = null;
    if (lastPagedWeek >= 0) {
      int week = lastPagedWeek;
      lastPage = db.withHandle(h -> InsightsStore.lastPaged(h, p.services().keySet(), p.starts().get(week), p.end(week))).orElse(null);
    }
    int run = 0;
    int best = 0;
    for (long n : pages) {
      run = n == 0 ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return new QuietStreak(teamId, p.weeks().zone().getId(), weeks, run, best, lastPage, p.starts(), boxed(pages));
  }

  /** MTTA and MTTR per service and week over the last {@code weeks} weeks, week by week, services by name. */
  public ResponseWeeks responseTimesPerWeek(long teamId, int weeks) {
    Period p = period(teamId, weeks, false);
    List<List<InsightsStore.Hour>> byWeek = new ArrayList<>();
    for (int w = 0; w < weeks; w++) {
      byWeek.add(new ArrayList<>());
    }
    p.hours().forEach(h -> {
      int w = p.week(h.hourStart());
      if (w >= 0) {
        byWeek.get(w).add(h);
      }
    });
    List<ResponseTime> out = new ArrayList<>();
    for (int w = 0; w < weeks; w++) {
      out.addAll(responseTimes(p.services(), byWeek.get(w), p.starts().get(w), p.end(w)));
    }
    return new ResponseWeeks(teamId, p.weeks().zone().getId(), p.starts(), out);
  }

  /** MTTA and MTTR per service of the team for incidents opened in [from, to). */
  public List<ResponseTime> responseTimes(long teamId, long from, long to) {
    Map<Long, String> names = serviceNames(teamId);
    return responseTimes(names, hours(names, from, to), from, to);
  }

  /** Incidents, pages and night pages per service of the team for incidents opened in [from, to). */
  public List<ServicePages> pagesPerService(long teamId, long from, long to) {
    Map<Long, String> names = serviceNames(teamId);
    TeamWeeks weeks = weeks(teamId);
    Map<Long, long[]> counts = new LinkedHashMap<>();
    names.keySet().forEach(id -> counts.put(id, new long[3]));
    for (InsightsStore.Hour h : hours(names, from, to)) {
      long[] c = counts.get(h.serviceId());
      c[0] += h.opened();
      c[1] += h.pages();
      c[2] += night(h, weeks);
    }
    return counts.entrySet().stream()
        .map(e -> new ServicePages(e.getKey(), names.get(e.getKey()), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
  }

  /** Each service of the team hour by hour over [from, to), from the rollup: the week view of a review's dashboards. */
  public List<ServiceHours> hourly(long teamId, long from, long to) {
    Map<Long, String> names = serviceNames(teamId);
    int slots = (int) Math.max(1, Math.ceilDiv(to - from, InsightsStore.HOUR));
    Map<Long, long[][]> series = new LinkedHashMap<>();
    names.keySet().forEach(id -> series.put(id, new long[3][slots]));
    for (InsightsStore.Hour h : hours(names, from, to)) {
      long[][] s = series.get(h.serviceId());
      int slot = (int) Math.min(slots - 1, Math.max(0, (h.hourStart() - from) / InsightsStore.HOUR));
      s[0][slot] += h.alertEvents();
      s[1][slot] += h.pages();
      s[2][slot] += h.opened();
    }
    return series.entrySet().stream()
        .map(e -> new ServiceHours(e.getKey(), names.get(e.getKey()), from, e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
  }

  /** The noise ranking over the last {@code weeks} weeks (the current one last). */
  public NoiseRanking noise(long teamId, int weeks) {
    requireWeeks(weeks);
    TeamWeeks teamWeeks = weeks(teamId);
    List<Long> starts = teamWeeks.last(weeks, clock.millis());
    return noise(teamId, teamWeeks, serviceNames(teamId), weeks, starts.getFirst(), teamWeeks.next(starts.getLast()));
  }

  /** The noise ranking of the team's alert rules for incidents opened in [from, to); fires per week over its whole weeks (at least one). */
  public NoiseRanking noise(long teamId, long from, long to) {
    Map<Long, String> names = serviceNames(teamId);
    int weeks = (int) Math.max(1, Math.round((to - from) / (double) WEEK_MILLIS));
    return noise(teamId, weeks(teamId), names, weeks, from, to);
  }

  private NoiseRanking noise(long teamId, TeamWeeks teamWeeks, Map<Long, String> names, int weeks, long from, long to) {
    record Key(long serviceId, String fingerprint) {}
    // The store sums and ranks by count; a few spare rows let ties at the cut be ordered here, by fingerprint, the same on both stores.
    triggers.catchUpOrWarn();
    List<InsightsStore.RuleSums> ranked = db.withHandle(h -> InsightsStore.noisiest(h, names.keySet(), from, to, 4 * MAX_RULES)).stream()
        .sorted(Comparator.comparingLong((InsightsStore.RuleSums r) -> -r.opened()).thenComparingLong(r -> -r.pages())
            .thenComparing(InsightsStore.RuleSums::fingerprint))
        .limit(MAX_RULES).toList();
    List<String> fingerprints = ranked.stream().map(InsightsStore.RuleSums::fingerprint).distinct().toList();
    Map<Key, Long> nights = new HashMap<>();
    // Night pages: those of hours that start in the sleep band in the team's zone. Many rules page in
    // the same hour, so each hour's band is worked out once.
    Map<Long, Boolean> sleepHours = new HashMap<>();
    for (InsightsStore.Paged p : db.withHandle(h -> InsightsStore.pagedHours(h, names.keySet(), fingerprints, from, to))) {
      if (sleepHours.computeIfAbsent(p.hourStart(), at -> inSleep(at, teamWeeks))) {
        nights.merge(new Key(p.serviceId(), p.fingerprint()), p.pages(), Long::sum);
      }
    }
    Map<String, String> titles = incidents.latestTitles(fingerprints);
    Map<String, Map<String, Long>> fixes = incidents.logActionCounts(fingerprints, from, to);
    List<NoiseRanking.Rule> rules = new ArrayList<>();
    for (InsightsStore.RuleSums r : ranked) {
      String fp = r.fingerprint();
      Map.Entry<String, Long> top = fixes.getOrDefault(fp, Map.of()).entrySet().stream()
          .filter(f -> LogEntry.actedOn(f.getKey()) && !OTHER_ACTION.equals(f.getKey()))
          .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElse(null);
      Suggestion.Suggested suggested = Suggestion.suggest(r.opened(), weeks, r.actedOn(), r.senderResolvedFast(), top == null ? null : top.getKey(),
          top == null ? 0 : top.getValue());
      rules.add(new NoiseRanking.Rule(fp, r.serviceId(), names.get(r.serviceId()), titles.getOrDefault(fp, fp), r.opened(),
          (double) r.opened() / weeks, r.alertEvents(), r.pages(), (double) r.actedOn() / r.opened(), (double) r.senderResolvedFast() / r.opened(),
          nights.getOrDefault(new Key(r.serviceId(), fp), 0L), top == null ? null : top.getKey(), top == null ? 0 : top.getValue(),
          suggested.suggestion(), suggested.reason()));
    }
    return new NoiseRanking(teamId, teamWeeks.zone().getId(), weeks, from, to, rules);
  }

  /** Pages of the hour that fell in the sleep band, in the team's zone. */
  private long night(InsightsStore.Hour h, TeamWeeks weeks) {
    return h.pages() > 0 && inSleep(h.hourStart(), weeks) ? h.pages() : 0;
  }

  /** An hour is judged by its start. */
  private boolean inSleep(long hourStart, TeamWeeks weeks) {
    return bands.band(Instant.ofEpochMilli(hourStart), weeks.zone()) == HourBands.Band.SLEEP;
  }

  private static List<ResponseTime> responseTimes(Map<Long, String> names, List<InsightsStore.Hour> hours, long from, long to) {
    Map<Long, long[]> sums = new LinkedHashMap<>();
    names.keySet().forEach(id -> sums.put(id, new long[5]));
    for (InsightsStore.Hour h : hours) {
      long[] s = sums.get(h.serviceId());
      s[0] += h.opened();
      s[1] += h.acked();
      s[2] += h.ackMillis();
      s[3] += h.resolved();
      s[4] += h.resolveMillis();
    }
    return sums.entrySet().stream().map(e -> {
      long[] s = e.getValue();
      return new ResponseTime(from, to, e.getKey(), names.get(e.getKey()), s[0], s[1], ResponseTime.mean(s[2], s[1]), s[3],
          ResponseTime.mean(s[4], s[3]));
    }).toList();
  }

  /**
   * The last {@code weeks} weeks of a team: their starts, its services, and the rollup summed per
   * service and week (each row's hourStart is its week's start).
   */
  private record Period(TeamWeeks weeks, List<Long> starts, long from, long to, Map<Long, String> services, List<InsightsStore.Hour> hours) {
    int week(long at) {
      return TeamWeeks.indexOf(starts, to, at);
    }

    /** The end of week {@code w}: the next one's start, or the period's end. */
    long end(int w) {
      return w + 1 < starts.size() ? starts.get(w + 1) : to;
    }
  }

  /** {@code pagesOnly}: only the pages are summed (the other counts read 0), which is all that pages and quiet weeks need. */
  private Period period(long teamId, int weeks, boolean pagesOnly) {
    requireWeeks(weeks);
    TeamWeeks teamWeeks = weeks(teamId);
    List<Long> starts = teamWeeks.last(weeks, clock.millis());
    long from = starts.getFirst();
    long to = teamWeeks.next(starts.getLast());
    Map<Long, String> names = serviceNames(teamId);
    List<long[]> windows = new ArrayList<>(weeks);
    for (int i = 0; i < starts.size(); i++) {
      windows.add(new long[] {starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : to});
    }
    triggers.catchUpOrWarn();
    return new Period(teamWeeks, starts, from, to, names, db.withHandle(h -> InsightsStore.perWindow(h, names.keySet(), windows, pagesOnly)));
  }

  private List<InsightsStore.Hour> hours(Map<Long, String> services, long from, long to) {
    triggers.catchUpOrWarn();
    return db.withHandle(h -> InsightsStore.hours(h, services.keySet(), from, to));
  }

  /** The team's services by id, in name order. */
  private Map<Long, String> serviceNames(long teamId) {
    Map<Long, String> names = new LinkedHashMap<>();
    services.all(team -> Objects.equals(team, teamId)).stream().sorted(Comparator.comparing(Service::name))
        .forEach(s -> names.put(s.id(), s.name()));
    return names;
  }

  private static void requireWeeks(int weeks) {
    if (weeks < 1 || weeks > MAX_WEEKS) {
      throw Problem.invalid("weeks", "weeks: 1-" + MAX_WEEKS);
    }
  }

  private static List<Long> boxed(long[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
