package dev.hush.incidents;

import dev.hush.core.Problem;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an incident is in its life: opened by a trigger, acknowledged by a person, resolved. */
public enum IncidentStatus {
  TRIGGERED, ACKNOWLEDGED, RESOLVED;

  @JsonValue
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IncidentStatus fromDb(String value) {
    return parse("status", value);
  }

  public static IncidentStatus parse(String field, String value) {
    for (IncidentStatus s : values()) {
      if (s.dbValue().equals(value)) {
        return s;
      }
    }
    throw Problem.invalid(field, "status must be one of triggered, acknowledged, resolved");
  }
}
