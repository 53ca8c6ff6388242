package dev.hush.alerts;

import dev.hush.core.Secrets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stable identity of an alert: service + rule name + identifying labels. The same alert
 * firing again next week has the same fingerprint, so recurrences can be counted.
 */
final class Fingerprints {
  private Fingerprints() {}

  static String of(long serviceId, String... parts) {
    StringBuilder sb = new StringBuilder().append(serviceId);
    for (String p : parts) {
      // Length-prefixed so ("a|b", "c") and ("a", "b|c") never collide.
      String v = p == null ? "" : p;
      sb.append('|').append(v.length()).append(':').append(v);
    }
    return Secrets.sha256(sb.toString()).substring(0, 32);
  }

  static String ofLabels(long serviceId, Map<String, String> labels) {
    TreeMap<String, String> sorted = new TreeMap<>(labels);
    String[] parts = new String[sorted.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      parts[i++] = e.getKey();
      parts[i++] = e.getValue();
    }
    return of(serviceId, parts);
  }
}
