package dev.hush.insights;

import dev.hush.people.User;
import dev.hush.store.Database;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Keeps the interruptions rollup: a person's first page for an incident counts once, in the hour
 * and band (business, off, sleep in the person's zone) it was queued in. The band is fixed when the
 * page is counted, so a later change of the person's zone or of the configured bands does not
 * rewrite history.
 */
public final class InterruptionsRollup {
  private static final long HOUR = 3_600_000L;
  private static final int CATCH_UP_BATCH = 500;
  private static final ZoneId UTC = ZoneId.of("UTC");

  private final HourBands bands;

  public InterruptionsRollup(HourBands bands) {
    this.bands = bands;
  }

  /** In the transaction that pages {@code user} for {@code incidentId}: counts the first such page only. */
  public void paged(Handle h, long incidentId, User user, long at) {
    if (PersonInsightsStore.markPaged(h, incidentId, user.id(), at)) {
      PersonInsightsStore.addToHour(h, List.of(new PersonInsightsStore.Counted(user.id(), hourOf(at), band(at, user.timeZone()))));
    }
  }

  /**
   * Counts the pages migration 14 found already sent, whose bands SQL cannot compute: in batches, each
   * row claimed by flipping its flag, so two nodes starting at once count it once. Returns how many.
   */
  public int catchUp(Database db, Supplier<Map<Long, String>> zonesOfPeople) {
    int total = 0;
    while (true) {
      int[] seenAndCounted = db.inTransaction(h -> {
        List<PersonInsightsStore.Page> pages = PersonInsightsStore.uncounted(h, CATCH_UP_BATCH);
        if (pages.isEmpty()) {
          return new int[] {0, 0};
        }
        // People's zones are read only when there is something to count: at most starts there is not.
        Map<Long, String> zones = zonesOfPeople.get();
        List<PersonInsightsStore.Page> claimed = PersonInsightsStore.claim(h, pages);
        PersonInsightsStore.addToHour(h, claimed.stream()
            .map(p -> new PersonInsightsStore.Counted(p.userId(), hourOf(p.pagedAt()), band(p.pagedAt(), zones.get(p.userId())))).toList());
        return new int[] {pages.size(), claimed.size()};
      });
      if (seenAndCounted[0] == 0) {
        return total;
      }
      total += seenAndCounted[1];
    }
  }

  private HourBands.Band band(long at, String zone) {
    return bands.band(Instant.ofEpochMilli(at), zoneOf(zone));
  }

  /** A zone the store holds that this JVM cannot read counts as UTC: a page must never fail over its statistics. */
  static ZoneId zoneOf(String zone) {
    try {
      return zone == null ? UTC : ZoneId.of(zone);
    } catch (DateTimeException e) {
      return UTC;
    }
  }

  static long hourOf(long at) {
    return at - Math.floorMod(at, HOUR);
  }
}
