package dev.hush.core;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Formatting for pages: instants in the viewer's zone, and short durations. */
public final class Format {
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm:ss");
  private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", java.util.Locale.ENGLISH);

  private Format() {}

  public static String time(long epochMillis, ZoneId zone) {
    return DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }

  public static String time(Long epochMillis, ZoneId zone) {
    return epochMillis == null ? "" : time(epochMillis.longValue(), zone);
  }

  /**
   * How long ago, as a person reads it at night: "just now", "4 min ago", "2 h ago", then
   * "today 08:15", "yesterday 23:10", "Mon 24 Nov 23:10", with days counted in {@code zone}.
   * hush's incidents.js keeps the same words current in the browser.
   */
  public static String relative(long epochMillis, long now, ZoneId zone) {
    long minutes = Math.max(0, now - epochMillis) / 60_000;
    if (minutes < 1) {
      return "just now";
    }
    if (minutes < 60) {
      return minutes + " min ago";
    }
    if (minutes < 6 * 60) {
      return minutes / 60 + " h ago";
    }
    java.time.ZonedDateTime at = Instant.ofEpochMilli(epochMillis).atZone(zone);
    java.time.LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
    String clock = HOUR_MINUTE.format(at);
    if (at.toLocalDate().equals(today)) {
      return "today " + clock;
    }
    if (at.toLocalDate().equals(today.minusDays(1))) {
      return "yesterday " + clock;
    }
    return DAY.format(at) + " " + clock;
  }

  /** Machine-readable instant for {@code <time datetime>}. */
  public static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }


  /** "3m", "2h 5m", "4d 1h". */
  public static String duration(long millis) {
    long s = Math.max(0, millis / 1000);
    if (s < 60) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 60) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 48) {
      return h + "h " + (m % 60) + "m";
    }
    return (h / 24) + "d " + (h % 24) + "h";
  }

}
