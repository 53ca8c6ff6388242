package dev.hush.people;

import dev.hush.core.Problem;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A member's role in a team. Finer roles come later; the column is text so they can. */
public enum TeamRole {
  ADMIN, MEMBER;

  @JsonValue
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TeamRole parse(String field, String value) {
    for (TeamRole r : values()) {
      if (r.dbValue().equals(value)) {
        return r;
      }
    }
    throw Problem.invalid(field, "role must be 'admin' or 'member'");
  }
}
