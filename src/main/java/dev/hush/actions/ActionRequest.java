package dev.hush.actions;

import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** An action item as a request spells it: the API's JSON or the page's form. Only the shape is checked here. */
public final class ActionRequest {
  private ActionRequest() {}

  /** {@code {"title", "owner_id", "mentor_id", "priority", "due", "origin_kind", "origin_id", "fingerprints": [...]}}, as the API answers. */
  public static NewActionItem fromJson(JsonNode body) {
    String kind = text(body, "origin_kind");
    return new NewActionItem(text(body, "title"), longValue(body, "owner_id"), longValue(body, "mentor_id"), priority(text(body, "priority")),
        day(text(body, "due")), kind == null ? null : OriginKind.parse("origin_kind", kind), longValue(body, "origin_id"), fingerprints(body));
  }

  /** The page's form: title, owner_id, mentor_id, priority, due, fingerprints (one a line). */
  public static NewActionItem fromForm(Context ctx) {
    return new NewActionItem(ctx.formParam("title"), RequestParams.optionalLong("owner_id", ctx.formParam("owner_id")),
        RequestParams.optionalLong("mentor_id", ctx.formParam("mentor_id")), priority(ctx.formParam("priority")), day(ctx.formParam("due")),
        OriginKind.NOTE, null, lines(ctx.formParam("fingerprints")));
  }

  /** A PATCH body: only the fields present change; {@code mentor_id} or {@code due} null clears them. */
  static ActionPatch patch(JsonNode body) {
    String status = text(body, "status");
    return new ActionPatch(body.has("title") ? nonNull(text(body, "title"), "title") : null, longValue(body, "owner_id"),
        body.has("mentor_id") ? Optional.ofNullable(longValue(body, "mentor_id")) : null,
        body.has("priority") ? Priority.parse("priority", text(body, "priority")) : null,
        body.has("due") ? Optional.ofNullable(day(text(body, "due"))) : null,
        status == null ? null : ActionStatus.parse("status", status), text(body, "reason"),
        body.has("fingerprints") ? fingerprints(body) : null);
  }

  /** The item page's edit form: an absent field stays; an empty mentor or due day clears it. */
  static ActionPatch editForm(Context ctx) {
    String mentor = ctx.formParam("mentor_id");
    String due = ctx.formParam("due");
    String priority = ctx.formParam("priority");
    String fingerprints = ctx.formParam("fingerprints");
    return new ActionPatch(ctx.formParam("title"), RequestParams.optionalLong("owner_id", ctx.formParam("owner_id")),
        mentor == null ? null : Optional.ofNullable(RequestParams.optionalLong("mentor_id", mentor)),
        priority == null ? null : Priority.parse("priority", priority), due == null ? null : Optional.ofNullable(day(due)), null, null,
        fingerprints == null ? null : lines(fingerprints));
  }

  /** The status form: status and, for won't do, reason. */
  static ActionPatch statusForm(Context ctx) {
    return ActionPatch.status(ActionStatus.parse("status", ctx.formParam("status")), ctx.formParam("reason"));
  }

  private static String nonNull(String v, String field) {
    if (v == null) {
      throw Problem.invalid(field, field + " may not be null");
    }
    return v;
  }

  private static Priority priority(String v) {
    return v == null || v.isBlank() ? null : Priority.parse("priority", v);
  }

  static LocalDate day(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(v.strip());
    } catch (DateTimeParseException e) {
      throw Problem.invalid("due", "due must be a day: yyyy-mm-dd");
    }
  }

  private static List<String> fingerprints(JsonNode body) {
    JsonNode n = body.get("fingerprints");
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw Problem.invalid("fingerprints", "fingerprints must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode f : n) {
      if (!f.isTextual()) {
        throw Problem.invalid("fingerprints", "fingerprints must be an array of strings");
      }
      out.add(f.textValue());
    }
    return out;
  }

  private static List<String> lines(String v) {
    return v == null ? List.of() : Arrays.asList(v.split("[\\r\\n,]+"));
  }
}
