package dev.hush.insights;

import dev.hush.core.Problem;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The one definition of when an interruption hurts: sleep hours every day, business hours on work
 * days, and the rest off hours, each read in the interrupted person's own zone. PagerDuty's defaults:
 * business 08:00-18:00 Monday to Friday, sleep 22:00-08:00.
 *
 * @param businessStart first minute of business hours
 * @param businessEnd   end of business hours (exclusive)
 * @param businessDays  work days
 * @param sleepStart    first minute of sleep hours
 * @param sleepEnd      end of sleep hours (exclusive); before {@code sleepStart} when sleep spans midnight
 */
public record HourBands(LocalTime businessStart, LocalTime businessEnd, Set<DayOfWeek> businessDays, LocalTime sleepStart,
    LocalTime sleepEnd) {

  /** Where an instant falls. */
  public enum Band {
    BUSINESS, OFF, SLEEP;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final HourBands DEFAULT = new HourBands(LocalTime.of(8, 0), LocalTime.of(18, 0),
      EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(8, 0));

  public HourBands {
    if (!businessStart.isBefore(businessEnd)) {
      throw Problem.invalid("business_hours", "business hours must start before they end, within one day");
    }
    if (sleepStart.equals(sleepEnd)) {
      throw Problem.invalid("sleep_hours", "sleep hours must not be empty");
    }
    if (businessDays.isEmpty()) {
      throw Problem.invalid("business_days", "name at least one business day");
    }
    businessDays = Set.copyOf(businessDays);
  }

  /** The band of an instant for a person in {@code zone}: sleep wins over business where they overlap. */
  public Band band(Instant at, ZoneId zone) {
    ZonedDateTime local = at.atZone(zone);
    LocalTime t = local.toLocalTime();
    if (within(t, sleepStart, sleepEnd)) {
      return Band.SLEEP;
    }
    if (businessDays.contains(local.getDayOfWeek()) && within(t, businessStart, businessEnd)) {
      return Band.BUSINESS;
    }
    return Band.OFF;
  }

  private static boolean within(LocalTime t, LocalTime start, LocalTime end) {
    return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
  }

  /**
   * Reads {@code --business-hours 08:00-18:00}, {@code --business-days MON-FRI} (a range or a list
   * such as {@code MON,TUE,THU}) and {@code --sleep-hours 22:00-08:00}.
   */
  public static HourBands parse(String businessHours, String businessDays, String sleepHours) {
    LocalTime[] business = range("business_hours", businessHours);
    LocalTime[] sleep = range("sleep_hours", sleepHours);
    return new HourBands(business[0], business[1], days(businessDays), sleep[0], sleep[1]);
  }

  private static LocalTime[] range(String field, String text) {
    String[] parts = text.trim().split("-", -1);
    if (parts.length != 2) {
      throw Problem.invalid(field, field + " must look like 08:00-18:00");
    }
    try {
      return new LocalTime[] {LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim())};
    } catch (DateTimeParseException e) {
      throw Problem.invalid(field, field + " must look like 08:00-18:00");
    }
  }

  private static Set<DayOfWeek> days(String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : text.trim().split(",")) {
      String[] ends = part.trim().split("-", -1);
      DayOfWeek first = day(ends[0]);
      DayOfWeek last = ends.length == 2 ? day(ends[1]) : first;
      if (ends.length > 2) {
        throw Problem.invalid("business_days", "business days look like MON-FRI or MON,WED,FRI");
      }
      for (DayOfWeek d = first; ; d = d.plus(1)) {
        days.add(d);
        if (d == last) {
          break;
        }
      }
    }
    return days;
  }

  private static DayOfWeek day(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (t.length() >= 3 && d.name().startsWith(t)) {
        return d;
      }
    }
    throw Problem.invalid("business_days", "unknown day '" + text.trim() + "': use MON, TUE, WED, THU, FRI, SAT or SUN");
  }
}
