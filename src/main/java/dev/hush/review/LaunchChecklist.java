package dev.hush.review;

import dev.hush.core.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The "needs monitoring?" questions every upcoming launch answers before it ships. */
public final class LaunchChecklist {
  /** Key → what it asks, in the order shown. */
  public static final Map<String, String> ITEMS;

  static {
    Map<String, String> items = new LinkedHashMap<>();
    items.put("dashboard", "Its metrics are on the service's dashboard");
    items.put("alerts", "Alerts for it page with a runbook link");
    items.put("logs", "The new paths log what we would need at 2 AM");
    items.put("rollback", "On-call knows it is coming and how to roll it back");
    ITEMS = java.util.Collections.unmodifiableMap(items);
  }

  private LaunchChecklist() {}

  /** The checked keys, each once, in checklist order; an unknown key names the field. */
  static List<String> parse(String field, List<String> keys) {
    for (String k : keys) {
      if (!ITEMS.containsKey(k)) {
        throw Problem.invalid(field, "unknown checklist item '" + k + "': use " + String.join(", ", ITEMS.keySet()));
      }
    }
    return ITEMS.keySet().stream().filter(keys::contains).toList();
  }
}
