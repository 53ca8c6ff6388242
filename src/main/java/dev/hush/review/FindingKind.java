package dev.hush.review;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;

/** What a finding is: something noticed on a service's week, or a gap in what the service logs. */
public enum FindingKind {
  OBSERVATION("observation"),
  /** "We should really log that": observability debt, tracked through the action item it creates. */
  LOG_THAT("log-that");

  private final String value;

  FindingKind(String value) {
    this.value = value;
  }

  @JsonValue
  public String dbValue() {
    return value;
  }

  static FindingKind fromDb(String value) {
    return parse("kind", value);
  }

  public static FindingKind parse(String field, String value) {
    for (FindingKind k : values()) {
      if (k.value.equals(value)) {
        return k;
      }
    }
    throw Problem.invalid(field, field + " must be observation or log-that");
  }
}
