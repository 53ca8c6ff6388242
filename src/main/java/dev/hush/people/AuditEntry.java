package dev.hush.people;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One change as the audit log shows it: when ({@code at}, epoch ms), who (null: the command line
 * or Hush itself), what ({@code action}, e.g. {@code service.update}), to which {@code subject}
 * ({@code service:3}), the owning team, and the state {@code before} and {@code after} (null for a
 * creation or a deletion). {@code detail} is the short text of entries written before there were states.
 */
public record AuditEntry(long id, long at, Long actorUserId, String actorName, String action, String subject, Long teamId,
    String detail, JsonNode before, JsonNode after) {

  /** One field that a change set, changed or cleared, as text for a page. */
  public record FieldChange(String field, String before, String after) {}

  /**
   * The fields that differ between before and after, in their order; every field of the one that
   * exists for a creation or a deletion.
   */
  public List<FieldChange> fieldChanges() {
    Set<String> fields = new LinkedHashSet<>();
    if (before != null) {
      before.fieldNames().forEachRemaining(fields::add);
    }
    if (after != null) {
      after.fieldNames().forEachRemaining(fields::add);
    }
    List<FieldChange> changes = new ArrayList<>();
    for (String field : fields) {
      JsonNode b = before == null ? null : before.get(field);
      JsonNode a = after == null ? null : after.get(field);
      if (before != null && after != null && Objects.equals(b, a)) {
        continue;
      }
      changes.add(new FieldChange(field, text(b), text(a)));
    }
    return changes;
  }

  private static String text(JsonNode n) {
    if (n == null) {
      return "";
    }
    return n.isTextual() ? n.textValue() : n.toString();
  }
}
