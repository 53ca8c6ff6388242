package dev.hush.services;

import dev.hush.core.Problem;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How Alertmanager webhook alerts become incidents: one per alert, or one per Alertmanager group. */
public enum AlertmanagerGrouping {
  ALERT, GROUP;

  @JsonValue
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AlertmanagerGrouping parse(String field, String value) {
    for (AlertmanagerGrouping g : values()) {
      if (g.dbValue().equals(value)) {
        return g;
      }
    }
    throw Problem.invalid(field, "must be 'alert' (one incident per alert) or 'group' (one per Alertmanager groupKey)");
  }
}
