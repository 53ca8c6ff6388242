package dev.hush.oncall;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;
import java.util.Locale;

/**
 * How long one shift lasts. Weekly, daily and every-N-days shifts hand off at the same local
 * time in the rotation's zone whatever the clocks do; every-N-hours shifts are N real hours.
 */
public enum ShiftKind {
  WEEKLY, DAILY, DAYS, HOURS;

  @JsonValue
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ShiftKind parse(String field, String value) {
    for (ShiftKind k : values()) {
      if (k.dbValue().equals(value)) {
        return k;
      }
    }
    throw Problem.invalid(field, "shift kind must be weekly, daily, days or hours");
  }
}
