package dev.hush.review;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;

/** The agenda's sections in meeting order, with the practice's timeboxes as defaults. */
public enum Section {
  INCIDENTS("incidents", "Incidents", 10),
  DASHBOARDS("dashboards", "Dashboards", 10),
  NEW_WORK("new-work", "New work", 10),
  ACTION_ITEMS("action-items", "Action items", 5);

  private final String slug;
  private final String title;
  private final int defaultMinutes;

  Section(String slug, String title, int defaultMinutes) {
    this.slug = slug;
    this.title = title;
    this.defaultMinutes = defaultMinutes;
  }

  @JsonValue
  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public int defaultMinutes() {
    return defaultMinutes;
  }

  /** The section after this one, or null after the last. */
  public Section next() {
    return ordinal() + 1 < values().length ? values()[ordinal() + 1] : null;
  }

  public static Section parse(String field, String value) {
    for (Section s : values()) {
      if (s.slug.equals(value)) {
        return s;
      }
    }
    throw Problem.invalid(field, field + " must be one of: incidents, dashboards, new-work, action-items");
  }
}
