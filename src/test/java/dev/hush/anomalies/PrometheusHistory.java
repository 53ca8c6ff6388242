package dev.hush.anomalies;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Four weeks and a day of scraped metrics, one sample a minute from Mon 12 Oct 2026 00:00 UTC, with
 * known anomalies:
 *
 * <ul>
 *   <li>{@code http_requests_total{service="checkout"}} drops to a sixth on Wed 4 Nov 14:05–14:40;
 *   <li>{@code http_requests_total{service="search",code="500"}} is 30 % of search's requests on Thu 5 Nov 11:00–11:30
 *       (else 1 %);
 *   <li>{@code queue_depth{service="checkout"}} is 20–40, and during each {@link #BACKLOGS backlog} above 100, which
 *       the rule {@code CheckoutQueueBacklog} ({@code > 100} for 2m) pages on, and so does
 *       {@code CheckoutQueueStuck}, the same condition written as no simple comparison.
 * </ul>
 */
final class PrometheusHistory {
  static final long MINUTE = 60_000L;
  static final long FROM = at("2026-10-12T00:00:00Z");
  static final long TO = at("2026-11-10T00:00:00Z");
  static final long CHECKOUT_DROP = at("2026-11-04T14:05:00Z");
  static final long SEARCH_ERRORS = at("2026-11-05T11:00:00Z");

  /** A run of queue backlog: from {@code start}, {@code minutes} samples at {@code depth}; {@code actionable} is the on-call log's verdict. */
  record Backlog(long start, int minutes, double depth, boolean actionable) {}

  static final List<Backlog> BACKLOGS = List.of(
      new Backlog(at("2026-10-14T03:00:00Z"), 4, 150, false),
      new Backlog(at("2026-10-16T12:00:00Z"), 25, 400, true),
      new Backlog(at("2026-10-20T22:10:00Z"), 3, 130, false),
      new Backlog(at("2026-10-23T09:30:00Z"), 6, 180, false),
      new Backlog(at("2026-10-25T04:00:00Z"), 20, 160, false),
      new Backlog(at("2026-10-28T15:00:00Z"), 12, 260, true),
      new Backlog(at("2026-11-03T02:00:00Z"), 5, 140, false),
      new Backlog(at("2026-11-04T10:00:00Z"), 40, 500, true),
      new Backlog(at("2026-11-06T19:00:00Z"), 3, 120, false));

  static final String RULES = """
      groups:
        - name: checkout
          rules:
            - alert: CheckoutQueueBacklog
              expr: queue_depth{service="checkout"} > 100
              for: 2m
              labels:
                severity: page
            - alert: CheckoutQueueStuck
              expr: queue_depth{service="checkout"} > 100 and on() vector(1) > 0
              for: 2m
      """;

  private PrometheusHistory() {}

  static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  /** The whole history as OpenMetrics text. */
  static String openMetrics() {
    StringBuilder out = new StringBuilder(16 * 1024 * 1024);
    Random rnd = new Random(7);
    out.append("# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\n");
    requests(out, rnd, "checkout", 1200);
    requests(out, rnd, "search", 300);
    out.append("# HELP queue_depth Jobs waiting.\n# TYPE queue_depth gauge\n");
    for (long t = FROM; t < TO; t += MINUTE) {
      double depth = depth(t);
      sample(out, "queue_depth{service=\"checkout\"}", depth, t);
    }
    out.append("# EOF\n");
    return out.toString();
  }

  /** The queue depth at {@code t}: the backlog's depth within one, else 20–40. */
  static double depth(long t) {
    for (Backlog b : BACKLOGS) {
      if (t >= b.start() && t < b.start() + b.minutes() * MINUTE) {
        return b.depth();
      }
    }
    return 30 + 10 * Math.sin(2 * Math.PI * t / (24 * 60 * MINUTE));
  }

  private static void requests(StringBuilder out, Random rnd, String service, double peak) {
    int n = (int) ((TO - FROM) / MINUTE);
    double[] ok = new double[n];
    double[] failed = new double[n];
    for (int i = 0; i < n; i++) {
      long t = FROM + i * MINUTE;
      double m = peak * seasonal(t);
      double count = Math.max(0, Math.round(m + rnd.nextGaussian() * Math.sqrt(m)));
      if (service.equals("checkout") && t >= CHECKOUT_DROP && t < CHECKOUT_DROP + 35 * MINUTE) {
        count = Math.round(count / 6);
      }
      double errorShare = service.equals("search") && t >= SEARCH_ERRORS && t < SEARCH_ERRORS + 30 * MINUTE ? 0.30 : 0.01;
      failed[i] = Math.round(count * errorShare);
      ok[i] = count - failed[i];
    }
    counter(out, "http_requests_total{service=\"" + service + "\",code=\"200\"}", ok);
    counter(out, "http_requests_total{service=\"" + service + "\",code=\"500\"}", failed);
  }

  private static void counter(StringBuilder out, String series, double[] perMinute) {
    double total = 0;
    for (int i = 0; i < perMinute.length; i++) {
      total += perMinute[i];
      sample(out, series, total, FROM + i * MINUTE);
    }
  }

  private static void sample(StringBuilder out, String series, double value, long t) {
    out.append(series).append(' ').append(String.format(Locale.ROOT, "%.1f", value)).append(' ').append(t / 1000).append('\n');
  }

  /** Daily and weekly traffic: low at night (UTC), lower at weekends. */
  private static double seasonal(long t) {
    double hour = (t % (24 * 60 * MINUTE)) / (60.0 * MINUTE);
    int day = (int) ((t - FROM) / (24 * 60 * MINUTE) % 7); // 0 = Monday
    double daily = 0.35 + 0.65 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 3) / 24));
    return daily * (day >= 5 ? 0.55 : 1.0);
  }
}
