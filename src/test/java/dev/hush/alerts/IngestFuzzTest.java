package dev.hush.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentFilter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Thousands of random and mutated payloads against every ingest endpoint: never a 5xx, every
 * refusal is a JSON error, and what was stored before is untouched.
 */
class IngestFuzzTest {
  private static final int CASES = 2_500;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void noPayloadCausesA5xxOrDamagesStoredIncidents(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("fuzz");
      String other = t.serviceWithKey("bystander");
      for (int i = 0; i < 5; i++) {
        t.postJson("/v2/enqueue", PagerDutyIngestTest.trigger(other, "keep-" + i, "Bystander incident " + i));
      }
      List<Incident> before = t.hush().incidents().list(new IncidentFilter(Set.of(), null, null, null, 500, null));
      assertThat(before).hasSize(5);

      Random random = new Random(20261124L);
      List<String> seeds = List.of(
          PagerDutyIngestTest.trigger(key, "d1", "seed"),
          PagerDutyIngestTest.action(key, "resolve", "d1"),
          AlertmanagerWebhookTest.envelope("firing", "g", AlertmanagerWebhookTest.alert("firing", "A", "i1", "f1"),
              AlertmanagerWebhookTest.alert("resolved", "B", "i2", null)),
          "{\"summary\":\"generic\",\"details\":\"d\",\"dedup\":\"x\"}",
          "{\"routing_key\":\"" + key + "\",\"payload\":{\"summary\":\"change\",\"source\":\"ci\"}}");
      String[] paths = {"/v2/enqueue", "/api/v1/integrations/alertmanager/" + key, "/api/v2/generic/incoming?token=" + key,
          "/v2/change/enqueue"};
      String[] types = {"application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x", ""};
      int accepted = 0;
      for (int n = 0; n < CASES; n++) {
        byte[] body = mutate(random, seeds.get(random.nextInt(seeds.size())));
        String path = paths[random.nextInt(paths.length)];
        String type = random.nextInt(5) == 0 ? types[random.nextInt(types.length)] : "application/json";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(t.baseUrl() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!type.isEmpty()) {
          request.header("Content-Type", type);
        }
        HttpResponse<String> r;
        try {
          r = t.send(request);
        } catch (IllegalStateException e) {
          throw new AssertionError("case " + n + ": " + path + " " + type + " " + body.length + " bytes: " + preview(body), e);
        }
        assertThat(r.statusCode()).as("case %d: %s %s", n, path, preview(body)).isLessThan(500);
        if (r.statusCode() >= 400) {
          JsonNode error = Json.parse(r.body());
          assertThat(error.path("error").asText()).as("case %d", n).isNotBlank();
          assertThat(error.path("detail").asText()).as("case %d", n).isNotBlank();
        } else {
          accepted++;
        }
      }
      assertThat(accepted).as("some mutations stay valid and are stored").isPositive();

      List<Incident> after = t.hush().incidents().list(new IncidentFilter(Set.of(), before.get(0).serviceId(), null, null, 500, null));
      assertThat(after).containsExactlyElementsOf(before);
      assertThat(t.hush().readyz()).isTrue();
    }
  }

  private static String preview(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  /** One of a dozen ways a sender, a proxy or an attacker gets a payload wrong. */
  static byte[] mutate(Random random, String seed) {
    StringBuilder s = new StringBuilder(seed);
    switch (random.nextInt(12)) {
      case 0 -> s.setLength(random.nextInt(s.length() + 1));
      case 1 -> {
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
          int at = random.nextInt(s.length());
          s.setCharAt(at, (char) (32 + random.nextInt(95)));
        }
      }
      case 2 -> s.insert(random.nextInt(s.length()), "{\"x\":".repeat(200 + random.nextInt(2000)));
      case 3 -> {
        String repl = List.of("null", "42", "true", "[]", "{}", "\"\"", "-1e309", "\"\\u0000\"").get(random.nextInt(8));
        return seed.replaceFirst(":\"[^\"]*\"", ":" + repl).getBytes(StandardCharsets.UTF_8);
      }
      case 4 -> {
        return seed.replaceFirst("\"[a-z_]+\":\"[^\"]*\",?", "").getBytes(StandardCharsets.UTF_8);
      }
      case 5 -> {
        return seed.replaceFirst(":\"[^\"]*\"", ":\"" + "x".repeat(random.nextInt(300_000)) + "\"").getBytes(StandardCharsets.UTF_8);
      }
      case 6 -> {
        byte[] bytes = new byte[random.nextInt(4096)];
        random.nextBytes(bytes);
        return bytes;
      }
      case 7 -> {
        byte[] utf8 = seed.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 4; i++) {
          utf8[random.nextInt(utf8.length)] = (byte) (0x80 | random.nextInt(0x7f));
        }
        return utf8;
      }
      case 8 -> s.append(s);
      case 9 -> {
        return ("[" + seed + "," + seed + "]").getBytes(StandardCharsets.UTF_8);
      }
      case 10 -> {
        return seed.replace("\"trigger\"", "\"" + List.of("TRIGGER", "acknowledge", "resolve", "", "explode").get(random.nextInt(5)) + "\"")
            .getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        // unchanged: valid events must still be accepted among the noise
      }
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }
}
