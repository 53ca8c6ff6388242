package dev.hush.review;

import dev.hush.actions.ActionItem;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The minutes of a review as Markdown: what was looked at, what was said, and what the team will do. */
final class Minutes {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private Minutes() {}

  static String markdown(Agenda a, long now) {
    Review r = a.review();
    StringBuilder md = new StringBuilder();
    md.append("# Weekly review: ").append(r.teamName()).append(", week of ").append(DAY.format(Instant.ofEpochMilli(r.weekStart()))).append("\n\n");
    md.append("- Week: ").append(WHEN.format(Instant.ofEpochMilli(r.weekStart()))).append(" to ")
        .append(WHEN.format(Instant.ofEpochMilli(r.weekEnd()))).append('\n');
    md.append("- Facilitator: ").append(r.facilitatorName() == null ? "nobody was on call" : r.facilitatorName()).append('\n');
    md.append("- Attended: ").append(names(r.attendees().stream().filter(Review.Attendee::attended).toList())).append('\n');
    List<Review.Attendee> missed = r.attendees().stream().filter(x -> x.expected() && !x.attended()).toList();
    if (!missed.isEmpty()) {
      md.append("- Expected but absent: ").append(names(missed)).append('\n');
    }
    if (r.attendees().stream().noneMatch(x -> x.manager() && x.attended())) {
      md.append("- No manager attended.\n");
    }
    md.append("- ").append(r.status() == ReviewStatus.CLOSED ? "Closed " : "Draft of ").append(WHEN.format(Instant.ofEpochMilli(now))).append("\n\n");

    Agenda.Incidents inc = a.incidents();
    heading(md, r, Section.INCIDENTS);
    md.append(inc.total()).append(" incident(s), ").append(inc.sleepHourPages()).append(" in sleep hours, ").append(inc.unlogged())
        .append(" without a log entry; MTTA ").append(minutes(inc.mttaMinutes())).append(", MTTR ").append(minutes(inc.mttrMinutes())).append(".\n\n");
    for (Agenda.IncidentGroup g : inc.groups()) {
      md.append("- **").append(escape(g.title())).append("** (").append(escape(g.serviceName())).append("): ").append(g.count()).append(" incident(s)");
      if (g.unlogged() > 0) {
        md.append(", ").append(g.unlogged()).append(" without a log entry");
      }
      md.append('\n');
    }
    for (var n : inc.noisyRules()) {
      md.append("- Fires all the time: ").append(escape(n.title())).append(", ").append(n.fires()).append("×; suggested: ").append(n.suggestion().label())
          .append(" (").append(n.reason()).append(")\n");
    }
    notes(md, r, Section.INCIDENTS);

    heading(md, r, Section.DASHBOARDS);
    for (Agenda.ServiceWeek s : a.dashboards().services()) {
      md.append("- ").append(escape(s.name())).append(": ").append(s.totalAlerts()).append(" alert(s), ").append(s.totalPages()).append(" page(s), ")
          .append(s.totalIncidents()).append(" incident(s)\n");
    }
    for (Agenda.Finding f : a.dashboards().findings()) {
      md.append("- ").append(f.kind() == FindingKind.LOG_THAT ? "We should really log that: " : "Finding: ")
          .append(f.serviceName() == null ? "" : escape(f.serviceName()) + ": ").append(escape(f.text()))
          .append(f.actionItemId() == null ? "" : " (action item #" + f.actionItemId() + ")").append('\n');
    }
    notes(md, r, Section.DASHBOARDS);

    heading(md, r, Section.NEW_WORK);
    for (Agenda.Change c : a.newWork().changes()) {
      md.append("- Change: ").append(escape(c.summary())).append(" (").append(escape(c.serviceName())).append(", ")
          .append(WHEN.format(Instant.ofEpochMilli(c.happenedAt()))).append(")\n");
    }
    for (Agenda.Launch l : a.newWork().launches()) {
      md.append("- Launch: ").append(escape(l.title())).append(l.launchDate() == null ? "" : " on " + l.launchDate()).append(l.ready() ? ", monitoring ready"
          : ", needs: " + String.join("; ", l.checklist().stream().filter(c -> !c.done()).map(Agenda.Check::label).toList())).append('\n');
    }
    notes(md, r, Section.NEW_WORK);

    heading(md, r, Section.ACTION_ITEMS);
    Map<Long, String> names = a.actions().names();
    if (!a.actions().carried().isEmpty()) {
      md.append("Carried over:\n\n");
      a.actions().carried().forEach(i -> item(md, i, names, true));
      md.append('\n');
    }
    if (!a.actions().created().isEmpty()) {
      md.append("New:\n\n");
      a.actions().created().forEach(i -> item(md, i, names, false));
      md.append('\n');
    }
    if (r.overdueAck() != null && !r.overdueAck().itemIds().isEmpty()) {
      md.append("Overdue P1 items acknowledged by ").append(names.getOrDefault(r.overdueAck().userId(), "the facilitator")).append(": ")
          .append(String.join(", ", r.overdueAck().itemIds().stream().map(id -> "#" + id).toList()))
          .append(r.overdueAck().note().isEmpty() ? "" : " (" + escape(r.overdueAck().note()) + ")").append("\n\n");
    }
    notes(md, r, Section.ACTION_ITEMS);
    return md.toString();
  }

  private static void heading(StringBuilder md, Review r, Section s) {
    Review.SectionState state = r.section(s);
    md.append("## ").append(s.title()).append(" (").append(state.minutes()).append(" min");
    if (state.startedAt() != null && state.endedAt() != null) {
      long took = Math.round((state.endedAt() - state.startedAt()) / 60_000.0);
      md.append(", took ").append(took).append(took > state.minutes() ? ", over time" : "");
    }
    md.append(")\n\n");
  }

  private static void notes(StringBuilder md, Review r, Section s) {
    String notes = r.section(s).notes().strip();
    md.append(notes.isEmpty() ? "" : "\n" + notes + "\n").append('\n');
  }

  private static void item(StringBuilder md, ActionItem i, Map<Long, String> names, boolean carried) {
    md.append("- [").append(i.status().pending() ? " " : "x").append("] #").append(i.id()).append(' ').append(i.priority()).append(' ')
        .append(escape(i.title())).append(", owner ").append(names.getOrDefault(i.ownerId(), "?"));
    if (i.mentorId() != null) {
      md.append(", mentor ").append(names.getOrDefault(i.mentorId(), "?"));
    }
    if (i.due() != null) {
      md.append(", due ").append(i.due());
    }
    md.append(", ").append(i.status().dbValue().replace('_', ' '));
    if (carried) {
      md.append(", open ").append(i.slipWeeks()).append(" week(s), carried ").append(i.carriedOver()).append("×");
    }
    if (i.overdue()) {
      md.append(", **overdue**");
    }
    md.append('\n');
  }

  private static String minutes(Double m) {
    return m == null ? "n/a" : m < 90 ? Math.round(m) + " min" : String.format(Locale.ROOT, "%.1f h", m / 60);
  }

  private static String names(List<Review.Attendee> people) {
    return people.isEmpty() ? "nobody recorded" : String.join(", ", people.stream().map(Review.Attendee::name).toList());
  }

  /** Text from alerts and people is shown as written, not read as Markdown. */
  private static String escape(String s) {
    return s == null ? "" : s.replaceAll("([\\\\`*_\\[\\]<>#|])", "\\\\$1");
  }
}
