package dev.hush.core;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The time zones a zone picker offers, grouped by region (Europe, America, …) as the IANA names
 * spell them, plus UTC. Old aliases (US/Pacific, Etc/GMT+5, SystemV/…) are left out; a zone
 * someone already uses is offered anyway, so choosing it again never fails.
 */
public final class TimeZones {
  private static final List<String> REGIONS = List.of("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia",
      "Europe", "Indian", "Pacific");
  private static final Map<String, List<String>> BY_REGION = group();

  private TimeZones() {}

  /** Region → zone ids, both sorted; {@code also} (such as the viewer's own zone) is added when missing. */
  public static Map<String, List<String>> byRegion(String also) {
    if (also == null || also.isBlank() || BY_REGION.values().stream().anyMatch(ids -> ids.contains(also))) {
      return BY_REGION;
    }
    Map<String, List<String>> with = new TreeMap<>(BY_REGION);
    with.put("Other", List.of(also));
    return with;
  }

  private static Map<String, List<String>> group() {
    Map<String, List<String>> groups = new TreeMap<>();
    for (String id : ZoneId.getAvailableZoneIds()) {
      int slash = id.indexOf('/');
      if (slash > 0 && REGIONS.contains(id.substring(0, slash))) {
        groups.computeIfAbsent(id.substring(0, slash), r -> new ArrayList<>()).add(id);
      }
    }
    groups.put("UTC", new ArrayList<>(List.of("UTC")));
    groups.values().forEach(ids -> ids.sort(null));
    Map<String, List<String>> frozen = new TreeMap<>();
    groups.forEach((region, ids) -> frozen.put(region, List.copyOf(ids)));
    return java.util.Collections.unmodifiableMap(frozen);
  }
}
