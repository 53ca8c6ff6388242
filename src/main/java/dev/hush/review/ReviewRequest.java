package dev.hush.review;

import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The review's requests as the API's JSON and the pages' forms spell them. Only the shape is checked here. */
final class ReviewRequest {
  private ReviewRequest() {}

  /** {@code {"meeting_delay_minutes", "reminder_minutes", "incidents_minutes", ...}}; absent fields keep their value. */
  static ReviewSettings settings(ReviewSettings current, JsonNode body) {
    return settings(current, field -> body.has(field) ? intValue(longValue(body, field), field) : null);
  }

  static ReviewSettings settingsForm(ReviewSettings current, Context ctx) {
    return settings(current, field -> {
      String v = ctx.formParam(field);
      return v == null || v.isBlank() ? null : intValue(RequestParams.parseLong(field, v.strip()), field);
    });
  }

  private static ReviewSettings settings(ReviewSettings current, java.util.function.Function<String, Integer> given) {
    Map<Section, Integer> boxes = new EnumMap<>(Section.class);
    for (Section s : Section.values()) {
      Integer m = given.apply(ReviewSettings.field(s));
      boxes.put(s, m == null ? current.minutes(s) : m);
    }
    Integer delay = given.apply("meeting_delay_minutes");
    Integer reminder = given.apply("reminder_minutes");
    return new ReviewSettings(current.teamId(), delay == null ? current.meetingDelayMinutes() : delay,
        reminder == null ? current.reminderMinutes() : reminder, boxes);
  }

  private static int intValue(Long v, String field) {
    if (v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw Problem.invalid(field, field + " must be a whole number of minutes");
    }
    return v.intValue();
  }

  static LocalDate day(String field, String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(v.strip());
    } catch (DateTimeParseException e) {
      throw Problem.invalid(field, field + " must be a day: yyyy-mm-dd");
    }
  }

  static FindingKind kind(String v) {
    return v == null || v.isBlank() ? FindingKind.OBSERVATION : FindingKind.parse("kind", v.strip());
  }

  /** An array of strings, or empty when absent. */
  static List<String> strings(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw Problem.invalid(field, field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : n) {
      if (!x.isTextual()) {
        throw Problem.invalid(field, field + " must be an array of strings");
      }
      out.add(x.textValue());
    }
    return out;
  }

  /** An array of ids. */
  static List<Long> ids(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || !n.isArray()) {
      throw Problem.invalid(field, field + " must be an array of user ids");
    }
    List<Long> out = new ArrayList<>();
    for (JsonNode x : n) {
      if (!x.canConvertToLong() || !x.isIntegralNumber()) {
        throw Problem.invalid(field, field + " must be an array of user ids");
      }
      out.add(x.longValue());
    }
    return out;
  }

  static List<Long> ids(List<String> values, String field) {
    return values.stream().map(v -> RequestParams.parseLong(field, v)).toList();
  }

  static String notes(JsonNode body) {
    JsonNode n = body.get("notes");
    if (n != null && !n.isNull() && !n.isTextual()) {
      throw Problem.invalid("notes", "notes must be a string");
    }
    return text(body, "notes");
  }
}
