package dev.hush.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads fields from a JSON payload and collects every problem with its field path, so the
 * sender learns about all of them at once.
 */
final class PayloadReader {
  private final List<String> errors = new ArrayList<>();
  private String firstField;

  void fail(String field, String message) {
    if (firstField == null) {
      firstField = field;
    }
    errors.add("'" + field + "' " + message);
  }

  /** A string field; null when absent or JSON null. Wrong type or too long is an error. */
  String string(JsonNode parent, String name, String path, int max, boolean required) {
    JsonNode n = parent == null ? null : parent.get(name);
    if (n == null || n.isNull()) {
      if (required) {
        fail(path, "is missing");
      }
      return null;
    }
    if (!n.isTextual()) {
      fail(path, "must be a string");
      return null;
    }
    String v = n.textValue();
    if (v.indexOf('\0') >= 0) {
      // PostgreSQL cannot store NUL in text; refuse it on both stores alike.
      fail(path, "must not contain NUL characters");
      return null;
    }
    if (Received.loneSurrogate(v) >= 0) {
      fail(path, Received.NOT_UNICODE);
      return null;
    }
    if (required && v.isBlank()) {
      fail(path, "must not be empty");
      return null;
    }
    if (v.length() > max) {
      fail(path, "is longer than " + max + " characters");
      return null;
    }
    return v;
  }

  /** An object field; null when absent. Wrong type is an error. */
  JsonNode object(JsonNode parent, String name, String path, boolean required) {
    JsonNode n = parent == null ? null : parent.get(name);
    if (n == null || n.isNull()) {
      if (required) {
        fail(path, "is missing");
      }
      return null;
    }
    if (!n.isObject()) {
      fail(path, "must be an object");
      return null;
    }
    return n;
  }

  /** An array field; null when absent. Wrong type is an error. */
  JsonNode array(JsonNode parent, String name, String path, boolean required) {
    JsonNode n = parent == null ? null : parent.get(name);
    if (n == null || n.isNull()) {
      if (required) {
        fail(path, "is missing");
      }
      return null;
    }
    if (!n.isArray()) {
      fail(path, "must be an array");
      return null;
    }
    return n;
  }

  boolean ok() {
    return errors.isEmpty();
  }

  /** Throws when anything failed. */
  void check() {
    if (!errors.isEmpty()) {
      throw new InvalidEvent(firstField, errors.get(0), errors);
    }
  }
}
