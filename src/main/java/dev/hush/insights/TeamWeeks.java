package dev.hush.insights;

import dev.hush.oncall.Rotation;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * What a week is for a team: seven days from Monday 00:00 in the team's zone, which is the zone of
 * its first rotation (UTC when it has none). Teams have no zone setting of their own, and the
 * rotation is where a team says where it works. Across a DST change a week is 167 or 169 hours.
 */
public record TeamWeeks(ZoneId zone) {

  public static TeamWeeks of(List<Rotation> teamRotations) {
    return new TeamWeeks(teamRotations.stream().min(Comparator.comparingLong(Rotation::id)).map(Rotation::zone).orElse(ZoneOffset.UTC));
  }

  /** The start of the week holding the instant. */
  public long weekStart(long at) {
    return Instant.ofEpochMilli(at).atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
        .atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** The start of the week after the one starting at {@code weekStart}. */
  public long next(long weekStart) {
    ZonedDateTime start = Instant.ofEpochMilli(weekStart).atZone(zone);
    return start.toLocalDate().plusWeeks(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** The starts of the last {@code weeks} weeks, oldest first, the current (unfinished) week last. */
  public List<Long> last(int weeks, long now) {
    List<Long> starts = new ArrayList<>(weeks);
    ZonedDateTime current = Instant.ofEpochMilli(weekStart(now)).atZone(zone);
    for (int i = weeks - 1; i >= 0; i--) {
      starts.add(current.toLocalDate().minusWeeks(i).atStartOfDay(zone).toInstant().toEpochMilli());
    }
    return starts;
  }

  /** The index of the week in {@code starts} (ascending) that holds the instant, or -1 outside them. */
  static int indexOf(List<Long> starts, long end, long at) {
    if (starts.isEmpty() || at < starts.getFirst() || at >= end) {
      return -1;
    }
    int i = Collections.binarySearch(starts, at);
    return i >= 0 ? i : -i - 2;
  }
}
