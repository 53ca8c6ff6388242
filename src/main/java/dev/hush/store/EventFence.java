package dev.hush.store;

import org.jdbi.v3.core.Handle;

/**
 * Lets a reader of {@code alert_events} after a cursor wait for the transactions still writing them.
 * On PostgreSQL an event's id is taken before its transaction commits, so a lower id can become
 * visible after a higher one, and a cursor that moved past it would skip it for good. Every
 * transaction that appends events holds this fence shared; {@link #awaitWriters} takes it
 * exclusively, which waits for those in flight (new ones wait behind it for one read). An advisory
 * lock rather than a table lock: VACUUM does not conflict with it. SQLite has one writer, whose ids
 * commit in order, so there it is nothing.
 */
public final class EventFence {
  /** Any constant unique among Hush's advisory locks: "HushEvnt". */
  private static final long KEY = 0x48757368_45766e74L;

  private EventFence() {}

  /** In a transaction that appends events, before the first. */
  public static void writing(Handle h, Dialect dialect) {
    if (dialect == Dialect.POSTGRESQL) {
      h.execute("SELECT pg_advisory_xact_lock_shared(" + KEY + ")");
    }
  }

  /**
   * In the reader's transaction, before it reads the highest id: after this, every event up to that id
   * has committed. Gives up (an exception) when a writer holds on longer than {@code timeoutMillis},
   * rather than stall the ingest queued behind it.
   */
  public static void awaitWriters(Handle h, Dialect dialect, long timeoutMillis) {
    if (dialect == Dialect.POSTGRESQL) {
      h.execute("SET LOCAL lock_timeout = " + timeoutMillis);
      h.execute("SELECT pg_advisory_xact_lock(" + KEY + ")");
    }
  }
}
