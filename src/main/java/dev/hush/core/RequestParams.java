package dev.hush.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

/** Typed reading of path, query, form and JSON fields, failing with a 400 that names the field. */
public final class RequestParams {
  private RequestParams() {}

  public static long pathId(Context ctx, String name) {
    return parseLong(name, ctx.pathParam(name));
  }

  public static Long optionalLong(String field, String value) {
    return value == null || value.isBlank() ? null : parseLong(field, value);
  }

  public static long parseLong(String field, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw Problem.invalid(field, field + " must be a whole number");
    }
  }

  /**
   * The JSON request body as an object, holding only the fields the route's operation in the API
   * document takes: any other field is a 400 naming it, before the handler acts on the rest.
   */
  public static JsonNode jsonObject(Context ctx) {
    JsonNode node = Json.parse(ctx.body());
    if (!node.isObject()) {
      throw Problem.invalid("body", "the body must be a JSON object");
    }
    Endpoint route = ctx.endpoints().matchedHttpEndpoint();
    if (route != null) {
      ApiDocument.refuseUnknownFields(route.method.name(), route.path, node);
    }
    return node;
  }

  /** A string field of a JSON object (null when absent); any other type is a 400. */
  public static String text(JsonNode body, String field) {
    return text(body, field, field);
  }

  /** A string member {@code key} of a nested JSON object, reported as {@code field} (e.g. {@code steps[1].mode}). */
  public static String text(JsonNode node, String key, String field) {
    JsonNode n = node.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw Problem.invalid(field, field + " must be a string");
    }
    return n.textValue();
  }

  public static boolean bool(JsonNode body, String field, boolean fallback) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw Problem.invalid(field, field + " must be true or false");
    }
    return n.booleanValue();
  }

  public static Long longValue(JsonNode body, String field) {
    return longValue(body, field, field);
  }

  /** A whole-number member {@code key} of a nested JSON object, reported as {@code field} (e.g. {@code steps[0].targets[1].target_id}). */
  public static Long longValue(JsonNode node, String key, String field) {
    JsonNode n = node.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.canConvertToExactIntegral() || !n.canConvertToLong()) {
      throw Problem.invalid(field, field + " must be a whole number");
    }
    return n.longValue();
  }

  /** A form field that is checked ("on") or not. */
  public static boolean checkbox(Context ctx, String field) {
    String v = ctx.formParam(field);
    return v != null && !v.isEmpty() && !"false".equals(v);
  }
}
