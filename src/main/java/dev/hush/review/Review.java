package dev.hush.review;

import java.util.List;

/**
 * One team's weekly review: the week it looks back on ([weekStart, weekEnd), from the rotation's
 * hand-off), when it meets, who facilitates (last week's on-call; null when nobody was), its
 * sections with their timeboxes and notes, the attendees, the facilitator's acknowledgement of
 * overdue P1 items, and the minutes saved when it closed. Instants are UTC epoch ms.
 */
public record Review(long id, long teamId, String teamName, long weekStart, long weekEnd, long meetingAt, Long facilitatorId,
    String facilitatorName, ReviewStatus status, Long startedAt, Long closedAt, Long closedBy, OverdueAck overdueAck,
    List<SectionState> sections, List<Attendee> attendees, String minutes) {

  public Review {
    sections = List.copyOf(sections);
    attendees = List.copyOf(attendees);
  }

  /** A section as the meeting left it: {@code startedAt} is when the meeting reached it (its countdown runs from there). */
  public record SectionState(Section section, int minutes, Long startedAt, Long endedAt, String notes) {
    /** Whether the section ran (or is running) past its timebox at {@code now}. */
    public boolean overran(long now) {
      if (startedAt == null) {
        return false;
      }
      long end = endedAt == null ? now : endedAt;
      return end - startedAt > minutes * 60_000L;
    }
  }

  /** Someone asked to the meeting (the facilitator and the team's managers) or who came anyway. */
  public record Attendee(long userId, String name, boolean manager, boolean expected, boolean attended) {}

  /** The facilitator's word that the review may close although these P1 items are overdue. */
  public record OverdueAck(long userId, long at, String note, List<Long> itemIds) {
    public OverdueAck {
      itemIds = List.copyOf(itemIds);
    }
  }

  public SectionState section(Section s) {
    return sections.stream().filter(x -> x.section() == s).findFirst().orElseThrow();
  }

  /** The section the meeting is in: the last one reached and not left, else the first not yet reached. */
  public Section currentSection() {
    for (SectionState s : sections) {
      if (s.startedAt() != null && s.endedAt() == null) {
        return s.section();
      }
    }
    return sections.stream().filter(s -> s.startedAt() == null).map(SectionState::section).findFirst().orElse(Section.ACTION_ITEMS);
  }
}
