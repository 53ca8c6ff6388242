package dev.hush.incidents;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;

/** Whether an alert was worth waking someone for. */
public enum NoiseVerdict {
  ACTIONABLE("actionable"), NOISY("noisy"), FALSE_POSITIVE("false positive"), POOR_DETAILS("poor details");

  private final String label;

  NoiseVerdict(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  public static NoiseVerdict parse(String field, String value) {
    for (NoiseVerdict v : values()) {
      if (v.label.equals(value) || v.name().equalsIgnoreCase(value)) {
        return v;
      }
    }
    throw Problem.invalid(field, "verdict must be one of: actionable, noisy, false positive, poor details");
  }
}
