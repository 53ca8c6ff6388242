package dev.hush.review;

import dev.hush.core.Problem;
import java.util.EnumMap;
import java.util.Map;

/**
 * A team's review settings: the meeting starts {@code meetingDelayMinutes} after the week's hand-off,
 * the reminder goes out {@code reminderMinutes} before it, and each section has its timebox.
 */
public record ReviewSettings(long teamId, int meetingDelayMinutes, int reminderMinutes, Map<Section, Integer> timeboxes) {
  static final int MAX_DELAY_MINUTES = 6 * 24 * 60;
  static final int MAX_SECTION_MINUTES = 60;

  public ReviewSettings {
    if (meetingDelayMinutes < 0 || meetingDelayMinutes > MAX_DELAY_MINUTES) {
      throw Problem.invalid("meeting_delay_minutes", "meeting_delay_minutes: 0-" + MAX_DELAY_MINUTES + " (the meeting falls within the week after the hand-off)");
    }
    if (reminderMinutes < 0 || reminderMinutes > MAX_DELAY_MINUTES) {
      throw Problem.invalid("reminder_minutes", "reminder_minutes: 0-" + MAX_DELAY_MINUTES);
    }
    EnumMap<Section, Integer> boxes = new EnumMap<>(Section.class);
    for (Section s : Section.values()) {
      Integer minutes = timeboxes.get(s);
      int m = minutes == null ? s.defaultMinutes() : minutes;
      if (m < 1 || m > MAX_SECTION_MINUTES) {
        throw Problem.invalid(field(s), field(s) + ": 1-" + MAX_SECTION_MINUTES + " minutes");
      }
      boxes.put(s, m);
    }
    timeboxes = Map.copyOf(boxes);
  }

  /** The practice: meet an hour after the hand-off, a reminder an hour before, 10/10/10 minutes and 5 for action items. */
  public static ReviewSettings defaults(long teamId) {
    return new ReviewSettings(teamId, 60, 60, Map.of());
  }

  public int minutes(Section s) {
    return timeboxes.get(s);
  }

  public int totalMinutes() {
    return timeboxes.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The JSON and form field that sets a section's timebox, e.g. {@code new_work_minutes}. */
  public static String field(Section s) {
    return s.slug().replace('-', '_') + "_minutes";
  }
}
