package dev.hush.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentFilter;
import dev.hush.incidents.IncidentStatus;
import dev.hush.services.AlertmanagerGrouping;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real Prometheus Alertmanager, unchanged, pointed at Hush through its PagerDuty integration
 * (pagerduty_configs with url:) and its webhook integration (webhook_configs).
 */
class AlertmanagerCompatIT {
  private static final String BINARY = System.getenv().getOrDefault("HUSH_ALERTMANAGER", "/usr/bin/prometheus-alertmanager");
  private final HttpClient http = HttpClient.newHttpClient();

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void alertmanagersPagerDutyAndWebhookIntegrationsOpenDeduplicateAndResolve(StoreKind store) throws Exception {
    assertThat(Path.of(BINARY)).as("Debian package prometheus-alertmanager (see .ci/run)").isExecutable();
    try (TestHush hush = TestHush.start(store)) {
      String pdKey = hush.serviceWithKey("via-pagerduty");
      String webhookKey = hush.serviceWithKey("via-webhook");
      long groupedId = hush.hush().services().create("via-group", "", hush.team(), AlertmanagerGrouping.GROUP, false).id();
      String groupKey = hush.hush().services().createKey(groupedId, "am").secret();
      long pdService = hush.hush().services().byName("via-pagerduty").orElseThrow().id();
      long webhookService = hush.hush().services().byName("via-webhook").orElseThrow().id();

      Path dir = Files.createTempDirectory("alertmanager");
      int port = freePort();
      Files.writeString(dir.resolve("alertmanager.yml"), """
          route:
            receiver: pagerduty
            group_by: ['alertname', 'instance']
            group_wait: 0s
            group_interval: 1s
            repeat_interval: 1h
            routes:
              - matchers: ['via="webhook"']
                receiver: webhook
              - matchers: ['via="group"']
                receiver: grouped
                group_by: ['cluster']
          receivers:
            - name: pagerduty
              pagerduty_configs:
                - routing_key: %s
                  url: %s/v2/enqueue
                  send_resolved: true
            - name: webhook
              webhook_configs:
                - url: %s/api/v1/integrations/alertmanager/%s
                  send_resolved: true
            - name: grouped
              webhook_configs:
                - url: %s/api/v1/integrations/alertmanager/%s
                  send_resolved: true
          """.formatted(pdKey, hush.baseUrl(), hush.baseUrl(), webhookKey, hush.baseUrl(), groupKey));
      Process am = new ProcessBuilder(BINARY, "--config.file=" + dir.resolve("alertmanager.yml"), "--storage.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--log.level=warn")
          .redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
      String amUrl = "http://127.0.0.1:" + port;
      try {
        await("Alertmanager ready", () -> get(amUrl + "/-/ready") == 200);

        post(amUrl, alert("DiskFull", "db-1", "pagerduty", "a", null), alert("HighLatency", "api-1", "webhook", "a", null),
            alert("Lag", "db-1", "group", "east", null), alert("Lag", "db-2", "group", "east", null));
        await("incidents opened", () -> open(hush, pdService).size() == 1 && open(hush, webhookService).size() == 1
            && open(hush, groupedId).size() == 1);
        assertThat(open(hush, pdService).get(0).title()).contains("DiskFull");
        assertThat(open(hush, webhookService).get(0).title()).isEqualTo("HighLatency on api-1");

        // Prometheus re-sends firing alerts every evaluation: Alertmanager and Hush fold them.
        for (int i = 0; i < 3; i++) {
          post(amUrl, alert("DiskFull", "db-1", "pagerduty", "a", null), alert("HighLatency", "api-1", "webhook", "a", null),
              alert("Lag", "db-1", "group", "east", null), alert("Lag", "db-2", "group", "east", null));
          Thread.sleep(1_200);
        }
        assertThat(all(hush, pdService)).hasSize(1);
        assertThat(all(hush, webhookService)).hasSize(1);
        assertThat(all(hush, groupedId)).as("one incident for the Alertmanager group").hasSize(1);

        Instant past = Instant.now().minusSeconds(1);
        post(amUrl, alert("DiskFull", "db-1", "pagerduty", "a", past), alert("HighLatency", "api-1", "webhook", "a", past),
            alert("Lag", "db-1", "group", "east", past), alert("Lag", "db-2", "group", "east", past));
        await("incidents resolved", () -> all(hush, pdService).get(0).status() == IncidentStatus.RESOLVED
            && all(hush, webhookService).get(0).status() == IncidentStatus.RESOLVED
            && all(hush, groupedId).get(0).status() == IncidentStatus.RESOLVED);
        assertThat(all(hush, pdService)).hasSize(1);
      } finally {
        am.destroy();
        am.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static List<Incident> all(TestHush t, long serviceId) {
    return t.hush().incidents().list(new IncidentFilter(Set.of(), serviceId, null, null, 100, null));
  }

  private static List<Incident> open(TestHush t, long serviceId) {
    return t.hush().incidents().list(new IncidentFilter(Set.of(IncidentStatus.TRIGGERED), serviceId, null, null, 100, null));
  }

  private static String alert(String name, String instance, String via, String cluster, Instant endsAt) {
    return """
        {"labels":{"alertname":"%s","instance":"%s","via":"%s","cluster":"%s","severity":"critical"},
         "annotations":{"summary":"%s on %s"}%s}""".formatted(name, instance, via, cluster, name, instance,
        endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"");
  }

  private void post(String amUrl, String... alerts) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(amUrl + "/api/v2/alerts"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", alerts) + "]")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private int get(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void await(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for: " + what);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

}
