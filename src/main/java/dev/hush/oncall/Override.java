package dev.hush.oncall;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;
import java.util.Locale;

/**
 * A change to the schedule for [start, end): ADD puts {@code userId} on call beside whoever is;
 * REMOVE takes {@code userId} off; REPLACE puts {@code userId} on call instead of
 * {@code replacesUserId} (or instead of everyone when that is null).
 */
public record Override(long id, long start, long end, Kind kind, long userId, Long replacesUserId, String note) {

  public enum Kind {
    ADD, REMOVE, REPLACE;

    @JsonValue
    public String dbValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind parse(String field, String value) {
      for (Kind k : values()) {
        if (k.dbValue().equals(value)) {
          return k;
        }
      }
      throw Problem.invalid(field, "kind must be add, remove or replace");
    }
  }
}
