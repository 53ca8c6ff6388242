package dev.hush.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Redaction;
import dev.hush.services.ServiceCatalog;
import java.util.List;
import java.util.Map;

/**
 * A received body made fit to keep: all of its text valid Unicode (else a 400 that names the field),
 * and the integration key it came with nowhere in it. Adapters read the result, so titles, sources
 * and dedup keys never hold the key either.
 */
final class Received {
  static final String NOT_UNICODE = "is not valid Unicode (it holds a lone surrogate such as \\ud800)";

  private Received() {}

  /** Checks the text of {@code body} and returns it with {@code key} redacted wherever it occurs. */
  static JsonNode clean(JsonNode body, String key) {
    requireUnicode(body, "");
    // A shorter string is no key (none is accepted), and replacing it would mangle ordinary words.
    return key == null || key.length() < ServiceCatalog.SHORTEST_KEY ? body : Redaction.redact(body, List.of(key));
  }

  /** As {@link #clean}, for a PagerDuty body: its {@code routing_key} is the key, whatever it looks like. */
  static JsonNode cleanPagerDuty(JsonNode body, String routingKey) {
    return Redaction.markField(clean(body, routingKey), "routing_key");
  }

  /** The index of the first unpaired surrogate in {@code s}, or -1. Storing one would turn it into '?'. */
  static int loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  private static void requireUnicode(JsonNode node, String path) {
    if (node.isTextual()) {
      if (loneSurrogate(node.textValue()) >= 0) {
        String field = path.isEmpty() ? "body" : path;
        throw new InvalidEvent(field, "'" + field + "' " + NOT_UNICODE);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        requireUnicode(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (loneSurrogate(field.getKey()) >= 0) {
          String where = path.isEmpty() ? "body" : path;
          throw new InvalidEvent(where, "a field name in '" + where + "' " + NOT_UNICODE);
        }
        requireUnicode(field.getValue(), child);
      }
    }
  }
}
