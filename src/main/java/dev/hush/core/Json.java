package dev.hush.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** The one JSON mapper: snake_case on the wire, strict about what it reads. */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      // Zones, local times and dates appear as "Europe/Berlin", "09:00", "2026-11-30"; instants are epoch ms fields.
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  static {
    // Deeply nested payloads are an attack, not an alert.
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private Json() {}

  /** Parses a request body, turning every parse failure into a 400 that names the body. */
  public static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw Problem.invalid("body", "the body is empty; send a JSON object");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw Problem.invalid("body", "malformed JSON" + where + ": " + e.getOriginalMessage());
    }
  }

  /**
   * Parses a request body as it came off the wire. Bytes that are not UTF-8 are refused with a 400
   * naming the field they are in, instead of being decoded to U+FFFD: two different keys must never
   * read as one.
   */
  public static JsonNode parse(byte[] body) {
    int bad = firstInvalidUtf8(body);
    if (bad >= 0) {
      String field = fieldAt(body, bad);
      throw Problem.invalid(field, "'" + field + "' is not valid UTF-8 (byte " + bad + " of the body)");
    }
    return parse(new String(body, StandardCharsets.UTF_8));
  }

  /**
   * The offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629: no overlong
   * forms, no surrogates, nothing above U+10FFFF), or -1 when all of it is well-formed.
   */
  public static int firstInvalidUtf8(byte[] b) {
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
      } else {
        return i;
      }
      for (int k = 1; k <= n; k++) {
        if (i + k >= b.length) {
          return i;
        }
        int d = b[i + k] & 0xFF;
        if (k == 1 ? d < lo || d > hi : d < 0x80 || d > 0xBF) {
          return i;
        }
      }
      i += n + 1;
    }
    return -1;
  }

  /**
   * The field of a JSON body that holds byte {@code offset}, written as the ingest errors write it
   * ({@code payload.summary}, {@code alerts[0].labels.alertname}); {@code body} when outside any field.
   */
  static String fieldAt(byte[] body, int offset) {
    JsonStreamContext where = null;
    try (JsonParser p = MAPPER.getFactory().createParser(body, 0, offset)) {
      where = p.getParsingContext();
      while (p.nextToken() != null) {
        where = p.getParsingContext();
      }
    } catch (IOException cutOffAtTheBadByte) {
      // Expected: the parser stops inside the value that holds the bad byte.
    }
    return path(where);
  }

  /** A parsing context as a field path; {@code body} at the top. */
  private static String path(JsonStreamContext context) {
    Deque<String> segments = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        segments.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        segments.push(c.getCurrentName());
      }
    }
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      if (!path.isEmpty() && !segment.startsWith("[")) {
        path.append('.');
      }
      path.append(segment);
    }
    return path.isEmpty() ? "body" : path.toString();
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
