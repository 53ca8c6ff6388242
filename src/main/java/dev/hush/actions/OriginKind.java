package dev.hush.actions;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;
import java.util.Locale;

/** Where an action item came from. */
public enum OriginKind {
  REVIEW, INCIDENT, FINDING, NOTE;

  @JsonValue
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OriginKind parse(String field, String value) {
    for (OriginKind k : values()) {
      if (k.dbValue().equals(value)) {
        return k;
      }
    }
    throw Problem.invalid(field, field + " must be one of: review, incident, finding, note");
  }
}
