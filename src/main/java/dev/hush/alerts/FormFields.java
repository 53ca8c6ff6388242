package dev.hush.alerts;

import dev.hush.core.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} fields (a form body or a query string), decoded
 * strictly: a field whose bytes are not UTF-8 is refused by name rather than read as U+FFFD.
 */
final class FormFields {
  private FormFields() {}

  /** The fields of a form body or a query string, as the bytes came in. */
  static Map<String, List<String>> parse(byte[] encoded) {
    return parse(new String(encoded, StandardCharsets.ISO_8859_1));
  }

  /** {@code encoded} holds one char per byte (ISO-8859-1), as the bytes came in. */
  private static Map<String, List<String>> parse(String encoded) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return fields;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), null);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
      fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return fields;
  }

  /** Percent-decodes one name or value; {@code field} is the field it belongs to (null for a name). */
  private static String decode(String s, String field) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          String where = field == null ? "body" : field;
          throw new InvalidEvent(where, "'" + where + "' has a malformed %-escape");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    byte[] raw = bytes.toByteArray();
    int bad = Json.firstInvalidUtf8(raw);
    if (bad >= 0) {
      String where = field == null ? "body" : field;
      throw new InvalidEvent(where, field == null ? "a field name is not valid UTF-8" : "'" + field + "' is not valid UTF-8");
    }
    return new String(raw, StandardCharsets.UTF_8);
  }
}
