package dev.hush.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hush's OpenAPI document ({@code openapi.json} beside the classes), read once. It is also the list
 * of fields each management request body may hold: a field it does not list is refused, so that a
 * misspelt {@code "start"} for {@code "start_date"} is a 400 naming it, not a rotation starting today.
 * Ingest bodies are not read through here; their senders' formats allow extra fields.
 */
public final class ApiDocument {
  private static final String TEXT = load();
  private static final JsonNode TREE = Json.parse(TEXT);

  private ApiDocument() {}

  /** The document as served. */
  public static String text() {
    return TEXT;
  }

  public static JsonNode tree() {
    return TREE;
  }

  /**
   * Refuses a body that holds a field the operation {@code method path} does not take (nested
   * objects and arrays included). An operation the document does not describe checks nothing here;
   * a test holds that every route is described.
   */
  public static void refuseUnknownFields(String method, String pathTemplate, JsonNode body) {
    JsonNode schema = TREE.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT))
        .path("requestBody").path("content").path("application/json").path("schema");
    if (!schema.isMissingNode()) {
      check(schema, body, "");
    }
  }

  private static void check(JsonNode schema, JsonNode value, String at) {
    schema = resolve(schema);
    if (value.isObject()) {
      Map<String, JsonNode> known = new LinkedHashMap<>();
      boolean closed = collect(schema, known);
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
        JsonNode fieldSchema = known.get(field.getKey());
        if (fieldSchema != null) {
          check(fieldSchema, field.getValue(), path);
        } else if (closed) {
          throw Problem.invalid(path, "unknown field '" + path + "'" + suggestion(field.getKey(), known.keySet())
              + "; " + (at.isEmpty() ? "this request takes " : at + " takes ") + String.join(", ", known.keySet()));
        }
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), at + "[" + i + "]");
      }
    }
  }

  /**
   * Gathers the properties a schema allows, over its {@code oneOf}/{@code anyOf}/{@code allOf}
   * branches too; true when it allows no others.
   */
  private static boolean collect(JsonNode schema, Map<String, JsonNode> known) {
    schema = resolve(schema);
    schema.path("properties").properties().forEach(p -> known.putIfAbsent(p.getKey(), p.getValue()));
    boolean closed = schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").booleanValue();
    for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
      for (JsonNode branch : schema.path(combinator)) {
        closed |= collect(branch, known);
      }
    }
    return closed;
  }

  private static JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      schema = TREE.at(ref.substring(1));
    }
    return schema;
  }

  /** " (did you mean 'start_date'?)" for the closest known field, when one is close. */
  private static String suggestion(String given, Iterable<String> known) {
    List<String> names = new ArrayList<>();
    known.forEach(names::add);
    return names.stream()
        .filter(k -> k.startsWith(given) || given.startsWith(k) || distance(k, given) <= Math.max(1, given.length() / 4))
        .min(Comparator.comparingInt(k -> distance(k, given)))
        .map(k -> " (did you mean '" + k + "'?)")
        .orElse("");
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }

  private static String load() {
    try (InputStream in = ApiDocument.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
