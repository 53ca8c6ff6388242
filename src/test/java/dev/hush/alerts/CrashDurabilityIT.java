package dev.hush.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.HushProcess;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A 2xx on ingest means the event is on disk: kill -9 mid-load, restart, and count. */
class CrashDurabilityIT {
  private static final String KEY = "crash-test-routing-key-0001";
  private static final int THREADS = 8;
  private static final int MAX_REQUESTS_PER_THREAD = 3_000;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void everyAcknowledgedEventSurvivesKillNineAndNothingIsHalfWritten(StoreKind store) throws Exception {
    Path dir = Files.createTempDirectory("hush-crash");
    String schema = "hush_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String[] storeArgs = store == StoreKind.SQLITE ? new String[] {"--data-dir", dir.toString()}
        : new String[] {"--database-url", TestHush.PG_URL, "--database-schema", schema, "--data-dir", dir.toString()};
    try {
      HushProcess.run(dir, concat(new String[] {"service", "create", "crash", "--key", KEY}, storeArgs));
      HushProcess.run(dir, concat(new String[] {"user", "create", "--email", "ops@x.io", "--name", "Ops", "--password",
          "long-enough-pw", "--admin"}, storeArgs));
      String token = HushProcess.run(dir, concat(new String[] {"user", "token", "--as", "ops@x.io"}, storeArgs))
          .replaceAll("(?s).*API token \\(shown once\\): (\\S+).*", "$1");

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      HushProcess first = HushProcess.serve(dir, storeArgs);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService load = Executors.newFixedThreadPool(THREADS);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        load.submit(() -> {
          for (int n = 0; n < MAX_REQUESTS_PER_THREAD && !stop.get(); n++) {
            String dedup = "k-" + thread + "-" + n;
            String body = "{\"routing_key\":\"" + KEY + "\",\"event_action\":\"trigger\",\"dedup_key\":\"" + dedup
                + "\",\"payload\":{\"summary\":\"crash test " + dedup + "\",\"source\":\"load\",\"severity\":\"error\"}}";
            try {
              HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/v2/enqueue"))
                  .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
              if (r.statusCode() == 202) {
                acknowledged.add(dedup);
              }
            } catch (Exception connectionLost) {
              return null;
            }
          }
          return null;
        });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (acknowledged.size() < 1_500 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      first.kill9();
      stop.set(true);
      load.shutdown();
      assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
      assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(1_000);

      Set<String> stored = new HashSet<>();
      try (HushProcess second = HushProcess.serve(dir, storeArgs)) {
        List<JsonNode> incidents = allIncidents(http, second.baseUrl(), token);
        for (JsonNode i : incidents) {
          String dedup = i.path("dedup_key").asText();
          stored.add(dedup);
          assertThat(i.path("title").asText()).isEqualTo("crash test " + dedup);
          assertThat(i.path("trigger_count").asInt()).isEqualTo(1);
        }
      }
      assertThat(stored).containsAll(acknowledged);
      assertStoreIsWhole(store, dir, schema);
    } finally {
      if (store == StoreKind.POSTGRESQL) {
        try (Connection c = DriverManager.getConnection(TestHush.PG_URL); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      }
    }
  }

  private static List<JsonNode> allIncidents(HttpClient http, String base, String token) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    String before = "";
    for (int page = 0; page < 200; page++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/incidents?status=all&limit=500" + before))
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = Json.parse(r.body());
      body.path("incidents").forEach(all::add);
      if (body.path("incidents").size() < 500) {
        return all;
      }
      before = "&before_id=" + body.path("next_before_id").asLong();
    }
    throw new AssertionError("more pages than expected");
  }

  /** Every incident has its event, every event its incident, and SQLite's own check passes. */
  private static void assertStoreIsWhole(StoreKind store, Path dir, String schema) throws Exception {
    String url = store == StoreKind.SQLITE ? "jdbc:sqlite:" + dir.resolve("hush.db") : TestHush.PG_URL;
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      if (store == StoreKind.POSTGRESQL) {
        s.execute("SET search_path TO " + schema);
      } else {
        try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("ok");
        }
      }
      assertThat(count(s, "SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM alert_events e WHERE e.incident_id = i.id)"))
          .as("incidents without their event").isZero();
      assertThat(count(s, "SELECT COUNT(*) FROM alert_events e WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = e.incident_id)"))
          .as("events without their incident").isZero();
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
