package dev.hush.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Text that is not Unicode is refused with the field named, never rewritten to '?' or U+FFFD: two
 * different dedup keys must never fold into one incident.
 */
class InvalidUnicodeTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void loneSurrogatesAreRefusedInEveryFormatWithTheFieldNamed(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("checkout");
      assertPagerDutyInvalid(t, bytes(PagerDutyIngestTest.trigger(key, "disk-\\ud800", "s")), "dedup_key");
      assertPagerDutyInvalid(t, bytes(PagerDutyIngestTest.trigger(key, "disk-\\udc00", "s")), "dedup_key");
      assertPagerDutyInvalid(t, bytes(PagerDutyIngestTest.trigger(key, "disk-\\udbff\\u0041", "s")), "dedup_key");
      assertPagerDutyInvalid(t, bytes(PagerDutyIngestTest.action(key, "resolve", "disk-\\ud800")), "dedup_key");
      assertPagerDutyInvalid(t, bytes(PagerDutyIngestTest.trigger(key, "d", "Disk \\ud800 full")), "payload.summary");
      assertPagerDutyInvalid(t, bytes(PagerDutyIngestTest.trigger(key, "d", "s").replace("\"2%\"", "\"\\ud800\"")),
          "payload.custom_details.free");
      assertPagerDutyInvalid(t, bytes(PagerDutyIngestTest.trigger(key + "\\ud800", "d", "s")), "routing_key");

      HttpResponse<String> am = t.postJson("/api/v1/integrations/alertmanager/" + key,
          AlertmanagerWebhookTest.envelope("firing", "g", AlertmanagerWebhookTest.alert("firing", "A", "db-\\ud800", "f1")));
      assertInvalid(am, "alerts[0].labels.instance");
      am = t.postJson("/api/v1/integrations/alertmanager/" + key,
          AlertmanagerWebhookTest.envelope("firing", "g", AlertmanagerWebhookTest.alert("firing", "A", "db-1", "f\\udfff")));
      assertInvalid(am, "alerts[0].fingerprint");
      assertInvalid(t.postJson("/api/v2/generic/incoming?token=" + key, "{\"summary\":\"s\",\"dedup\":\"\\ud800\"}"), "dedup");

      assertThat(t.incidents()).isEmpty();
      assertThat(t.hush().ingest().countEvents()).isZero();

      // A surrogate pair is a character like any other.
      assertThat(t.postJson("/v2/enqueue", PagerDutyIngestTest.trigger(key, "disk-\\ud83d\\udd25", "s")).statusCode()).isEqualTo(202);
      assertThat(t.incidents()).singleElement().satisfies(i -> assertThat(i.dedupKey()).isEqualTo("disk-\uD83D\uDD25"));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void bytesThatAreNotUtf8AreRefusedInEveryFormatWithTheFieldNamed(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("checkout");
      assertPagerDutyInvalid(t, withBytes(PagerDutyIngestTest.trigger(key, "disk-@", "s"), 0xFF), "dedup_key");
      assertPagerDutyInvalid(t, withBytes(PagerDutyIngestTest.trigger(key, "disk-@", "s"), 0xFE), "dedup_key");
      // An overlong '/', a CESU-8 surrogate, a lone continuation byte, a sequence cut short.
      assertPagerDutyInvalid(t, withBytes(PagerDutyIngestTest.trigger(key, "a@b", "s"), 0xC0, 0xAF), "dedup_key");
      assertPagerDutyInvalid(t, withBytes(PagerDutyIngestTest.trigger(key, "a@b", "s"), 0xED, 0xA0, 0x80), "dedup_key");
      assertPagerDutyInvalid(t, withBytes(PagerDutyIngestTest.trigger(key, "d", "Disk @ full"), 0x80), "payload.summary");
      assertPagerDutyInvalid(t, withBytes(PagerDutyIngestTest.trigger(key, "d", "Disk @ full"), 0xE2, 0x82), "payload.summary");
      HttpResponse<String> change = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/v2/change/enqueue"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(
              withBytes("{\"routing_key\":\"" + key + "\",\"payload\":{\"summary\":\"deploy @\"}}", 0xC3))));
      assertInvalid(change, "payload.summary");
      assertThat(Json.parse(change.body()).path("status").asText()).isEqualTo("invalid event");

      assertInvalid(post(t, "/api/v1/integrations/alertmanager/" + key, "application/json", withBytes(AlertmanagerWebhookTest.envelope(
          "firing", "g", AlertmanagerWebhookTest.alert("firing", "A", "db-1", "f@")), 0xF5)), "alerts[0].fingerprint");
      assertInvalid(post(t, "/api/v2/generic/incoming?token=" + key, "application/json", withBytes("{\"summary\":\"s\",\"dedup\":\"x@\"}", 0xFF)),
          "dedup");
      assertInvalid(t.post("/api/v2/generic/incoming?token=" + key, "application/x-www-form-urlencoded", "summary=s&dedup=x%FF"), "dedup");
      assertInvalid(t.post("/api/v2/generic/incoming?token=" + key, "application/x-www-form-urlencoded", "summary=s&dedup=x%C0%AF"), "dedup");
      assertInvalid(t.post("/api/v2/generic/incoming?token=" + key, "application/x-www-form-urlencoded", "summary=s%FE&dedup=x"), "summary");
      assertInvalid(t.post("/api/v2/generic/incoming?token=" + key, "application/x-www-form-urlencoded", "summary=s&dedup=x%F"), "dedup");
      assertInvalid(post(t, "/api/v2/generic/incoming?token=" + key + "&summary=s&dedup=x%FF", null, new byte[0]), "dedup");

      assertThat(t.incidents()).isEmpty();
      assertThat(t.hush().ingest().countEvents()).isZero();

      // The same keys spelt in UTF-8 are accepted, each its own incident.
      assertThat(t.post("/api/v2/generic/incoming?token=" + key, "application/x-www-form-urlencoded", "summary=s&dedup=x%C3%BF").statusCode())
          .isEqualTo(200);
      assertThat(t.post("/api/v2/generic/incoming?token=" + key, "application/x-www-form-urlencoded", "summary=s&dedup=x%C3%BE").statusCode())
          .isEqualTo(200);
      assertThat(t.incidents()).extracting(i -> i.dedupKey()).containsExactlyInAnyOrder("xÿ", "xþ");
    }
  }

  @Test
  void theUtf8CheckFollowsRfc3629() {
    assertThat(Json.firstInvalidUtf8("plain ascii, é, €, 𝄞".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    assertThat(Json.firstInvalidUtf8(new byte[] {'a', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).as("above U+10FFFF").isEqualTo(1);
    assertThat(Json.firstInvalidUtf8(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF})).as("overlong").isZero();
    assertThat(Json.firstInvalidUtf8(new byte[] {'a', 'b', (byte) 0xF0, (byte) 0x9D, (byte) 0x84})).as("cut short").isEqualTo(2);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The text's UTF-8 with its one '@' replaced by the given raw bytes. */
  private static byte[] withBytes(String text, int... raw) {
    int at = text.indexOf('@');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bytes(text.substring(0, at)));
    for (int b : raw) {
      out.write(b);
    }
    out.writeBytes(bytes(text.substring(at + 1)));
    return out.toByteArray();
  }

  private static HttpResponse<String> post(TestHush t, String path, String type, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(t.baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    return t.send(b);
  }

  private static void assertPagerDutyInvalid(TestHush t, byte[] body, String field) {
    HttpResponse<String> r = post(t, "/v2/enqueue", "application/json", body);
    assertInvalid(r, field);
    JsonNode json = Json.parse(r.body());
    assertThat(json.path("status").asText()).isEqualTo("invalid event");
    assertThat(json.path("message").asText()).isEqualTo("Event object is invalid");
    assertThat(json.path("errors").get(0).asText()).contains(field);
  }

  private static void assertInvalid(HttpResponse<String> r, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode json = Json.parse(r.body());
    assertThat(json.path("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(json.path("detail").asText()).as(r.body()).containsAnyOf("Unicode", "UTF-8", "%-escape");
  }
}
