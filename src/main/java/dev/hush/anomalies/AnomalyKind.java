package dev.hush.anomalies;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;

/** What a detector saw in a window of a series. */
public enum AnomalyKind {
  SPIKE("spike", "spike"),
  DIP("dip", "dip"),
  LEVEL_SHIFT("level-shift", "level shift"),
  DROP_TO_ZERO("drop-to-zero", "dropped to zero"),
  FLATLINE("flatline", "flatlined"),
  TREND_BREAK("trend-break", "trend break");

  private final String value;
  private final String words;

  AnomalyKind(String value, String words) {
    this.value = value;
    this.words = words;
  }

  @JsonValue
  public String dbValue() {
    return value;
  }

  public String words() {
    return words;
  }

  public static AnomalyKind parse(String field, String value) {
    for (AnomalyKind k : values()) {
      if (k.value.equals(value)) {
        return k;
      }
    }
    throw Problem.invalid(field, field + " is not a kind of anomaly");
  }
}
