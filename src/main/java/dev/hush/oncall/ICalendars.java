package dev.hush.oncall;

import dev.hush.core.Problem;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;

/** RFC 5545 calendars: shifts out as events, and events in (for example a holiday calendar). */
final class ICalendars {
  private ICalendars() {}

  /** One VEVENT per segment with people on call; gaps are left out. */
  static String export(String name, List<Segment> segments, Map<Long, String> names) {
    Calendar calendar = new Calendar().withProdId("-//Hush//On-call " + name + "//EN").withDefaults().getFluentTarget();
    for (Segment s : segments) {
      if (s.gap()) {
        continue;
      }
      String who = String.join(", ", s.userIds().stream().map(id -> names.getOrDefault(id, "user " + id)).toList());
      VEvent event = new VEvent(Instant.ofEpochMilli(s.start()), Instant.ofEpochMilli(s.end()), "On call: " + who);
      event.add(new Uid("hush-" + name.hashCode() + "-" + s.start() + "-" + s.userIds().hashCode() + "@hush"));
      event.add(new Description(name + " · " + who));
      calendar.add(event);
    }
    return calendar.toString();
  }

  /** An imported event, expanded to one occurrence: its time and who it names (attendee e-mails, or an e-mail in the summary). */
  record ImportedEvent(long start, long end, String summary, List<String> emails) {}

  static List<ImportedEvent> parse(String ics, ZoneId floatingZone, Instant from, Instant to) {
    Calendar calendar;
    try {
      calendar = new CalendarBuilder().build(new StringReader(ics));
    } catch (IOException | ParserException | RuntimeException e) {
      throw Problem.invalid("ics", "not a valid iCalendar (RFC 5545) file: " + e.getMessage());
    }
    List<ImportedEvent> out = new ArrayList<>();
    for (CalendarComponent c : calendar.getComponents()) {
      if (!(c instanceof VEvent event)) {
        continue;
      }
      String summary = event.<Summary>getProperty(Property.SUMMARY).map(Summary::getValue).orElse("");
      List<String> emails = new ArrayList<>();
      for (Property p : event.getProperties(Property.ATTENDEE)) {
        URI address = ((Attendee) p).getCalAddress();
        if (address != null && "mailto".equalsIgnoreCase(address.getScheme())) {
          emails.add(address.getSchemeSpecificPart().toLowerCase(Locale.ROOT));
        }
      }
      for (String word : summary.split("[\\s,;()<>]+")) {
        if (word.contains("@")) {
          emails.add(word.toLowerCase(Locale.ROOT));
        }
      }
      Temporal start = event.<DtStart<?>>getProperty(Property.DTSTART).map(DtStart::getDate).orElse(null);
      if (start == null) {
        continue;
      }
      // Occurrences (recurrences expanded) are computed in the event's own kind of date: whole days or date-times.
      List<? extends Period<? extends Temporal>> occurrences = start instanceof LocalDate
          ? event.getConsumedTime(new Period<>(from.atZone(floatingZone).toLocalDate(), to.atZone(floatingZone).toLocalDate()))
          : event.getConsumedTime(new Period<>(from.atZone(floatingZone), to.atZone(floatingZone)));
      for (Period<? extends Temporal> o : occurrences) {
        out.add(new ImportedEvent(toMillis(o.getStart(), floatingZone), toMillis(o.getEnd(), floatingZone), summary, emails));
      }
    }
    return out;
  }

  private static long toMillis(Temporal t, ZoneId zone) {
    if (t instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (t instanceof ZonedDateTime z) {
      return z.toInstant().toEpochMilli();
    }
    if (t instanceof OffsetDateTime o) {
      return o.toInstant().toEpochMilli();
    }
    if (t instanceof LocalDateTime l) {
      return l.atZone(zone).toInstant().toEpochMilli();
    }
    if (t instanceof LocalDate d) {
      return d.atStartOfDay(zone).toInstant().toEpochMilli();
    }
    throw Problem.invalid("ics", "unsupported date in the calendar: " + t);
  }

}
