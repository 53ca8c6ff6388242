import dev.hush.Hush;
import dev.hush.HushConfig;
import dev.hush.anomalies.AnomalyKind;
import dev.hush.anomalies.Detector;
import dev.hush.anomalies.Findings;
import dev.hush.anomalies.MetricQuery;
import dev.hush.anomalies.PrometheusService;
import dev.hush.anomalies.Series;
import dev.hush.core.SecretBox;
import dev.hush.notify.AllowedTargets;
import dev.hush.services.Service;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The review's dashboards of a team of SERVICES services read from a real Prometheus on loopback:
 * the fetch (every service's three default queries over the review's five weeks, through
 * PrometheusService.fetch, the call AnomalyService.boards makes, with the step it fits to the range)
 * and the scan of what was fetched (Findings.top per service, as AnomalyService.scanOnce calls it).
 *
 * <pre>
 * java -cp target/hush.jar bench/tools/PrometheusBench.java generate FILE
 *     five weeks of one-minute OpenMetrics up to the review's week end, for the default queries:
 *     http_requests_total by code (200, 404, 500) and http_request_duration_seconds_bucket (7 le)
 * java -cp target/hush.jar bench/tools/PrometheusBench.java run BASE_URL ROUNDS WARMUPS [PROMETHEUS_PID]
 *     WARMUPS unmeasured and ROUNDS measured rounds; each round: the floor (the same query_range
 *     requests with a bare JDK HttpClient, the body read and dropped), the fetch, the scan
 * java bench/tools/PrometheusBench.java port
 *     a free port on 127.0.0.1
 * </pre>
 *
 * The fetch's two-minute reuse of a team's range is emptied before every round (by saving the same
 * source again, not timed), so that every round asks Prometheus. Planted in the review's week:
 * svc-03's traffic at a sixth Wed 14:05–14:40, svc-07's 5xx at 30 % Thu 11:00–11:30, svc-12's
 * latency four times slower Tue 16:00–16:45, svc-16 without traffic Fri 09:00–09:20.
 */
public class PrometheusBench {
  static final long MINUTE = 60_000L;
  static final long WEEK = 7 * 24 * 60 * MINUTE;
  static final int SERVICES = 20;
  static final long WEEK_START = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli(); // a Monday: the last whole week
  static final long WEEK_END = WEEK_START + WEEK;
  static final long HISTORY_FROM = WEEK_START - 4 * WEEK; // AnomalyService.HISTORY_WEEKS
  /** The samples start an hour early, so that rate(...[5m]) has data at the range's first step. */
  static final long DATA_FROM = HISTORY_FROM - 60 * MINUTE;
  static final String[] CODES = {"200", "404", "500"};
  static final String[] LE = {"0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};
  /** Cumulative shares of requests at or under each bound: usual, and four times slower. */
  static final double[] USUAL = {0.30, 0.62, 0.93, 0.985, 0.997, 0.9995, 1};
  static final double[] SLOW = {0.03, 0.10, 0.40, 0.72, 0.93, 0.985, 1};

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "generate" -> generate(Path.of(args[1]));
      case "port" -> {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
          System.out.println(socket.getLocalPort());
        }
      }
      case "run" -> run(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args.length > 4 ? Long.parseLong(args[4]) : -1);
      default -> throw new IllegalArgumentException("generate FILE | run BASE_URL ROUNDS WARMUPS [PID]");
    }
  }

  static String name(int s) {
    return String.format("svc-%02d", s + 1);
  }

  static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  // ---- generate ----

  static void generate(Path file) throws Exception {
    int n = (int) ((WEEK_END - DATA_FROM) / MINUTE);
    SplittableRandom rnd = new SplittableRandom(20261203L);
    long[][][] codes = new long[SERVICES][CODES.length][n];
    long[][][] buckets = new long[SERVICES][LE.length][n];
    long lines = 0;
    for (int s = 0; s < SERVICES; s++) {
      double peak = 100 + rnd.nextDouble() * 1900;
      long[] total = new long[CODES.length];
      long[] cum = new long[LE.length];
      for (int i = 0; i < n; i++) {
        long t = DATA_FROM + i * MINUTE;
        double m = peak * seasonal(t);
        double count = Math.max(0, Math.round(m + rnd.nextGaussian() * Math.sqrt(m)));
        if (s == 2 && t >= at("2026-11-25T14:05:00Z") && t < at("2026-11-25T14:40:00Z")) {
          count = Math.round(count / 6);
        }
        if (s == 15 && t >= at("2026-11-27T09:00:00Z") && t < at("2026-11-27T09:20:00Z")) {
          count = 0;
        }
        double errors = s == 6 && t >= at("2026-11-26T11:00:00Z") && t < at("2026-11-26T11:30:00Z") ? 0.30 : 0.005;
        long e5 = Math.round(count * errors * (0.8 + 0.4 * rnd.nextDouble()));
        long e4 = Math.round(count * 0.02 * (0.8 + 0.4 * rnd.nextDouble()));
        long ok = Math.max(0, (long) count - e5 - e4);
        total[0] += ok;
        total[1] += e4;
        total[2] += e5;
        double[] shares = s == 11 && t >= at("2026-11-24T16:00:00Z") && t < at("2026-11-24T16:45:00Z") ? SLOW : USUAL;
        long served = ok + e4 + e5;
        long below = 0;
        for (int k = 0; k < LE.length; k++) {
          long c = k == LE.length - 1 ? served
              : Math.min(served, Math.max(below, Math.round(served * shares[k] + rnd.nextGaussian() * Math.sqrt(served * shares[k] * (1 - shares[k]) + 1e-9))));
          below = c;
          cum[k] += c;
          buckets[s][k][i] = cum[k];
        }
        for (int c = 0; c < CODES.length; c++) {
          codes[s][c][i] = total[c];
        }
      }
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      write(out, "# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\n");
      for (int s = 0; s < SERVICES; s++) {
        for (int c = 0; c < CODES.length; c++) {
          lines += series(out, "http_requests_total{service=\"" + name(s) + "\",code=\"" + CODES[c] + "\"} ", codes[s][c]);
        }
      }
      write(out, "# HELP http_request_duration_seconds Time to serve a request.\n# TYPE http_request_duration_seconds histogram\n");
      for (int s = 0; s < SERVICES; s++) {
        for (int k = 0; k < LE.length; k++) {
          lines += series(out, "http_request_duration_seconds_bucket{service=\"" + name(s) + "\",le=\"" + LE[k] + "\"} ", buckets[s][k]);
        }
      }
      write(out, "# EOF\n");
    }
    System.out.printf("om_series=%d%nom_samples=%d%nom_bytes=%d%n", SERVICES * (CODES.length + LE.length), lines, Files.size(file));
  }

  static long series(OutputStream out, String head, long[] values) throws Exception {
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(64);
    for (int i = 0; i < values.length; i++) {
      out.write(h);
      sb.setLength(0);
      sb.append(values[i]).append(' ').append((DATA_FROM + i * MINUTE) / 1000).append('\n');
      write(out, sb.toString());
    }
    return values.length;
  }

  static void write(OutputStream out, String s) throws Exception {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Daily and weekly traffic: low at night (UTC), lower at weekends. */
  static double seasonal(long t) {
    double hour = (t % (24 * 60 * MINUTE)) / (60.0 * MINUTE);
    int day = (int) (Math.floorMod(t - WEEK_START, WEEK) / (24 * 60 * MINUTE)); // 0 = Monday
    double daily = 0.35 + 0.65 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 3) / 24));
    return daily * (day >= 5 ? 0.55 : 1.0);
  }

  // ---- run ----

  static void run(String baseUrl, int rounds, int warmups, long pid) throws Exception {
    Path dir = Files.createTempDirectory("prometheus-bench");
    HushConfig config = new HushConfig(HushConfig.sqliteUrl(dir), null, "127.0.0.1", 0, "http://localhost", 0, false, "bench",
        HushConfig.DEFAULT_DELIVERY, AllowedTargets.parse("127.0.0.1/32"), SecretBox.fromBase64(SecretBox.newKey()));
    try (Hush hush = Hush.open(config, Clock.systemUTC())) {
      long admin = hush.people().createUser("admin@bench.local", "admin", "bench-password-admin", true, "UTC", null).id();
      long team = hush.people().createTeam("bench", admin).id();
      List<Service> services = new ArrayList<>();
      for (int s = 0; s < SERVICES; s++) {
        services.add(hush.services().create(name(s), "", team, null, false, admin));
      }
      PrometheusService prometheus = hush.anomalies().prometheus();
      Findings findings = new Findings(new Detector(ZoneOffset.UTC), ZoneOffset.UTC);
      HttpClient bare = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
      double[] fetchMs = new double[rounds];
      double[] scanMs = new double[rounds];
      double[] totalMs = new double[rounds];
      double[] floorMs = new double[rounds];
      double[] promCpuFetchMs = new double[rounds];
      double[] ownCpuFetchMs = new double[rounds];
      double[] promCpuFloorMs = new double[rounds];
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      PrometheusService.Fetched fetched = null;
      List<Findings.Finding> found = List.of();
      long bodyBytes = 0;
      Map<String, Long> floorByQuery = new java.util.LinkedHashMap<>();
      for (int r = -warmups; r < rounds; r++) {
        prometheus.saveSource(team, baseUrl, "none", null, null, null, admin); // empties the two-minute reuse
        // The floor: the same requests, the answer read and dropped.
        long p0 = procCpuMs(pid);
        long a = System.nanoTime();
        bodyBytes = 0;
        for (Service s : services) {
          for (MetricQuery q : MetricQuery.DEFAULTS) {
            long q0 = System.nanoTime();
            bodyBytes += bareQuery(bare, baseUrl, q.promql().replace("$service", s.name()), fetched);
            if (r >= 0) {
              floorByQuery.merge(q.name(), System.nanoTime() - q0, Long::sum);
            }
          }
        }
        long b = System.nanoTime();
        long p1 = procCpuMs(pid);
        long c0 = os.getProcessCpuTime();
        // The fetch: what AnomalyService.boards asks for, the review's five weeks.
        fetched = prometheus.fetch(team, services, HISTORY_FROM, WEEK_END);
        long c = System.nanoTime();
        long c1 = os.getProcessCpuTime();
        long p2 = procCpuMs(pid);
        if (fetched.error() != null) {
          throw new IllegalStateException(fetched.error());
        }
        // The scan: AnomalyService.scanOnce's call, one service after another (no incidents or changes to line up).
        List<Findings.Finding> all = new ArrayList<>();
        for (Service s : services) {
          all.addAll(findings.top(fetched.series().getOrDefault(s.id(), List.of()), WEEK_START, WEEK_END, List.of(), f -> 1.0,
              Findings.DEFAULT_LIMIT));
        }
        long d = System.nanoTime();
        if (r >= 0) {
          floorMs[r] = (b - a) / 1e6;
          fetchMs[r] = (c - b) / 1e6;
          scanMs[r] = (d - c) / 1e6;
          totalMs[r] = (d - b) / 1e6;
          promCpuFloorMs[r] = p1 - p0;
          promCpuFetchMs[r] = p2 - p1;
          ownCpuFetchMs[r] = (c1 - c0) / 1e6;
        }
        found = all;
      }
      long seriesCount = 0;
      long points = 0;
      long present = 0;
      long step = 0;
      for (List<Series> list : fetched.series().values()) {
        for (Series s : list) {
          seriesCount++;
          points += s.size();
          step = s.stepMs();
          for (double v : s.values()) {
            present += Double.isNaN(v) ? 0 : 1;
          }
        }
      }
      System.out.printf("prom_services=%d%nprom_requests=%d%nprom_series=%d%nprom_step_s=%d%nprom_points=%d%nprom_points_present=%d%n"
          + "prom_body_bytes=%d%nprom_cpus=%d%n", SERVICES, SERVICES * MetricQuery.DEFAULTS.size(), seriesCount, step / 1000, points, present,
          bodyBytes, Runtime.getRuntime().availableProcessors());
      report("fetch", fetchMs);
      report("scan", scanMs);
      report("total", totalMs);
      report("floor_bare_http", floorMs);
      report("fetch_hush_cpu", ownCpuFetchMs);
      if (pid > 0) {
        report("fetch_prometheus_cpu", promCpuFetchMs);
        report("floor_prometheus_cpu", promCpuFloorMs);
      }
      System.out.printf("fetch_over_floor=%.2f%n", median(fetchMs) / median(floorMs));
      // Where the floor's time goes: each default query's 20 requests, a round's mean.
      floorByQuery.forEach((q, nanos) -> System.out.printf("floor_%s_mean_ms=%.1f%n", q, nanos / 1e6 / rounds));
      Map<AnomalyKind, Integer> kinds = new EnumMap<>(AnomalyKind.class);
      found.forEach(f -> kinds.merge(f.kind(), 1, Integer::sum));
      System.out.printf("findings=%d%nfindings_by_kind=%s%nloadavg_1m=%.2f%n", found.size(), kinds, os.getSystemLoadAverage());
      found.stream().sorted((x, y) -> Double.compare(y.rank(), x.rank())).limit(6).forEach(f -> System.out.println("# " + f.explanation()));
    }
  }

  /** One query_range request as PrometheusClient sends it (form POST, the fetched series' start, end and step); the body's size. */
  static long bareQuery(HttpClient http, String baseUrl, String promql, PrometheusService.Fetched previous) throws Exception {
    long step = 300_000; // PrometheusClient.stepFor over five weeks; checked against the fetched series below
    long start = Math.ceilDiv(HISTORY_FROM, step) * step;
    int n = (int) Math.ceilDiv(WEEK_END - start, step);
    if (previous != null) {
      Series any = previous.series().values().iterator().next().getFirst();
      if (any.stepMs() != step || any.startMs() != start || any.size() != n) {
        throw new IllegalStateException("the fetch used another grid: " + any.startMs() + " " + any.stepMs() + " " + any.size());
      }
    }
    long end = start + (n - 1) * step;
    String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&start=" + start / 1000 + "&end=" + end / 1000 + "&step="
        + step / 1000;
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/query_range")).timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
    }
    return r.body().length;
  }

  /** Prometheus's CPU time so far (user + system), from /proc; 0 without a pid. */
  static long procCpuMs(long pid) throws Exception {
    if (pid <= 0) {
      return 0;
    }
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime, stime in 1/100 s
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static void report(String key, double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    System.out.printf("%s_rounds_ms=%s%n%s_p50_ms=%.1f%n%s_min_ms=%.1f%n", key, Arrays.toString(Arrays.stream(v).map(x -> Math.round(x * 10) / 10.0)
        .toArray()), key, s[s.length / 2], key, s[0]);
  }
}
