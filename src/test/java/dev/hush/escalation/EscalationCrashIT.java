package dev.hush.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.HushProcess;
import dev.hush.LoopbackReceiver;
import dev.hush.core.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** kill -9 while pages are queued: after a restart every incident is paged, and no page is sent under two keys. */
class EscalationCrashIT {
  private static final String KEY = "escalation-crash-key-0001";
  private final HttpClient http = HttpClient.newHttpClient();

  private JsonNode api(String base, String token, String method, String path, String json) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    return Json.parse(r.body());
  }

  @Test
  void noPageIsLostOrDoubledWhenTheServerIsKilledMidEscalation() throws Exception {
    Path dir = Files.createTempDirectory("hush-esc-crash");
    String[] store = {"--data-dir", dir.toString(), "--allowed-targets", "127.0.0.1/32"};
    HushProcess.run(dir, "service", "create", "payments", "--key", KEY, "--data-dir", dir.toString());
    HushProcess.run(dir, "user", "create", "--email", "ops@x.io", "--name", "Ops", "--password", "long-enough-pw", "--admin", "--role", "manager", "--data-dir", dir.toString());
    String token = HushProcess.run(dir, "user", "token", "--as", "ops@x.io", "--data-dir", dir.toString())
        .replaceAll("(?s).*API token \\(shown once\\): (\\S+).*", "$1");
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      HushProcess first = HushProcess.serve(dir, store);
      String base = first.baseUrl();
      long me = api(base, token, "GET", "/api/v1/me", "").path("id").asLong();
      api(base, token, "POST", "/api/v1/me/contact-methods", "{\"kind\":\"webhook\",\"address\":\"" + receiver.url("/page") + "\"}");
      long rotation = api(base, token, "POST", "/api/v1/rotations", "{\"name\":\"r\",\"zone\":\"UTC\",\"start_date\":\"" + LocalDate.now().minusDays(7)
          + "\",\"user_ids\":[" + me + "]}").path("id").asLong();
      long schedule = api(base, token, "POST", "/api/v1/schedules", "{\"name\":\"s\"}").path("id").asLong();
      api(base, token, "POST", "/api/v1/schedules/" + schedule + "/layers", "{\"rotation_id\":" + rotation + "}");
      long policy = api(base, token, "POST", "/api/v1/escalation-policies", "{\"name\":\"p\",\"steps\":[{\"target\":\"schedule\",\"target_id\":"
          + schedule + ",\"delay_minutes\":5}]}").path("id").asLong();
      api(base, token, "PUT", "/api/v1/services/1/escalation-policy", "{\"policy_id\":" + policy + "}");

      receiver.respondWith(503);
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/enqueue")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"routing_key\":\"" + KEY + "\",\"event_action\":\"trigger\",\"dedup_key\":\"c" + i
                + "\",\"payload\":{\"summary\":\"crash " + i + "\",\"source\":\"s\",\"severity\":\"critical\"}}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
      }
      first.kill9();
      assertThat(first.process().exitValue()).isEqualTo(137);
      assertThat(receiver.received()).as("the provider was down: nothing delivered before the crash").isEmpty();

      receiver.respondWith(200);
      try (HushProcess second = HushProcess.serve(dir, store)) {
        LoopbackReceiver.await("every incident paged after the restart", () -> receiver.received().stream()
            .map(r -> Json.parse(r.body()).path("incident_id").asLong()).collect(Collectors.toSet()).size() == 20, 60);
        Thread.sleep(2_000);
        Set<String> keys = receiver.received().stream().map(r -> r.header("Idempotency-Key")).collect(Collectors.toSet());
        assertThat(keys).as("one idempotency key per page").hasSize(20);
        assertThat(receiver.received()).as("nothing sent twice").hasSize(20);
        assertThat(second.process().isAlive()).as("the restarted node kept serving while it paged").isTrue();
      }
    }
  }
}
