package dev.hush.insights;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What to do about an alert rule, from a few plain rules checked in this order. The thresholds are
 * deliberately round: the ranking starts a conversation in the review, it does not decide it.
 */
public enum Suggestion {
  /** Fires every day and nobody ever did anything about it. */
  DELETE("delete the rule"),
  /** Mostly gone again by itself within minutes. */
  ADD_FOR_DURATION("add a for: duration or raise the threshold"),
  /** Someone keeps doing the same thing by hand. */
  AUTOMATE("write a runbook or automate the fix"),
  /** Rarely worth doing anything about. */
  MAKE_NON_PAGING("make it non-paging or raise the threshold"),
  KEEP("keep it");

  /** Below this many fires, a share says little. */
  static final int MIN_FIRES = 3;
  static final double FIRES_PER_WEEK_ALWAYS = 7;
  static final double MOSTLY = 0.5;
  static final double RARELY = 0.25;
  static final int SAME_FIX_MIN = 3;

  private final String label;

  Suggestion(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  /** The suggestion and why, for a rule with these figures over {@code weeks} weeks. */
  static Suggested suggest(long fires, int weeks, long actedOn, long autoResolved, String topFix, long topFixCount) {
    double perWeek = (double) fires / weeks;
    if (fires < MIN_FIRES) {
      return new Suggested(KEEP, "fired " + fires + " time" + (fires == 1 ? "" : "s") + ": too few to judge");
    }
    if (perWeek >= FIRES_PER_WEEK_ALWAYS && actedOn == 0) {
      return new Suggested(DELETE, "fired " + fires + " times in " + weeks + " week" + (weeks == 1 ? "" : "s") + " and nobody acted on it once");
    }
    if ((double) autoResolved / fires >= MOSTLY) {
      return new Suggested(ADD_FOR_DURATION, percent(autoResolved, fires) + " of " + fires + " resolved by the sender within 5 minutes");
    }
    if (topFix != null && topFixCount >= SAME_FIX_MIN && (double) topFixCount / Math.max(1, actedOn) >= MOSTLY) {
      return new Suggested(AUTOMATE, "fixed by hand the same way ('" + topFix + "') " + topFixCount + " times");
    }
    if ((double) actedOn / fires < RARELY) {
      return new Suggested(MAKE_NON_PAGING, "acted on in only " + percent(actedOn, fires) + " of " + fires);
    }
    return new Suggested(KEEP, "acted on in " + percent(actedOn, fires) + " of " + fires);
  }

  record Suggested(Suggestion suggestion, String reason) {}

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%d%%", Math.round(100.0 * part / whole));
  }
}
