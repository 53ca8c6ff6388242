package dev.hush.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hush.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic JSON webhook. {@code X-Hush-Signature: sha256=HEX} is the HMAC-SHA256 of
 * "{timestamp}.{body}" with the method's secret, and {@code X-Hush-Timestamp} is that timestamp,
 * so a receiver can check both origin and freshness. {@code Idempotency-Key} repeats on retries.
 */
final class WebhookChannel implements Channel {
  private final TargetGuard guard;

  WebhookChannel(TargetGuard guard) {
    this.guard = guard;
  }

  @java.lang.Override
  public void send(Message m, ContactMethod to) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("event", "incident.notify");
    body.put("incident_id", m.incidentId());
    body.put("title", m.title());
    body.put("severity", m.severity());
    body.put("service", m.service());
    body.put("incident_url", m.incidentUrl());
    body.put("ack_url", m.ackUrl());
    body.put("recipient", m.recipient());
    body.set("details", Json.parse(m.details()));
    String json = body.toString();
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    HttpChannels.postJson(guard.resolve(to.address()), json, Map.of(
        "X-Hush-Timestamp", timestamp,
        "X-Hush-Signature", "sha256=" + sign(to.secret(), timestamp + "." + json),
        "Idempotency-Key", m.key()));
  }

  static String sign(String secret, String payload) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
  }
}
