package dev.hush.actions;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;
import java.util.Locale;

/** Where an action item stands. {@code WONT_DO} carries a reason. */
public enum ActionStatus {
  OPEN, IN_PROGRESS, DONE, WONT_DO;

  @JsonValue
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Still to do: shown in the lane, carried over, can be overdue. */
  public boolean pending() {
    return this == OPEN || this == IN_PROGRESS;
  }

  public String label() {
    return switch (this) {
      case OPEN -> "open";
      case IN_PROGRESS -> "in progress";
      case DONE -> "done";
      case WONT_DO -> "won't do";
    };
  }

  public static ActionStatus parse(String field, String value) {
    for (ActionStatus s : values()) {
      if (s.dbValue().equals(value)) {
        return s;
      }
    }
    throw Problem.invalid(field, field + " must be one of: open, in_progress, done, wont_do");
  }
}
