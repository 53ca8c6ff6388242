package dev.hush.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** PagerDuty Events API v2: {@code POST /v2/enqueue} and {@code POST /v2/change/enqueue}. */
final class PagerDutyAdapter {
  static final int MAX_DEDUP_KEY = 255;
  static final int MAX_SUMMARY = 1024;
  private static final int MAX_SHORT_FIELD = 1024;
  /** ISO 8601 with the offset as "Z", "+01:00" or "+0100" (PagerDuty's own examples use the last). */
  static final DateTimeFormatter ISO_8601 = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter();
  private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

  private PagerDutyAdapter() {}

  /** The routing key, read before anything else so that an unknown key is reported as such. */
  static String routingKey(JsonNode body) {
    PayloadReader r = new PayloadReader();
    String key = r.string(body, "routing_key", "routing_key", 256, true);
    r.check();
    return key;
  }

  static AlertEvent parse(long serviceId, JsonNode body, String raw) {
    PayloadReader r = new PayloadReader();
    String action = r.string(body, "event_action", "event_action", 32, true);
    String dedupKey = r.string(body, "dedup_key", "dedup_key", MAX_DEDUP_KEY, false);
    EventAction eventAction = null;
    if (action != null) {
      switch (action) {
        case "trigger" -> eventAction = EventAction.TRIGGER;
        case "acknowledge" -> eventAction = EventAction.ACKNOWLEDGE;
        case "resolve" -> eventAction = EventAction.RESOLVE;
        default -> r.fail("event_action", "must be one of trigger, acknowledge, resolve");
      }
    }
    r.string(body, "client", "client", MAX_SHORT_FIELD, false);
    r.string(body, "client_url", "client_url", 2048, false);
    links(r, body);
    if (eventAction != EventAction.TRIGGER) {
      if (eventAction != null && (dedupKey == null || dedupKey.isBlank())) {
        r.fail("dedup_key", "is required to " + action);
      }
      r.check();
      return new AlertEvent(WireFormat.PAGERDUTY, eventAction, dedupKey, null, null, null, null, raw);
    }
    JsonNode payload = r.object(body, "payload", "payload", true);
    String summary = r.string(payload, "summary", "payload.summary", MAX_SUMMARY, payload != null);
    String source = r.string(payload, "source", "payload.source", MAX_SHORT_FIELD, payload != null);
    String severity = r.string(payload, "severity", "payload.severity", 16, payload != null);
    if (severity != null && !SEVERITIES.contains(severity.toLowerCase(Locale.ROOT))) {
      r.fail("payload.severity", "must be one of critical, error, warning, info");
    }
    timestamp(r, payload, "payload.timestamp");
    String component = r.string(payload, "component", "payload.component", MAX_SHORT_FIELD, false);
    String group = r.string(payload, "group", "payload.group", MAX_SHORT_FIELD, false);
    String eventClass = r.string(payload, "class", "payload.class", MAX_SHORT_FIELD, false);
    r.check();
    String fingerprint;
    if (dedupKey == null || dedupKey.isEmpty()) {
      // PagerDuty generates a key, so every such trigger is a new incident. The fingerprint
      // still ties recurrences together by what the alert is about.
      dedupKey = UUID.randomUUID().toString().replace("-", "");
      fingerprint = Fingerprints.of(serviceId, "pd", eventClass == null ? summary : eventClass, source, component, group);
    } else {
      fingerprint = Fingerprints.of(serviceId, "pd-dedup", dedupKey);
    }
    return new AlertEvent(WireFormat.PAGERDUTY, EventAction.TRIGGER, dedupKey, fingerprint, summary,
        severity.toLowerCase(Locale.ROOT), source, raw);
  }

  static ChangeEvent parseChange(JsonNode body, String raw, long receivedAt) {
    PayloadReader r = new PayloadReader();
    r.string(body, "routing_key", "routing_key", 256, true);
    JsonNode payload = r.object(body, "payload", "payload", true);
    String summary = r.string(payload, "summary", "payload.summary", MAX_SUMMARY, payload != null);
    String source = r.string(payload, "source", "payload.source", MAX_SHORT_FIELD, false);
    Long at = timestamp(r, payload, "payload.timestamp");
    links(r, body);
    r.check();
    return new ChangeEvent(summary, source == null ? "" : source, at == null ? receivedAt : at, raw);
  }

  private static void links(PayloadReader r, JsonNode body) {
    for (String name : new String[] {"links", "images"}) {
      JsonNode list = r.array(body, name, name, false);
      if (list == null) {
        continue;
      }
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).isObject()) {
          r.fail(name + "[" + i + "]", "must be an object");
        } else {
          String urlField = "links".equals(name) ? "href" : "src";
          r.string(list.get(i), urlField, name + "[" + i + "]." + urlField, 2048, true);
        }
      }
    }
  }

  private static Long timestamp(PayloadReader r, JsonNode payload, String path) {
    String ts = r.string(payload, "timestamp", path, 64, false);
    if (ts == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(ts, ISO_8601).toInstant().toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      // ArithmeticException: a valid date-time too far from 1970 for epoch milliseconds.
      r.fail(path, "must be an ISO 8601 date-time with an offset, such as 2026-11-24T08:42:58.315+0000");
      return null;
    }
  }
}
