package dev.hush.anomalies;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus for a test class: the history is written as OpenMetrics, turned into TSDB blocks
 * with {@code promtool tsdb create-blocks-from openmetrics}, and served by {@code prometheus} on a
 * free loopback port with an alerting rules file loaded. The test is skipped only when Prometheus
 * is not installed.
 */
final class RealPrometheus implements AutoCloseable {
  private static final String PROMETHEUS = System.getenv().getOrDefault("HUSH_PROMETHEUS", "/usr/bin/prometheus");
  private static final String PROMTOOL = System.getenv().getOrDefault("HUSH_PROMTOOL", "/usr/bin/promtool");

  private final Path dir;
  private final Process process;
  private final String baseUrl;

  private RealPrometheus(Path dir, Process process, String baseUrl) {
    this.dir = dir;
    this.process = process;
    this.baseUrl = baseUrl;
  }

  private static RealPrometheus ofHistory;

  /**
   * The Prometheus of {@link PrometheusHistory}, started once for every test class that reads it (a
   * start builds the TSDB and takes seconds) and stopped when the tests' JVM exits.
   */
  static synchronized RealPrometheus ofHistory() throws Exception {
    if (ofHistory == null) {
      RealPrometheus started = start(PrometheusHistory.openMetrics(), PrometheusHistory.RULES);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          // The JVM is exiting: a temporary folder left behind is all this can cost.
        }
      }));
      ofHistory = started;
    }
    return ofHistory;
  }

  /** Serves {@code openMetrics} (ending in {@code # EOF}) with {@code rulesYaml} as its one rules file. */
  private static RealPrometheus start(String openMetrics, String rulesYaml) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(PROMETHEUS)) && Files.isExecutable(Path.of(PROMTOOL)),
        "prometheus and promtool are not installed (Debian package prometheus); the Prometheus source tests need them");
    Path dir = Files.createTempDirectory("hush-prometheus");
    Path input = dir.resolve("history.om");
    Files.writeString(input, openMetrics);
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Process tool = new ProcessBuilder(PROMTOOL, "tsdb", "create-blocks-from", "openmetrics", "--quiet", input.toString(), data.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("promtool.log").toFile()).start();
    if (!tool.waitFor(5, TimeUnit.MINUTES) || tool.exitValue() != 0) {
      throw new IllegalStateException("promtool could not create the blocks: " + Files.readString(dir.resolve("promtool.log")));
    }
    Files.writeString(dir.resolve("rules.yml"), rulesYaml);
    Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          evaluation_interval: 1m
        rule_files:
          - rules.yml
        """);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // The history lies weeks in the past: a retention of years keeps its blocks (the default 15 days
    // would delete them at start-up, measured from the newest block).
    Process p = new ProcessBuilder(PROMETHEUS, "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + data,
        "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    RealPrometheus prometheus = new RealPrometheus(dir, p, "http://127.0.0.1:" + port);
    try {
      prometheus.awaitReady();
    } catch (Exception e) {
      prometheus.close();
      throw e;
    }
    return prometheus;
  }

  String baseUrl() {
    return baseUrl;
  }

  private void awaitReady() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus stopped: " + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("prometheus was not ready within 60 s: " + Files.readString(dir.resolve("prometheus.log")));
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      // Interrupted while waiting: kill it rather than leave it, and keep the interrupt for the caller.
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
