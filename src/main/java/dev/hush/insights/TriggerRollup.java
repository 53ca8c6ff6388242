package dev.hush.insights;

import dev.hush.incidents.IncidentCounts;
import dev.hush.store.Database;
import dev.hush.store.EventFence;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts received triggers into the insights rollup (alert events, incidents opened) from a durable
 * cursor over {@code alert_events}, outside the ingest writer's transaction, which every accepted
 * alert waits for (otherwise every alert would write an hourly and a daily rollup row in it). Each
 * chunk of events is summed per service, rule and opening hour in SQL and added to the rollup in the
 * transaction that moves the cursor, so every event counts exactly once, whichever node (or
 * reader) moves it. Acks, resolves, pages and log entries are rarer and stay counted in the
 * transaction that makes them.
 *
 * <p>The insights read after a {@link #catchUp()}, so what they show includes every trigger
 * committed before the read. The background tick keeps that backlog short, but gives way to ingest:
 * while alerts arrive faster than {@link #BUSY_EVENTS_PER_SECOND} it leaves them for later, so an
 * alert storm is taken in at full speed and counted once it passes, unless the backlog reaches
 * {@link #MAX_BACKLOG} (the most a read should have to count first), past which it counts anyway.
 */
public final class TriggerRollup implements AutoCloseable {
  private static final String CURSOR = "insights_triggers";
  /** Events per chunk: a chunk's transaction holds SQLite's write lock, which the ingest writer waits for. */
  private static final int CHUNK = 5_000;
  private static final long TICK_MILLIS = 1_000;
  /** An arrival rate that means a storm (or a benchmark), not a team's everyday alerts, which are counted as they come. */
  private static final long BUSY_EVENTS_PER_SECOND = 500;
  /** Uncounted events past which the tick counts even during a storm: a read counts at most about this many first. */
  private static final long MAX_BACKLOG = 500_000;
  /** Ingest commits in milliseconds; a writer holding on longer makes this pass give up, and the next try again. */
  private static final long FENCE_TIMEOUT_MILLIS = 500;
  private static final Logger LOG = LoggerFactory.getLogger(TriggerRollup.class);

  private final Database db;
  private final int chunk;
  private final long busyEventsPerSecond;
  private final long maxBacklog;
  private ScheduledExecutorService ticker;
  /** The newest event id at the tick's last look, and when that was (System.nanoTime). */
  private long lastSeenId = -1;
  private long lastSeenNanos;
  private volatile long backlog;

  public TriggerRollup(Database db) {
    this(db, CHUNK, BUSY_EVENTS_PER_SECOND, MAX_BACKLOG);
  }

  TriggerRollup(Database db, int chunk) {
    this(db, chunk, BUSY_EVENTS_PER_SECOND, MAX_BACKLOG);
  }

  TriggerRollup(Database db, int chunk, long busyEventsPerSecond, long maxBacklog) {
    this.db = db;
    this.chunk = chunk;
    this.busyEventsPerSecond = busyEventsPerSecond;
    this.maxBacklog = maxBacklog;
  }

  /** Counts every trigger committed so far. Returns how many events it counted itself. */
  public synchronized long catchUp() {
    return count(false);
  }

  /**
   * The background tick's pass: counts chunk by chunk like {@link #catchUp()}, but stops whenever
   * ingest is busy (see the class comment) and the backlog is still under the bound.
   */
  synchronized long catchUpUnlessBusy() {
    return count(true);
  }

  /** Triggers stored but not yet counted, as of the tick's last look (for /metrics). */
  public long backlog() {
    return backlog;
  }

  private long count(boolean yieldToIngest) {
    long fence = -1;
    long counted = 0;
    while (true) {
      long from = db.withHandle(TriggerRollup::position);
      if (yieldToIngest && ingestBusy(from)) {
        return counted;
      }
      if (fence < 0) {
        // after the first look: a pass that gives way must not hold up ingest's writers at the fence first
        fence = fence();
      }
      if (from >= fence) {
        return counted;
      }
      long to = Math.min(fence, from + chunk);
      List<IncidentCounts> sums = db.withHandle(h -> sums(h, from, to));
      boolean moved = db.inTransaction(h -> {
        if (h.createUpdate("UPDATE rollup_cursors SET position = :to WHERE name = :name AND position = :from")
            .bind("to", to).bind("from", from).bind("name", CURSOR).execute() == 0) {
          return false;
        }
        InsightsStore.add(h, sums);
        return true;
      });
      if (moved) {
        counted += sums.stream().mapToLong(IncidentCounts::alertEvents).sum();
      }
    }
  }

  /** Whether events arrive faster than a storm's rate while the backlog is under its bound; also notes the backlog. */
  private boolean ingestBusy(long position) {
    long newest = db.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM alert_events").mapTo(Long.class).one());
    long now = System.nanoTime();
    long arrived = lastSeenId < 0 ? 0 : newest - lastSeenId;
    double seconds = Math.max(now - lastSeenNanos, 1_000_000) / 1e9;
    lastSeenId = newest;
    lastSeenNanos = now;
    backlog = Math.max(0, newest - position);
    return arrived / seconds >= busyEventsPerSecond && backlog < maxBacklog;
  }

  /** The highest event id up to which every event has committed (see {@link EventFence}). */
  private long fence() {
    return db.inTransaction(h -> {
      EventFence.awaitWriters(h, db.dialect(), FENCE_TIMEOUT_MILLIS);
      return h.createQuery("SELECT COALESCE(MAX(id), 0) FROM alert_events").mapTo(Long.class).one();
    });
  }

  private static long position(Handle h) {
    return h.createQuery("SELECT position FROM rollup_cursors WHERE name = :name").bind("name", CURSOR).mapTo(Long.class).one();
  }

  /**
   * The triggers with ids in (from, to], summed per service, rule and opening hour of the incident
   * each landed in. An incident's first event is the trigger that opened it.
   */
  private static List<IncidentCounts> sums(Handle h, long from, long to) {
    return h.createQuery("""
            SELECT i.service_id, i.fingerprint, (i.opened_at / 3600000) * 3600000 AS hour_start, COUNT(*) AS events,
              SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM alert_events p WHERE p.incident_id = e.incident_id AND p.id < e.id)
                THEN 1 ELSE 0 END) AS opened
            FROM alert_events e JOIN incidents i ON i.id = e.incident_id
            WHERE e.id > :from AND e.id <= :to AND e.action = 'trigger'
            GROUP BY i.service_id, i.fingerprint, (i.opened_at / 3600000) * 3600000""")
        .bind("from", from).bind("to", to)
        .map((rs, ctx) -> new IncidentCounts(rs.getLong("service_id"), rs.getString("fingerprint"), rs.getLong("hour_start"),
            rs.getLong("events"), rs.getLong("opened"), 0, 0, 0, 0, 0, 0, 0))
        .list();
  }

  /** Counts new triggers every second in the background, so that a read rarely has any left to count. */
  public synchronized TriggerRollup start() {
    if (ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("hush-trigger-rollup").daemon().factory());
      ticker.scheduleWithFixedDelay(() -> countOrWarn(this::catchUpUnlessBusy), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /**
   * Counts what it can, and on failure (a full disk, a lost database) leaves the rest to the next
   * tick: the insights then answer from the rollup as it stands rather than not at all.
   */
  public void catchUpOrWarn() {
    countOrWarn(this::catchUp);
  }

  private void countOrWarn(java.util.function.LongSupplier pass) {
    try {
      pass.getAsLong();
    } catch (RuntimeException e) {
      LOG.warn("counting triggers into the insights rollup failed; the next tick retries: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }
}
