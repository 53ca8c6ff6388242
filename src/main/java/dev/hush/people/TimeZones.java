package dev.hush.people;

import java.time.ZoneId;
import java.util.List;

/** The time zones a person picks from: the region names of java.time (Europe/Berlin), and UTC, in order. */
public final class TimeZones {
  private static final List<String> IDS = ZoneId.getAvailableZoneIds().stream()
      .filter(id -> id.equals("UTC") || id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/"))
      .sorted().toList();

  private TimeZones() {}

  /** Every choice, with {@code current} kept when it is a zone outside the list (an older spelling a person was created with). */
  public static List<String> choices(String current) {
    if (current == null || current.isEmpty() || IDS.contains(current)) {
      return IDS;
    }
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(current), IDS.stream()).toList();
  }
}
