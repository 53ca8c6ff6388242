package dev.hush.incidents;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What acknowledging or resolving several incidents at once did: the ones it changed, and the
 * ones it left as they were, each with the reason (a service that asks for the on-call log first
 * is never resolved without it).
 */
public record BulkOutcome(Verb verb, List<Long> changed, List<Skipped> skipped) {

  public BulkOutcome {
    changed = List.copyOf(changed);
    skipped = List.copyOf(skipped);
  }

  public enum Verb {
    ACKNOWLEDGE("acknowledged"), RESOLVE("resolved");

    private final String done;

    Verb(String done) {
      this.done = done;
    }

    @JsonValue
    public String dbValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    public String done() {
      return done;
    }
  }

  public enum Reason {
    ALREADY_ACKNOWLEDGED("already acknowledged"), ALREADY_RESOLVED("already resolved"),
    NEEDS_LOG("needs an on-call log before it can be resolved", "need an on-call log before they can be resolved");

    private final String one;
    private final String several;

    Reason(String both) {
      this(both, both);
    }

    Reason(String one, String several) {
      this.one = one;
      this.several = several;
    }

    @JsonValue
    public String dbValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    String said(long count) {
      return count == 1 ? one : several;
    }
  }

  /** An incident left as it was: its id and title (for a link), and why. */
  public record Skipped(long id, String title, Reason reason) {}

  public List<Skipped> skipped(Reason reason) {
    return skipped.stream().filter(s -> s.reason() == reason).toList();
  }

  /** One line for a person: "3 acknowledged; 1 needs an on-call log before it can be resolved". */
  @JsonProperty("summary")
  public String summary() {
    List<String> parts = new ArrayList<>();
    if (!changed.isEmpty() || skipped.isEmpty()) {
      parts.add(changed.size() + " " + verb.done());
    }
    for (Reason r : Reason.values()) {
      long n = skipped(r).size();
      if (n > 0) {
        parts.add(n + " " + r.said(n));
      }
    }
    return String.join("; ", parts);
  }
}
