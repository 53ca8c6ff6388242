import com.sun.net.httpserver.HttpServer;
import dev.hush.Hush;
import dev.hush.HushConfig;
import dev.hush.core.Json;
import dev.hush.core.SecretBox;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.notify.AllowedTargets;
import dev.hush.notify.ChannelKind;
import dev.hush.oncall.ShiftKind;
import dev.hush.services.ServiceCatalog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N escalations due in the same second. N incidents are opened through ingest (a policy whose
 * first step pages the primary at once and whose second step pages the secondary after 5 min);
 * then every second-step timer (a row in the job table) is moved to one instant T, as if all N
 * incidents had been opened in the same second. The figure is the time from T until the
 * loopback webhook receiver has every secondary page, and how many arrived twice or not at all.
 * The whole round runs {@code rounds} times in one process and only the last is reported: the
 * earlier ones warm up the JIT (in the first, the compiler threads take a third of the CPU, which a
 * server that has paged before does not spend), as the latency bench's 15 s warm-up does.
 * Run: java -cp target/hush.jar bench/tools/EscalationBench.java [count] [jdbc-url|sqlite] [rounds]
 * (SQLite in a temporary folder by default, 5 rounds). Every loop is bounded in count and time.
 */
public class EscalationBench {
  private static final Pattern INCIDENT = Pattern.compile("\"incident_id\":(\\d+)");

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
    Path dir = Files.createTempDirectory("escalation-bench");
    String url = args.length > 1 && !args[1].equals("sqlite") ? args[1] : HushConfig.sqliteUrl(dir);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String schema = url.startsWith("jdbc:postgresql:") ? "hush_escbench_" + ProcessHandle.current().pid() : null;
    Map<String, Long> secondary = new ConcurrentHashMap<>();
    AtomicLong secondaryPages = new AtomicLong();
    AtomicLong primaryPages = new AtomicLong();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext("/", exchange -> {
      long at = System.currentTimeMillis();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (exchange.getRequestURI().getPath().equals("/secondary")) {
        secondaryPages.incrementAndGet();
        Matcher m = INCIDENT.matcher(body);
        if (m.find()) {
          secondary.putIfAbsent(m.group(1), at);
        }
      } else {
        primaryPages.incrementAndGet();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    HushConfig config = new HushConfig(url, schema, "127.0.0.1", 0, "http://localhost", 0, false, "bench", HushConfig.DEFAULT_DELIVERY,
        AllowedTargets.parse("127.0.0.1/32"), SecretBox.fromBase64(SecretBox.newKey()));
    try (Hush hush = Hush.open(config, Clock.systemUTC())) {
      hush.startBackgroundWork();
      long primary = person(hush, "primary", base + "/primary");
      long second = person(hush, "secondary", base + "/secondary");
      var rotation = hush.oncall().createRotation("primary", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
          LocalDate.now().minusWeeks(2), List.of(primary));
      var schedule = hush.oncall().createSchedule("primary");
      hush.oncall().addLayer(schedule.id(), rotation.id(), 1, null);
      EscalationPolicy policy = hush.escalation().createPolicy("bench", 0, List.of(
          EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.SCHEDULE, schedule.id()),
          EscalationPolicy.Step.of(1, 5, EscalationPolicy.TargetKind.USER, second)));
      long serviceId = hush.services().create("bench", "", null, null, false).id();
      hush.escalation().assign(serviceId, policy.id());
      String key = hush.services().createKey(serviceId, "bench").secret();
      var route = hush.ingest().route(key);

      Round last = null;
      for (int r = 1; r <= rounds; r++) {
        secondary.clear();
        secondaryPages.set(0);
        primaryPages.set(0);
        last = round(hush, route, key, count, r, secondary, primaryPages);
        System.err.printf("round %d of %d: last page after %d ms, %.2f CPU-s%n", r, rounds, last.allDeliveredMs(), last.cpuSeconds());
      }
      long[] after = last.after();
      System.out.printf("escalations_rounds=%d%n", rounds);
      System.out.printf("escalations_due_at_once=%d%n", last.moved());
      System.out.printf("escalations_incidents_opened_s=%.1f%n", last.openSeconds());
      System.out.printf("escalations_primary_pages=%d%n", primaryPages.get());
      System.out.printf("escalations_delivered=%d%n", after.length);
      System.out.printf("escalations_extra_pages=%d%n", secondaryPages.get() - after.length);
      System.out.printf("escalations_cpu_s=%.2f%n", last.cpuSeconds());
      if (after.length > 0) {
        System.out.printf("escalations_first_ms=%d%nescalations_p50_ms=%d%nescalations_p99_ms=%d%nescalations_all_delivered_ms=%d%n",
            after[0], after[after.length / 2], after[Math.min(after.length - 1, after.length * 99 / 100)], last.allDeliveredMs());
      }
      if (schema != null) {
        hush.db().useTransaction(h -> h.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
      }
    } finally {
      receiver.stop(0);
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One round's figures; {@code after} holds each secondary page's arrival after the due instant, sorted. */
  record Round(int moved, double openSeconds, double cpuSeconds, long[] after) {
    long allDeliveredMs() {
      return after.length == 0 ? -1 : after[after.length - 1];
    }
  }

  /** Opens {@code count} new incidents (labels unique to round {@code r}), then makes all their second steps due at once. */
  private static Round round(Hush hush, ServiceCatalog.Route route, String key, int count, int r, Map<String, Long> secondary, AtomicLong primaryPages)
      throws Exception {
    long openStart = System.nanoTime();
    for (int batch = 0; batch * 100 < count; batch++) {
      StringBuilder alerts = new StringBuilder();
      for (int i = batch * 100; i < Math.min(count, batch * 100 + 100); i++) {
        String id = r + "-" + i;
        alerts.append(alerts.isEmpty() ? "" : ",").append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"QueueStuck\",\"queue\":\"q")
            .append(id).append("\"},\"annotations\":{\"summary\":\"queue q").append(id).append(" stuck\"},\"fingerprint\":\"f")
            .append(id).append("\"}");
      }
      hush.ingest().alertmanager(route, key, Json.parse("{\"version\":\"4\",\"groupKey\":\"g" + r + "-" + batch
          + "\",\"status\":\"firing\",\"receiver\":\"hush\",\"alerts\":[" + alerts + "]}"));
    }
    double openSeconds = (System.nanoTime() - openStart) / 1e9;
    long settle = System.nanoTime() + 60_000_000_000L;
    while (primaryPages.get() < count && System.nanoTime() < settle) {
      Thread.sleep(20);
    }

    long dueAt = System.currentTimeMillis() + 2_000;
    int moved = hush.db().inTransaction(h -> h.createUpdate("UPDATE jobs SET due_at = :t WHERE kind = 'escalation.step' AND status = 'pending'")
        .bind("t", dueAt).execute());
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (secondary.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
    return new Round(moved, openSeconds, cpuSeconds, secondary.values().stream().mapToLong(at -> at - dueAt).sorted().toArray());
  }

  private static long person(Hush hush, String name, String hook) {
    long id = hush.people().createUser(name + "@bench.local", name, "bench-password-" + name, false, "UTC", null).id();
    hush.notifications().addContactMethod(id, ChannelKind.WEBHOOK, name, hook, null);
    return id;
  }
}
