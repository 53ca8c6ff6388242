package dev.hush.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.actions.ActionItem;
import dev.hush.actions.OriginKind;
import dev.hush.core.Json;
import dev.hush.incidents.Incident;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The noisy CheckoutQueueBacklog rule replayed against a real Prometheus that has it loaded: its
 * nine backlogs of {@link PrometheusHistory} each paged two minutes in, three of them were actionable.
 */
class RuleReplayTest {
  private static final long MINUTE = PrometheusHistory.MINUTE;
  private static RealPrometheus prometheus;

  @BeforeAll
  static void startPrometheus() throws Exception {
    prometheus = RealPrometheus.ofHistory();
  }

  /** Whether a backlog pages with the rule's {@code > threshold} held for {@code forMs}: at one-minute evaluations it must hold at every step from its start to start + for. */
  private static boolean pages(PrometheusHistory.Backlog b, double threshold, long forMs) {
    return b.depth() > threshold && (b.minutes() - 1) * MINUTE >= forMs;
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aNoisyRuleIsReplayedWithALongerForAndAStricterThreshold(StoreKind store) {
    ManualClock clock = new ManualClock(PrometheusHistory.at("2026-10-12T00:00:00Z"));
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      PrometheusSourceTest.seed(t, clock);
      String path = "/api/v1/integrations/alertmanager/" + t.serviceWithKey("queue");
      long service = t.hush().services().byName("queue").orElseThrow().id();
      List<Long> actionable = new ArrayList<>();
      for (PrometheusHistory.Backlog b : PrometheusHistory.BACKLOGS) {
        for (String rule : List.of("CheckoutQueueBacklog", "CheckoutQueueStuck")) {
          clock.set(b.start() + 2 * MINUTE);
          assertThat(t.postJson(path, envelope("firing", rule)).statusCode()).isEqualTo(200);
          Incident opened = t.hush().incidents().openedOn(List.of(service), b.start(), b.start() + 3 * MINUTE, 10).stream()
              .map(x -> x.incident()).filter(i -> i.title().equals(rule)).findFirst().orElseThrow();
          clock.set(b.start() + b.minutes() * MINUTE);
          assertThat(t.postJson(path, envelope("resolved", rule)).statusCode()).isEqualTo(200);
          t.hush().incidents().writeLog(opened.id(), t.admin().id(), b.actionable() ? "restarted" : "no action", "",
              b.actionable() ? "actionable" : "noisy");
          if (b.actionable() && rule.equals("CheckoutQueueBacklog")) {
            actionable.add(opened.id());
          }
        }
      }
      clock.set(PrometheusHistory.at("2026-11-10T10:00:00Z"));
      t.apiJson("PUT", "/api/v1/teams/" + t.team() + "/prometheus", "{\"base_url\":\"" + prometheus.baseUrl() + "\"}");
      long review = t.apiJson("POST", "/api/v1/teams/" + t.team() + "/reviews", null).path("id").asLong();
      JsonNode noisy = t.apiJson("GET", "/api/v1/reviews/" + review, null).path("incidents").path("noisy_rules");
      assertThat(noisy.findValuesAsText("title")).containsExactlyInAnyOrder("CheckoutQueueBacklog", "CheckoutQueueStuck");
      String fingerprint = fingerprintOf(noisy, "CheckoutQueueBacklog");

      JsonNode replay = t.apiJson("GET", "/api/v1/reviews/" + review + "/rule-replay?fingerprint=" + fingerprint, null);
      assertThat(replay.path("alertname").asText()).isEqualTo("CheckoutQueueBacklog");
      assertThat(replay.path("expression").asText()).isEqualTo("queue_depth{service=\"checkout\"} > 100");
      assertThat(replay.path("for_ms").asLong()).isEqualTo(2 * MINUTE);
      // 10m is the longest for: that still pages on the shortest actionable backlog (12 minutes); 160 is the
      // values' lower quartile while above 100, the strictest that keeps the 260 backlog and drops the 160 one.
      long proposedFor = replay.path("proposed_for_ms").asLong();
      double threshold = replay.path("threshold").path("proposed").asDouble();
      assertThat(proposedFor).isEqualTo(10 * MINUTE);
      assertThat(threshold).isEqualTo(160);
      assertThat(replay.path("threshold").path("operator").asText()).isEqualTo(">");

      List<PrometheusHistory.Backlog> all = PrometheusHistory.BACKLOGS;
      assertThat(replay.path("replayed_pages").asInt()).isEqualTo(all.stream().filter(b -> pages(b, 100, 2 * MINUTE)).count()).isEqualTo(9);
      assertThat(replay.path("replayed_pages_longer_for").asInt()).isEqualTo(all.stream().filter(b -> pages(b, 100, proposedFor)).count());
      assertThat(replay.path("replayed_pages_proposed").asInt()).isEqualTo(all.stream().filter(b -> pages(b, threshold, proposedFor)).count());
      assertThat(replay.path("hush_pages").asInt()).isEqualTo(all.size());
      assertThat(replay.path("pages_avoided").asInt()).isEqualTo(all.stream().filter(b -> !pages(b, threshold, proposedFor)).count()).isEqualTo(6);
      JsonNode late = replay.path("actionable");
      assertThat(late.findValuesAsText("incident_id")).containsExactlyElementsOf(actionable.stream().map(String::valueOf).toList());
      for (int i = 0; i < late.size(); i++) {
        // Paged two minutes into the backlog, it would have paged at ten.
        assertThat(late.get(i).path("delay_ms").asLong()).isEqualTo(proposedFor - 2 * MINUTE);
        assertThat(late.get(i).path("would_page_at").asLong()).isEqualTo(late.get(i).path("paged_at").asLong() + 8 * MINUTE);
      }
      assertThat(replay.path("proposed_rule").asText()).isEqualTo("""
          - alert: CheckoutQueueBacklog
            expr: 'queue_depth{service="checkout"} > 160'
            for: 10m
            labels:
              severity: 'page'
          """);

      // In the review's Incidents section: the replay on demand, and the button.
      assertThat(t.api("GET", "/reviews/" + review, null).body()).contains("Replay with a longer for:");
      String fragment = t.api("GET", "/reviews/" + review + "/rule-replay?fingerprint=" + fingerprint, null).body();
      assertThat(fragment).contains("Pages avoided: <strong>6</strong> of Hush's 9", "8m later", "Make this an action item");

      JsonNode item = t.apiJson("POST", "/api/v1/reviews/" + review + "/rule-replay/action-item", "{\"fingerprint\":\"" + fingerprint + "\"}");
      ActionItem made = t.hush().actions().byId(item.path("id").asLong()).orElseThrow();
      assertThat(made.title()).isEqualTo("Tune CheckoutQueueBacklog: {alert: CheckoutQueueBacklog, expr: 'queue_depth{service=\"checkout\"} > 160', for: 10m}");
      assertThat(made.fingerprints()).containsExactly(fingerprint);
      assertThat(made.originKind()).isEqualTo(OriginKind.FINDING);
      String finding = t.hush().reviews().agenda(review).dashboards().findings().stream().filter(f -> f.id() == made.originId()).findFirst()
          .orElseThrow().text();
      assertThat(finding).startsWith("CheckoutQueueBacklog replayed over 4 weeks with for: 2m → 10m, > 100 → > 160: 9 alerts → 3; 6 of Hush's 9 pages avoided")
          .contains("expr: 'queue_depth{service=\"checkout\"} > 160'");

      // The same condition written as no simple comparison: its for: is replayed, its threshold left as it is.
      JsonNode stuck = t.apiJson("GET", "/api/v1/reviews/" + review + "/rule-replay?fingerprint=" + fingerprintOf(noisy, "CheckoutQueueStuck"), null);
      assertThat(stuck.path("proposed_for_ms").asLong()).isEqualTo(10 * MINUTE);
      assertThat(stuck.path("threshold").path("proposed").isNull()).isTrue();
      assertThat(stuck.path("threshold").path("reason").asText()).startsWith("not varied: the expression is not a simple comparison");
      assertThat(stuck.path("replayed_pages").asInt()).isEqualTo(9);
      assertThat(stuck.path("replayed_pages_proposed").asInt()).isEqualTo(all.stream().filter(b -> pages(b, 100, 10 * MINUTE)).count()).isEqualTo(4);
      assertThat(stuck.path("pages_avoided").asInt()).isEqualTo(5);

      HttpResponse<String> unknown = t.api("GET", "/api/v1/reviews/" + review + "/rule-replay?fingerprint=nope", null);
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(Json.parse(unknown.body()).path("field").asText()).isEqualTo("fingerprint");

      // A server that does not answer is said, in the API and in the section, never a 500.
      t.apiJson("PUT", "/api/v1/teams/" + t.team() + "/prometheus", "{\"base_url\":\"http://127.0.0.1:" + closedPort() + "\"}");
      HttpResponse<String> down = t.api("GET", "/api/v1/reviews/" + review + "/rule-replay?fingerprint=" + fingerprint, null);
      assertThat(down.statusCode()).isEqualTo(502);
      assertThat(Json.parse(down.body()).path("detail").asText()).startsWith("Prometheus unreachable: connection refused");
      assertThat(t.api("GET", "/reviews/" + review + "/rule-replay?fingerprint=" + fingerprint, null).body())
          .contains("Prometheus unreachable: connection refused");
    }
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fingerprintOf(JsonNode noisy, String title) {
    for (JsonNode rule : noisy) {
      if (rule.path("title").asText().equals(title)) {
        return rule.path("fingerprint").asText();
      }
    }
    throw new AssertionError("no noisy rule " + title + " in " + noisy);
  }

  private static String envelope(String status, String alertname) {
    return """
        {"version":"4","groupKey":"{}:{alertname=\\"%s\\"}","truncatedAlerts":0,"status":"%s","receiver":"hush","groupLabels":{},
         "commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[{"status":"%s",
         "labels":{"alertname":"%s","service":"checkout","severity":"page"},"annotations":{},"startsAt":"2026-10-12T00:00:00Z"}]}"""
        .formatted(alertname, status, status, alertname);
  }
}
