package dev.hush.anomalies;

import static dev.hush.people.AuditLog.state;

import dev.hush.core.Problem;
import dev.hush.insights.InsightsService;
import dev.hush.insights.ServiceHours;
import dev.hush.people.PeopleService;
import dev.hush.services.Service;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A service's metric series: Hush's own (alerts, pages and incidents per hour, from the insights
 * rollup) and the ones imported for it. Imported samples are put on the series' regular step (the
 * most common gap of its first import) so that the detectors can read them.
 */
public final class MetricsService {
  /** A week at one-minute steps, and a little more: the finest step a week's chart needs. */
  static final long MIN_STEP = 10_000L;
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})?");
  private static final long HOUR = 3_600_000L;

  private final Database db;
  private final ServiceCatalog services;
  private final InsightsService insights;
  private final PeopleService people;
  private final Clock clock;

  public MetricsService(Database db, ServiceCatalog services, InsightsService insights, PeopleService people, Clock clock) {
    this.db = db;
    this.services = services;
    this.insights = insights;
    this.people = people;
    this.clock = clock;
  }

  /** What one import wrote: per series, how many samples and on which step. */
  public record Imported(String series, int samples, long stepMs, long fromMs, long toMs) {}

  /**
   * Imports samples per series name for a service, on each series' step: a new series takes the
   * most common gap of its samples; an existing one keeps its step, and samples off its grid go to
   * the nearest slot.
   */
  public List<Imported> importSamples(long serviceId, Map<String, TreeMap<Long, Double>> bySeries, Long actorId) {
    Service service = services.byId(serviceId).orElseThrow(() -> Problem.invalid("service", "no service " + serviceId));
    for (String name : bySeries.keySet()) {
      if (name.length() > 300 || !NAME.matcher(name).matches()) {
        throw Problem.invalid("series", "series name " + name + " must look like metric_name or metric_name{label=\"value\"}");
      }
    }
    return db.inTransaction(h -> {
      List<Imported> out = new ArrayList<>();
      for (var e : bySeries.entrySet()) {
        TreeMap<Long, Double> samples = e.getValue();
        if (samples.isEmpty()) {
          continue;
        }
        long[] times = samples.keySet().stream().mapToLong(Long::longValue).toArray();
        double[] values = samples.values().stream().mapToDouble(Double::doubleValue).toArray();
        var existing = MetricStore.series(h, serviceId, e.getKey());
        long step = existing.map(MetricStore.SeriesRow::stepMs).orElseGet(() -> Series.regular(e.getKey(), times, values).stepMs());
        if (step < MIN_STEP) {
          throw Problem.invalid("input", e.getKey() + ": samples closer than " + MIN_STEP / 1000 + " s apart");
        }
        long id = existing.map(MetricStore.SeriesRow::id).orElseGet(() -> MetricStore.insertSeries(h, serviceId, e.getKey(), step, clock.millis()));
        // On the grid: the nearest multiple of the step; the last sample in a slot wins.
        TreeMap<Long, Double> grid = new TreeMap<>();
        for (int i = 0; i < times.length; i++) {
          if (!Double.isNaN(values[i])) {
            grid.put(Math.round(times[i] / (double) step) * step, values[i]);
          }
        }
        MetricStore.putSamples(h, id, grid.keySet().stream().mapToLong(Long::longValue).toArray(),
            grid.values().stream().mapToDouble(Double::doubleValue).toArray());
        out.add(new Imported(e.getKey(), grid.size(), step, grid.firstKey(), grid.lastKey() + step));
      }
      people.audit(h, actorId, "metrics.import", "service:" + serviceId, service.teamId(), null,
          state("series", out.stream().map(Imported::series).toList(), "samples", out.stream().mapToInt(Imported::samples).sum()));
      return out;
    });
  }

  /** The imported series of a service over [from, to), regular, NaN where no sample was. */
  public List<Series> imported(long serviceId, long from, long to) {
    return importedOf(List.of(serviceId), from, to).getOrDefault(serviceId, List.of());
  }

  /** The imported series of these services over [from, to), by service. */
  public Map<Long, List<Series>> importedOf(List<Long> serviceIds, long from, long to) {
    return db.withHandle(h -> {
      List<MetricStore.SeriesRow> rows = MetricStore.seriesOf(h, serviceIds);
      Map<Long, double[]> values = new LinkedHashMap<>();
      Map<Long, Long> starts = new LinkedHashMap<>();
      for (MetricStore.SeriesRow r : rows) {
        long start = Math.ceilDiv(from, r.stepMs()) * r.stepMs();
        int n = (int) Math.max(0, Math.ceilDiv(to - start, r.stepMs()));
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        values.put(r.id(), v);
        starts.put(r.id(), start);
      }
      Map<Long, Long> steps = new LinkedHashMap<>();
      rows.forEach(r -> steps.put(r.id(), r.stepMs()));
      for (MetricStore.Sample s : MetricStore.samples(h, values.keySet(), from, to)) {
        int i = (int) ((s.at() - starts.get(s.seriesId())) / steps.get(s.seriesId()));
        double[] v = values.get(s.seriesId());
        if (i >= 0 && i < v.length) {
          v[i] = s.value();
        }
      }
      Map<Long, List<Series>> out = new LinkedHashMap<>();
      for (MetricStore.SeriesRow r : rows) {
        out.computeIfAbsent(r.serviceId(), k -> new ArrayList<>()).add(new Series(r.name(), starts.get(r.id()), r.stepMs(), values.get(r.id())));
      }
      return out;
    });
  }

  /**
   * Hush's own series of a team's services over [from, to), by service: alerts received, pages and
   * incidents opened per UTC hour, from the insights rollup ({@code from} on an hour).
   */
  public Map<Long, List<Series>> own(long teamId, long from, long to) {
    Map<Long, List<Series>> out = new LinkedHashMap<>();
    for (ServiceHours s : insights.hourly(teamId, from, to)) {
      out.put(s.serviceId(), List.of(series("alerts", s.from(), s.alertEvents()), series("pages", s.from(), s.pages()),
          series("incidents", s.from(), s.incidents())));
    }
    return out;
  }

  private static Series series(String name, long from, long[] counts) {
    double[] v = new double[counts.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = counts[i];
    }
    return new Series(name, from, HOUR, v);
  }
}
