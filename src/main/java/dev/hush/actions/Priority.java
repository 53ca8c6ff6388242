package dev.hush.actions;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;

/** How urgent an action item is; every priority comes before feature work, P1 first. */
public enum Priority {
  P1, P2, P3;

  @JsonValue
  public String dbValue() {
    return name();
  }

  public static Priority parse(String field, String value) {
    for (Priority p : values()) {
      if (p.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
        return p;
      }
    }
    throw Problem.invalid(field, field + " must be P1, P2 or P3");
  }
}
