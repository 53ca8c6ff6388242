package dev.hush.alerts;

import dev.hush.core.Problem;
import java.util.List;

/** A payload that does not parse or validate: every problem found, the first one's field named. */
final class InvalidEvent extends Problem {
  @java.io.Serial
  private static final long serialVersionUID = 1L;
  private final transient List<String> errors;

  InvalidEvent(String field, String detail) {
    this(field, detail, List.of(detail));
  }

  InvalidEvent(String field, String detail, List<String> errors) {
    super(400, "invalid_event", field, detail);
    this.errors = List.copyOf(errors);
  }

  List<String> errors() {
    return errors;
  }
}
