package dev.hush.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.LoopbackReceiver;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.escalation.EscalationPolicy;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A person's webhook, Slack, Teams or ntfy URL must not reach Hush's own network: refused when the
 * method is saved, and again when a page or a test goes out. And what a target answers is never
 * shown back, only its status.
 */
class OutboundTargetsTest {

  /** Pages the admin, by every contact method they have, for every alert of a new service; returns the integration key. */
  private static String pagingTheAdmin(TestHush t) {
    long serviceId = t.hush().services().create("payments", "", t.team(), null, false).id();
    EscalationPolicy policy = t.hush().escalation().createPolicy(t.team(), "payments", 0,
        List.of(EscalationPolicy.Step.of(0, 30, EscalationPolicy.TargetKind.USER, t.admin().id())));
    t.hush().escalation().assign(serviceId, policy.id());
    return t.hush().services().createKey(serviceId, "k").secret();
  }

  private static String trigger(String key, String dedup) {
    return "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"" + dedup
        + "\",\"payload\":{\"summary\":\"Payments failing\",\"source\":\"api-1\",\"severity\":\"critical\"}}";
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aTargetThatIsNotPublicIsRefusedWhenSavedAndWhenAPageOrATestGoesOut(StoreKind store) throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(); TestHush t = TestHush.startWithAllowedTargets(store, AllowedTargets.NONE)) {
      String[][] refused = {
          {"webhook", receiver.url("/hook"), "loopback"},
          {"slack", "http://169.254.169.254/latest/meta-data/", "link-local"},
          {"ntfy", "http://10.0.0.8/alerts", "private"},
          {"teams", "https://[::1]/workflows/x", "loopback"},
          {"webhook", "http://100.64.1.1/", "shared (CGNAT)"},
          {"webhook", "http://0.0.0.0:8080/", "unspecified"}};
      for (String[] r : refused) {
        HttpResponse<String> saved = t.api("POST", "/api/v1/me/contact-methods", "{\"kind\":\"" + r[0] + "\",\"address\":\"" + r[1] + "\"}");
        assertThat(saved.statusCode()).as(r[1]).isEqualTo(400);
        JsonNode problem = Json.parse(saved.body());
        assertThat(problem.path("field").asText()).isEqualTo("address");
        assertThat(problem.path("detail").asText()).as(r[1]).contains("a " + r[2] + " address", "HUSH_ALLOWED_TARGETS");
      }
      assertThat(t.count("SELECT COUNT(*) FROM contact_methods WHERE kind <> :v", "")).isZero();

      // A method stored before targets were checked (or whose name resolves elsewhere since) is checked again at every send.
      t.hush().db().useTransaction(h -> h.createUpdate("""
              INSERT INTO contact_methods (user_id, kind, name, address, secret, created_at) VALUES (:u, 'webhook', 'old', :a, 'whsec_old', 0)""")
          .bind("u", t.admin().id()).bind("a", receiver.url("/hook")).execute());
      long old = t.hush().notifications().contactMethods(t.admin().id()).get(0).id();
      HttpResponse<String> test = t.api("POST", "/api/v1/me/contact-methods/" + old + "/test", null);
      assertThat(test.statusCode()).isEqualTo(502);
      assertThat(Json.parse(test.body()).path("detail").asText()).contains("127.0.0.1 is a loopback address");

      String key = pagingTheAdmin(t);
      assertThat(t.postJson("/v2/enqueue", trigger(key, "ssrf-1")).statusCode()).isEqualTo(202);
      LoopbackReceiver.await("the page refused", () -> t.count("SELECT COUNT(*) FROM notifications WHERE status = :v", "failed") == 1, 10);
      assertThat(t.text("SELECT last_error FROM notifications WHERE status = :v", "failed")).contains("127.0.0.1 is a loopback address");
      long incidentId = t.incidents().get(0).id();
      assertThat(t.hush().incidents().detail(incidentId).timeline()).anySatisfy(e -> {
        assertThat(e.kind()).isEqualTo("notify_failed");
        assertThat(e.detail()).contains("refused for good, not retried", "loopback address");
      });
      assertThat(t.count("SELECT COUNT(*) FROM jobs WHERE kind = :v AND status <> 'done'", NotifyService.DELIVER_JOB))
          .as("a target that may not be reached is not retried").isZero();
      assertThat(receiver.requestCount()).as("nothing reached the loopback receiver").isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aRefusalSaysTheStatusAndNeverWhatThePeerAnswered(StoreKind store) throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(); TestHush t = TestHush.start(store)) {
      receiver.respondWith(500, "{\"error\":\"connection to db-7.internal failed: password hunter2 rejected\"}");
      JsonNode added = t.apiJson("POST", "/api/v1/me/contact-methods", "{\"kind\":\"webhook\",\"address\":\"" + receiver.url("/hook") + "\"}");
      long method = added.path("contact_method").path("id").asLong();

      HttpResponse<String> test = t.api("POST", "/api/v1/me/contact-methods/" + method + "/test", null);
      assertThat(test.statusCode()).isEqualTo(502);
      assertThat(Json.parse(test.body()).path("detail").asText())
          .isEqualTo("webhook did not take the message: HTTP 500 (internal server error) from 127.0.0.1");

      String key = pagingTheAdmin(t);
      assertThat(t.postJson("/v2/enqueue", trigger(key, "echo-1")).statusCode()).isEqualTo(202);
      LoopbackReceiver.await("the failed attempt recorded",
          () -> t.count("SELECT COUNT(*) FROM notifications WHERE last_error LIKE :v", "%HTTP 500%") == 1, 10);
      assertThat(t.text("SELECT last_error FROM notifications WHERE last_error LIKE :v", "%HTTP 500%"))
          .contains("HTTP 500 (internal server error) from 127.0.0.1").doesNotContain("hunter2", "db-7");
      long incidentId = t.incidents().get(0).id();
      assertThat(t.hush().incidents().detail(incidentId).timeline()).filteredOn(e -> e.kind().equals("notify_failed"))
          .isNotEmpty().allSatisfy(e -> assertThat(e.detail()).contains("HTTP 500").doesNotContain("hunter2", "db-7"));
    }
  }
}
