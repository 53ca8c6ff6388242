package dev.hush.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.services.AlertmanagerGrouping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Alertmanager webhook, version 4 (what {@code webhook_configs} sends). Every alert in
 * {@code alerts[]} is its own event, deduplicated by its fingerprint; or, when the service
 * asks for it, one incident per Alertmanager group ({@code groupKey}).
 */
final class AlertmanagerAdapter {
  static final int MAX_ALERTS = 10_000;
  private static final int MAX_LABEL = 1024;
  private static final int MAX_ANNOTATION = 16_384;

  private AlertmanagerAdapter() {}

  static List<AlertEvent> parse(long serviceId, AlertmanagerGrouping grouping, JsonNode body) {
    PayloadReader r = new PayloadReader();
    if (!body.isObject()) {
      throw new InvalidEvent("body", "the body must be an Alertmanager webhook JSON object");
    }
    String version = r.string(body, "version", "version", 8, false);
    if (version != null && !"4".equals(version)) {
      r.fail("version", "must be \"4\" (Alertmanager webhook payload version)");
    }
    String groupKey = r.string(body, "groupKey", "groupKey", 8192, grouping == AlertmanagerGrouping.GROUP);
    String groupStatus = r.string(body, "status", "status", 16, false);
    JsonNode alerts = r.array(body, "alerts", "alerts", true);
    if (alerts != null && alerts.size() > MAX_ALERTS) {
      r.fail("alerts", "has more than " + MAX_ALERTS + " alerts");
    }
    r.check();
    List<Parsed> parsed = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      parsed.add(parseAlert(r, serviceId, alerts.get(i), "alerts[" + i + "]"));
    }
    r.check();
    List<AlertEvent> events = new ArrayList<>(parsed.size());
    if (grouping == AlertmanagerGrouping.GROUP) {
      // One incident per group: its dedup key is the groupKey; it resolves when the group does.
      String dedup = groupKey.length() <= PagerDutyAdapter.MAX_DEDUP_KEY ? groupKey : Fingerprints.of(serviceId, "am-group", groupKey);
      boolean resolved = groupStatus != null ? "resolved".equals(groupStatus)
          : parsed.stream().allMatch(p -> p.action == EventAction.RESOLVE);
      String fingerprint = Fingerprints.of(serviceId, "am-group", groupKey);
      Parsed first = parsed.isEmpty() ? null : parsed.get(0);
      String title = first == null ? "Alertmanager group " + groupKey : groupTitle(body, first);
      events.add(new AlertEvent(WireFormat.ALERTMANAGER, resolved ? EventAction.RESOLVE : EventAction.TRIGGER, dedup,
          fingerprint, truncate(title, PagerDutyAdapter.MAX_SUMMARY), first == null ? "error" : first.severity,
          first == null ? "" : first.source, body.toString()));
      return events;
    }
    for (int i = 0; i < parsed.size(); i++) {
      Parsed p = parsed.get(i);
      events.add(new AlertEvent(WireFormat.ALERTMANAGER, p.action, p.dedupKey, p.fingerprint, p.title, p.severity, p.source,
          alerts.get(i).toString()));
    }
    return events;
  }

  private record Parsed(EventAction action, String dedupKey, String fingerprint, String title, String severity, String source) {}

  private static Parsed parseAlert(PayloadReader r, long serviceId, JsonNode alert, String path) {
    if (!alert.isObject()) {
      r.fail(path, "must be an object");
      return null;
    }
    String status = r.string(alert, "status", path + ".status", 16, true);
    if (status != null && !"firing".equals(status) && !"resolved".equals(status)) {
      r.fail(path + ".status", "must be 'firing' or 'resolved'");
    }
    Map<String, String> labels = stringMap(r, alert, "labels", path, MAX_LABEL, true);
    Map<String, String> annotations = stringMap(r, alert, "annotations", path, MAX_ANNOTATION, false);
    String amFingerprint = r.string(alert, "fingerprint", path + ".fingerprint", 128, false);
    r.string(alert, "startsAt", path + ".startsAt", 64, false);
    r.string(alert, "endsAt", path + ".endsAt", 64, false);
    r.string(alert, "generatorURL", path + ".generatorURL", 4096, false);
    if (labels == null || status == null || !r.ok()) {
      return null;
    }
    String fingerprint = Fingerprints.ofLabels(serviceId, labels);
    String dedupKey = amFingerprint != null && !amFingerprint.isBlank() ? amFingerprint : fingerprint;
    String title = annotations.getOrDefault("summary", annotations.getOrDefault("description", ""));
    if (title.isBlank()) {
      title = labels.getOrDefault("alertname", "alert") + (labels.containsKey("instance") ? " on " + labels.get("instance") : "");
    }
    return new Parsed("resolved".equals(status) ? EventAction.RESOLVE : EventAction.TRIGGER, dedupKey, fingerprint,
        truncate(title, PagerDutyAdapter.MAX_SUMMARY), severity(labels.get("severity")),
        labels.getOrDefault("instance", labels.getOrDefault("job", "")));
  }

  private static String groupTitle(JsonNode body, Parsed first) {
    JsonNode common = body.path("commonAnnotations").path("summary");
    if (common.isTextual() && !common.textValue().isBlank()) {
      return common.textValue();
    }
    int n = body.path("alerts").size();
    return n > 1 ? first.title + " (+" + (n - 1) + " more)" : first.title;
  }

  private static Map<String, String> stringMap(PayloadReader r, JsonNode alert, String name, String path, int max,
      boolean required) {
    JsonNode obj = r.object(alert, name, path + "." + name, required);
    Map<String, String> out = new LinkedHashMap<>();
    if (obj == null) {
      return required ? null : out;
    }
    if (required && obj.isEmpty()) {
      r.fail(path + "." + name, "must not be empty");
      return null;
    }
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      String v = r.string(obj, e.getKey(), path + "." + name + "." + e.getKey(), max, false);
      if (v != null) {
        out.put(e.getKey(), v);
      }
    }
    return out;
  }

  /** Maps a conventional {@code severity} label onto PagerDuty's four levels. */
  static String severity(String label) {
    if (label == null) {
      return "error";
    }
    return switch (label.toLowerCase(Locale.ROOT)) {
      case "critical", "page", "emergency", "fatal" -> "critical";
      case "warning", "warn" -> "warning";
      case "info", "informational", "none", "notice" -> "info";
      default -> "error";
    };
  }

  static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
