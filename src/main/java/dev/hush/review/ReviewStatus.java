package dev.hush.review;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Scheduled until the meeting starts, in progress during it, closed once its minutes are saved. */
public enum ReviewStatus {
  SCHEDULED, IN_PROGRESS, CLOSED;

  @JsonValue
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  static ReviewStatus fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT).replace(' ', '_'));
  }
}
