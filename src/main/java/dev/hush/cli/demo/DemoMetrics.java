package dev.hush.cli.demo;

import dev.hush.anomalies.MetricsService;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Each demo service's metrics, so that the review's dashboards have something to show without a
 * Prometheus: requests per second, the error ratio and the p99 latency at five-minute steps, over
 * the four weeks the review's baseline reads and the latest on-call week. Traffic follows the team's
 * day (lowest at 04:00, highest at 16:00) and drops on weekends; latency rises a little with load;
 * every sample has noise. The latest week holds the {@link #PLANTED} anomalies, and the other
 * services stay quiet.
 */
final class DemoMetrics {
  static final String REQUESTS = "http_requests_per_second";
  static final String ERRORS = "http_error_ratio";
  static final String LATENCY = "http_p99_latency_seconds";
  static final long STEP = 5 * 60_000L;
  /** The weeks of samples before the latest one: as many as the review's baseline reads. */
  static final int HISTORY_WEEKS = 4;
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long WEEK = 7 * DAY;

  /**
   * An anomaly in the latest week: on {@code service}'s {@code series}, from {@code at} after the
   * week's hand-off for {@code duration} (to the week's end when null), the value times {@code factor}
   * (or, for the error ratio, {@code factor} itself); {@code deploy} is the change it follows, if any.
   */
  record Planted(String service, String series, long at, Long duration, double factor, String deploy) {
    long from(long weekStart) {
      return weekStart + at;
    }
  }

  /** Hand-off is Monday 09:00: one day and five hours later is Tuesday 14:00. */
  static final List<Planted> PLANTED = List.of(
      // Checkout traffic halves for three quarters of an hour after a deploy, and no alert fires.
      new Planted("checkout-api", REQUESTS, DAY + 5 * HOUR + 10 * MINUTE, 45 * MINUTE, 0.45, "Deploy checkout-api: new basket service client"),
      // Search answers one request in twenty with an error for twenty-five minutes on Wednesday morning.
      new Planted("search", ERRORS, 2 * DAY + HOUR + 20 * MINUTE, 25 * MINUTE, 0.05, null),
      // The token endpoint's p99 stays 60 % higher from Thursday's pool change on.
      new Planted("auth-gateway", LATENCY, 3 * DAY + 2 * HOUR + 30 * MINUTE, null, 1.6, "Deploy auth-gateway: connection pool per tenant"));

  /** A service's usual levels: requests per second at the daily peak, error ratio, p99 latency in seconds off-peak. */
  private record Levels(double requests, double errors, double latency) {}

  private static final Map<String, Levels> LEVELS = Map.of(
      "checkout-api", new Levels(220, 0.003, 0.35),
      "payments-db", new Levels(480, 0.0008, 0.025),
      "search", new Levels(140, 0.002, 0.22),
      "ledger-worker", new Levels(35, 0.001, 0.9),
      "auth-gateway", new Levels(310, 0.0015, 0.08));

  private DemoMetrics() {}

  /**
   * The samples of one service from {@code weekStart − HISTORY_WEEKS} weeks to {@code weekEnd}, by
   * series name; the team's day is read at {@code offset} (the hand-off zone's offset that week, so
   * that a daylight-saving change in the history does not move the pattern).
   */
  static Map<String, TreeMap<Long, Double>> samples(String service, long weekStart, long weekEnd, ZoneOffset offset, long seed) {
    Levels levels = LEVELS.get(service);
    Random random = new Random(seed ^ service.hashCode());
    long from = weekStart - HISTORY_WEEKS * WEEK;
    TreeMap<Long, Double> requests = new TreeMap<>();
    TreeMap<Long, Double> errors = new TreeMap<>();
    TreeMap<Long, Double> latency = new TreeMap<>();
    for (long t = from; t < weekEnd; t += STEP) {
      double load = load(t, offset);
      double r = levels.requests() * load * (1 + 0.03 * random.nextGaussian());
      double e = levels.errors() * (1 + 0.15 * random.nextGaussian());
      double l = levels.latency() * (0.85 + 0.3 * load) * (1 + 0.04 * random.nextGaussian());
      for (Planted p : PLANTED) {
        if (p.service().equals(service) && t >= p.from(weekStart) && (p.duration() == null || t < p.from(weekStart) + p.duration())) {
          switch (p.series()) {
            case REQUESTS -> r *= p.factor();
            case ERRORS -> e = p.factor() * (1 + 0.1 * random.nextGaussian());
            default -> l *= p.factor();
          }
        }
      }
      requests.put(t, round(r, 10));
      errors.put(t, round(Math.max(0, e), 100_000));
      latency.put(t, round(l, 10_000));
    }
    Map<String, TreeMap<Long, Double>> out = new LinkedHashMap<>();
    out.put(REQUESTS, requests);
    out.put(ERRORS, errors);
    out.put(LATENCY, latency);
    return out;
  }

  /** Imports every service's samples through the metrics import, one transaction and batch per service. */
  static void importAll(MetricsService metrics, Map<String, Long> serviceIds, long weekStart, long weekEnd, ZoneOffset offset, long seed, long actorId) {
    serviceIds.forEach((name, id) -> metrics.importSamples(id, samples(name, weekStart, weekEnd, offset, seed), actorId));
  }

  /** Traffic relative to a weekday's peak: lowest at 04:00, highest at 16:00 team time, 60 % of that on weekends. */
  static double load(long t, ZoneOffset offset) {
    var local = Instant.ofEpochMilli(t).atOffset(offset);
    double hour = local.getHour() + local.getMinute() / 60.0;
    double day = 0.2 + 0.8 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 4) / 24));
    return day * (local.getDayOfWeek().getValue() >= 6 ? 0.6 : 1.0);
  }

  private static double round(double v, double scale) {
    return Math.round(v * scale) / scale;
  }
}
