package dev.hush.actions;

import dev.hush.core.Problem;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * An action item as asked for, checked for shape: a title, an owner, a priority, and when given a
 * due day, a mentor, an origin and fingerprints. Whether the people are in the team and the origin
 * exists is {@link ActionService}'s to say.
 */
public record NewActionItem(String title, Long ownerId, Long mentorId, Priority priority, LocalDate due, OriginKind originKind,
    Long originId, List<String> fingerprints) {
  static final int MAX_TITLE = 200;
  static final int MAX_FINGERPRINTS = 50;

  public NewActionItem {
    title = title(title);
    if (ownerId == null) {
      throw Problem.invalid("owner_id", "owner_id is required: who does it");
    }
    if (priority == null) {
      throw Problem.invalid("priority", "priority is required: P1, P2 or P3");
    }
    if (mentorId != null && mentorId.equals(ownerId)) {
      throw Problem.invalid("mentor_id", "the mentor oversees the owner; name someone else or nobody");
    }
    if (originKind == null && originId != null) {
      throw Problem.invalid("origin_kind", "origin_kind is required with origin_id: review, incident, finding or note");
    }
    originKind = originKind == null ? OriginKind.NOTE : originKind;
    fingerprints = fingerprints(fingerprints);
  }

  static String title(String title) {
    String t = title == null ? "" : title.strip();
    if (t.isEmpty() || t.length() > MAX_TITLE) {
      throw Problem.invalid("title", "title: 1-" + MAX_TITLE + " characters");
    }
    return t;
  }

  /** Stripped, blank ones dropped, each once, in the given order. */
  static List<String> fingerprints(List<String> given) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String f : given == null ? List.<String>of() : given) {
      String s = f == null ? "" : f.strip();
      if (s.isEmpty()) {
        continue;
      }
      if (s.length() > 200) {
        throw Problem.invalid("fingerprints", "a fingerprint has at most 200 characters");
      }
      out.add(s);
    }
    if (out.size() > MAX_FINGERPRINTS) {
      throw Problem.invalid("fingerprints", "at most " + MAX_FINGERPRINTS + " fingerprints");
    }
    return List.copyOf(out);
  }
}
