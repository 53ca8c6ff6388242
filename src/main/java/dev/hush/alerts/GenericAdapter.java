package dev.hush.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * GoAlert's generic incoming API: {@code summary}, {@code details}, {@code action=close},
 * {@code dedup}, as JSON or form fields. Without {@code dedup}, summary and details identify the alert.
 */
final class GenericAdapter {
  private static final int MAX_SUMMARY = PagerDutyAdapter.MAX_SUMMARY;
  private static final int MAX_DETAILS = 64 * 1024;

  private GenericAdapter() {}

  static AlertEvent parseJson(long serviceId, JsonNode body) {
    if (!body.isObject()) {
      throw new InvalidEvent("body", "the body must be a JSON object");
    }
    PayloadReader r = new PayloadReader();
    String summary = r.string(body, "summary", "summary", MAX_SUMMARY, false);
    String details = r.string(body, "details", "details", MAX_DETAILS, false);
    String action = r.string(body, "action", "action", 16, false);
    String dedup = r.string(body, "dedup", "dedup", PagerDutyAdapter.MAX_DEDUP_KEY, false);
    r.check();
    return build(serviceId, summary, details, action, dedup, body.toString());
  }

  /** The fields GoAlert reads from a form, as the JSON object they would have been. */
  static ObjectNode formAsJson(Map<String, List<String>> form) {
    ObjectNode asJson = JsonNodeFactory.instance.objectNode();
    for (String field : List.of("summary", "details", "action", "dedup")) {
      List<String> values = form.get(field);
      if (values != null && !values.isEmpty()) {
        asJson.put(field, values.get(0));
      }
    }
    return asJson;
  }

  private static AlertEvent build(long serviceId, String summary, String details, String action, String dedup, String raw) {
    if (action != null && !action.isEmpty() && !"close".equals(action)) {
      throw new InvalidEvent("action", "'action' must be 'close' or absent");
    }
    boolean close = "close".equals(action);
    if ((summary == null || summary.isBlank()) && (dedup == null || dedup.isBlank())) {
      throw new InvalidEvent("summary", "'summary' is missing (or give 'dedup')");
    }
    String title = summary == null || summary.isBlank() ? dedup : summary.strip();
    String identity = dedup != null && !dedup.isBlank() ? dedup : Fingerprints.of(serviceId, "generic", title, details);
    String fingerprint = Fingerprints.of(serviceId, "generic", identity);
    return new AlertEvent(WireFormat.GENERIC, close ? EventAction.RESOLVE : EventAction.TRIGGER,
        identity.length() <= PagerDutyAdapter.MAX_DEDUP_KEY ? identity : fingerprint, fingerprint, title, "error", "", raw);
  }
}
