import dev.hush.anomalies.AnomalyKind;
import dev.hush.anomalies.Detector;
import dev.hush.anomalies.Findings;
import dev.hush.anomalies.Series;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The review's anomaly scan over many one-minute series: each series holds the scanned week and the
 * baseline history before it (AnomalyService.HISTORY_WEEKS = 4 weeks), and every service's series
 * go through Findings.top, the call the review makes per service (all detectors, windows, ranking),
 * the services in parallel as the review scans them.
 * Fetching the series from the store is not timed. The floor is one pass that sums every point the
 * scan reads. Seasonal request-like series (night low, weekend dip, noise) with a few anomalies
 * planted in the scanned week.
 * Run: java -Xmx2g -cp target/hush.jar bench/tools/ScanBench.java [series] [rounds] [warmups] [perService]
 */
public class ScanBench {
  static final long MINUTE = 60_000L;
  static final int DAY = 24 * 60;
  static final int WEEK = 7 * DAY;
  static final int HISTORY_WEEKS = 4;
  static final long WEEK_START = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli(); // a Monday

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int perService = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    long t0 = System.nanoTime();
    List<List<Series>> services = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(20261203L);
    int planted = 0;
    for (int i = 0; i < count; i++) {
      if (i % perService == 0) {
        services.add(new ArrayList<>());
      }
      boolean plant = i % 20 == 7;
      planted += plant ? 1 : 0;
      services.getLast().add(series("http_requests_per_second{instance=\"i" + i + "\"}", rnd, plant ? i / 20 % 5 : -1));
    }
    long points = (long) count * (HISTORY_WEEKS + 1) * WEEK;
    System.out.printf("scan_series=%d%nscan_services=%d%nscan_planted=%d%nscan_week_points=%d%nscan_history_points=%d%nscan_points_read=%d%n",
        count, services.size(), planted, (long) count * WEEK, (long) count * HISTORY_WEEKS * WEEK, points);
    System.out.printf("scan_generate_s=%.1f%nscan_cpus=%d%n", (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors());
    Findings findings = new Findings(new Detector(ZoneOffset.UTC), ZoneOffset.UTC);
    long weekEnd = WEEK_START + WEEK * MINUTE;
    double[] scanMs = new double[rounds];
    double[] floorMs = new double[rounds];
    double[] cpuMs = new double[rounds];
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    List<Findings.Finding> last = List.of();
    double sink = 0;
    for (int r = -warmups; r < rounds; r++) {
      long cpu = os.getProcessCpuTime();
      long a = System.nanoTime();
      // As the review does: the services in parallel, each service's series in parallel.
      List<Findings.Finding> all = services.parallelStream()
          .flatMap(service -> findings.top(service, WEEK_START, weekEnd, List.of(), f -> 1.0, Findings.DEFAULT_LIMIT).stream()).toList();
      long b = System.nanoTime();
      long cpuAfter = os.getProcessCpuTime();
      for (List<Series> service : services) {
        for (Series s : service) {
          for (double v : s.values()) {
            sink += v;
          }
        }
      }
      long c = System.nanoTime();
      if (r >= 0) {
        scanMs[r] = (b - a) / 1e6;
        floorMs[r] = (c - b) / 1e6;
        cpuMs[r] = (cpuAfter - cpu) / 1e6;
      }
      last = all;
    }
    double[] sortedScan = scanMs.clone();
    double[] sortedFloor = floorMs.clone();
    Arrays.sort(sortedScan);
    Arrays.sort(sortedFloor);
    double[] sortedCpu = cpuMs.clone();
    Arrays.sort(sortedCpu);
    Map<AnomalyKind, Integer> kinds = new EnumMap<>(AnomalyKind.class);
    double severity = 0;
    for (Findings.Finding f : last) {
      kinds.merge(f.kind(), 1, Integer::sum);
      severity += f.severity();
    }
    System.out.printf("scan_rounds_ms=%s%nscan_p50_ms=%.1f%nscan_min_ms=%.1f%n", Arrays.toString(scanMs), sortedScan[rounds / 2], sortedScan[0]);
    System.out.printf("scan_cpu_p50_ms=%.1f%nscan_cpu_min_ms=%.1f%nloadavg_1m=%.2f%n", sortedCpu[rounds / 2], sortedCpu[0], os.getSystemLoadAverage());
    System.out.printf("floor_sum_p50_ms=%.1f%nfloor_sum_min_ms=%.1f%nscan_over_floor=%.0f%n", sortedFloor[rounds / 2], sortedFloor[0],
        sortedScan[rounds / 2] / sortedFloor[rounds / 2]);
    System.out.printf("scan_ns_per_week_point=%.1f%n", sortedScan[rounds / 2] * 1e6 / ((double) count * WEEK));
    System.out.printf("scan_findings=%d%nscan_findings_by_kind=%s%nscan_severity_sum=%.9f%nfloor_checksum=%.6e%n", last.size(), kinds, severity,
        sink);
    last.stream().filter(f -> f.severity() > 0.9).limit(5).forEach(f -> System.out.println("# " + f.explanation()));
  }

  /**
   * Five weeks of one-minute requests per second: a night low near 03:00, weekends at 55 %, Poisson
   * noise; {@code shape} 0..4 plants a spike, a dip, a level shift, a drop to zero or a flatline on a
   * weekday afternoon of the last week.
   */
  static Series series(String name, SplittableRandom rnd, int shape) {
    int n = (HISTORY_WEEKS + 1) * WEEK;
    double level = 50 + rnd.nextDouble() * 950;
    double[] v = new double[n];
    int day = HISTORY_WEEKS * 7 + rnd.nextInt(5);
    int from = day * DAY + 13 * 60 + rnd.nextInt(120);
    int to = from + switch (shape) {
      case 0 -> 2;
      case 1 -> 20;
      case 2 -> 6 * 60;
      case 3 -> 15;
      case 4 -> 45;
      default -> -1;
    };
    for (int i = 0; i < n; i++) {
      double hour = (i % DAY) / 60.0;
      int dow = i / DAY % 7;
      double mean = level * (0.3 + 0.7 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 3) / 24))) * (dow >= 5 ? 0.55 : 1.0);
      if (i >= from && i <= to) {
        mean *= switch (shape) {
          case 0 -> 3.0;
          case 1 -> 0.3;
          case 2 -> 1.5;
          case 3 -> 0.0;
          default -> 1.0;
        };
      }
      v[i] = Math.max(0, Math.round(mean + rnd.nextGaussian() * Math.sqrt(mean + 1)));
    }
    if (shape == 4) {
      Arrays.fill(v, from + 1, to + 1, v[from]);
    }
    return new Series(name, WEEK_START - HISTORY_WEEKS * WEEK * MINUTE, MINUTE, v);
  }
}
