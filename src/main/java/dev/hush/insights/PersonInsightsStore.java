package dev.hush.insights;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL for the interruptions rollup (migration 14). Every method takes the caller's handle. */
final class PersonInsightsStore {
  /** A person's first page for an incident. */
  record Page(long incidentId, long userId, long pagedAt) {}

  /** One interruption to add to the hourly rollup. */
  record Counted(long userId, long hourStart, HourBands.Band band) {}

  /** Interruptions of one person in one UTC hour, by band. */
  record Hour(long userId, long hourStart, long business, long off, long sleep) {}

  private PersonInsightsStore() {}

  /** True when this is the person's first page for the incident. */
  static boolean markPaged(Handle h, long incidentId, long userId, long at) {
    return h.createUpdate("""
            INSERT INTO insights_person_pages (incident_id, user_id, paged_at, counted) VALUES (:i, :u, :at, 1)
            ON CONFLICT (incident_id, user_id) DO NOTHING""")
        .bind("i", incidentId).bind("u", userId).bind("at", at).execute() == 1;
  }

  static long latestPageOf(Handle h, long userId) {
    return h.createQuery("SELECT COALESCE(MAX(incident_id), 0) FROM insights_person_pages WHERE user_id = :u").bind("u", userId)
        .mapTo(Long.class).one();
  }

  static void addToHour(Handle h, List<Counted> counted) {
    if (counted.isEmpty()) {
      return;
    }
    PreparedBatch batch = h.prepareBatch("""
        INSERT INTO insights_person_hourly (user_id, hour_start, business, off_hours, sleep) VALUES (:u, :hour, :b, :o, :s)
        ON CONFLICT (user_id, hour_start) DO UPDATE SET business = insights_person_hourly.business + excluded.business,
          off_hours = insights_person_hourly.off_hours + excluded.off_hours, sleep = insights_person_hourly.sleep + excluded.sleep""");
    for (Counted c : counted) {
      batch.bind("u", c.userId()).bind("hour", c.hourStart()).bind("b", c.band() == HourBands.Band.BUSINESS ? 1 : 0)
          .bind("o", c.band() == HourBands.Band.OFF ? 1 : 0).bind("s", c.band() == HourBands.Band.SLEEP ? 1 : 0).add();
    }
    batch.execute();
  }

  /** Backfilled pages not yet in the hourly rollup, oldest first. */
  static List<Page> uncounted(Handle h, int limit) {
    return h.createQuery("SELECT incident_id, user_id, paged_at FROM insights_person_pages WHERE counted = 0 ORDER BY paged_at LIMIT :limit")
        .bind("limit", limit)
        .map((rs, ctx) -> new Page(rs.getLong("incident_id"), rs.getLong("user_id"), rs.getLong("paged_at"))).list();
  }

  /** Flags the pages counted; returns those this caller flipped (another node may have taken some). */
  static List<Page> claim(Handle h, List<Page> pages) {
    if (pages.isEmpty()) {
      return List.of();
    }
    PreparedBatch batch = h.prepareBatch(
        "UPDATE insights_person_pages SET counted = 1 WHERE incident_id = :i AND user_id = :u AND counted = 0");
    pages.forEach(p -> batch.bind("i", p.incidentId()).bind("u", p.userId()).add());
    int[] changed = batch.execute();
    List<Page> claimed = new ArrayList<>();
    for (int i = 0; i < changed.length; i++) {
      if (changed[i] == 1) {
        claimed.add(pages.get(i));
      }
    }
    return claimed;
  }

  /** The people's hourly interruptions in [from, to), read from the rollup's primary key. */
  static List<Hour> hours(Handle h, Collection<Long> userIds, long from, long to) {
    if (userIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
            SELECT user_id, hour_start, business, off_hours, sleep FROM insights_person_hourly
            WHERE user_id IN (<users>) AND hour_start >= :from AND hour_start < :to ORDER BY user_id, hour_start""")
        .bindList("users", List.copyOf(userIds)).bind("from", from).bind("to", to)
        .map((rs, ctx) -> new Hour(rs.getLong("user_id"), rs.getLong("hour_start"), rs.getLong("business"), rs.getLong("off_hours"),
            rs.getLong("sleep")))
        .list();
  }
}
