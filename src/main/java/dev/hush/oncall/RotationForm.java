package dev.hush.oncall;

import dev.hush.core.RequestParams;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.function.Function;

/**
 * The new-rotation form's fields, parsed from a request or from the input a page shows again;
 * whether they make a rotation is {@link OnCallService}'s to say.
 */
record RotationForm(String name, String zone, ShiftKind kind, int length, LocalTime handoffTime, DayOfWeek handoffDay,
    LocalDate startDate, List<Long> userIds) {

  /** {@code field}: a field's value or null; {@code userIds}: the people in turn order. */
  static RotationForm parse(Function<String, String> field, List<String> userIds) {
    return new RotationForm(field.apply("name"), field.apply("zone"), ShiftKind.parse("kind", or(field.apply("kind"), "weekly")),
        (int) RequestParams.parseLong("length", or(field.apply("length"), "1")), OncallRoutes.time("handoff_time", field.apply("handoff_time")),
        OncallRoutes.day("handoff_day", field.apply("handoff_day")), OncallRoutes.date("start_date", field.apply("start_date")),
        userIds.stream().map(v -> RequestParams.parseLong("user_ids", v)).toList());
  }

  private static String or(String v, String fallback) {
    return v == null || v.isBlank() ? fallback : v;
  }
}
