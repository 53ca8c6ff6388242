package dev.hush.core;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Formatting for pages: instants in the viewer's zone, and short durations. */
public final class Format {
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm:ss");

  private Format() {}

  public static String time(long epochMillis, ZoneId zone) {
    return DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }

  public static String time(Long epochMillis, ZoneId zone) {
    return epochMillis == null ? "" : time(epochMillis.longValue(), zone);
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
