package dev.hush.jobs;

import dev.hush.store.Database;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Jobs and timers as rows. Claiming takes a lease; a job whose holder died is claimable again
 * when its lease runs out, so a crash loses nothing.
 */
public final class JobQueue {
  private static final RowMapper<Job> JOB = (rs, ctx) -> new Job(rs.getLong("id"), rs.getString("kind"), rs.getString("payload"),
      rs.getString("idempotency_key"), rs.getLong("due_at"), rs.getInt("attempts"), rs.getInt("max_attempts"));
  private static final long MAX_BACKOFF_MS = 10 * 60_000;

  private final Database db;
  private final Clock clock;

  public JobQueue(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Enqueues within the caller's transaction. Returns false when the idempotency key exists already. */
  public boolean enqueue(Handle h, JobSpec spec) {
    return h.createUpdate("""
            INSERT INTO jobs (kind, payload, idempotency_key, due_at, status, attempts, max_attempts, created_at)
            VALUES (:kind, :payload, :key, :due, 'pending', 0, :max, :now)
            ON CONFLICT (idempotency_key) DO NOTHING""")
        .bind("kind", spec.kind()).bind("payload", spec.payload()).bind("key", spec.idempotencyKey())
        .bind("due", spec.dueAt()).bind("max", spec.maxAttempts()).bind("now", clock.millis())
        .execute() == 1;
  }

  public boolean enqueue(JobSpec spec) {
    return db.inTransaction(h -> enqueue(h, spec));
  }

  /**
   * Claims up to {@code limit} due jobs of the given kinds for {@code owner}: pending ones whose
   * time has come, and running ones whose lease expired (their node died). A node claims only
   * kinds it can run, so nodes of different versions can share one queue.
   */
  public List<Job> claim(String owner, int limit, long leaseMillis, Collection<String> kinds) {
    if (kinds.isEmpty()) {
      return List.of();
    }
    long now = clock.millis();
    String lock = db.dialect().skipLocked();
    return db.inTransaction(h -> h.createQuery("""
            UPDATE jobs SET status = 'running', lease_owner = :owner, lease_until = :lease, attempts = attempts + 1
            WHERE id IN (
              SELECT id FROM jobs
              WHERE ((status = 'pending' AND due_at <= :now) OR (status = 'running' AND lease_until < :now)) AND kind IN (<kinds>)
              ORDER BY due_at LIMIT :limit""" + lock + """
            )
            RETURNING id, kind, payload, idempotency_key, due_at, attempts, max_attempts""")
        .bind("owner", owner).bind("lease", now + leaseMillis).bind("now", now).bind("limit", limit).bindList("kinds", List.copyOf(kinds))
        .map(JOB).list());
  }

  /** Marks a job done inside the caller's transaction, if this owner still holds it. */
  public boolean complete(Handle h, Job job, String owner) {
    return h.createUpdate("""
            UPDATE jobs SET status = 'done', finished_at = :now, lease_owner = NULL, lease_until = NULL
            WHERE id = :id AND status = 'running' AND lease_owner = :owner""")
        .bind("now", clock.millis()).bind("id", job.id()).bind("owner", owner).execute() == 1;
  }

  public boolean complete(Job job, String owner) {
    return db.inTransaction(h -> complete(h, job, owner));
  }

  /**
   * Deletes finished jobs (done, or failed for good) that finished before {@code before}, at most
   * {@code limit} of them; returns how many went. The outbox and the timeline keep the history.
   */
  public int purgeFinished(long before, int limit) {
    return db.inTransaction(h -> h.createUpdate("""
            DELETE FROM jobs WHERE id IN (
              SELECT id FROM jobs WHERE status IN ('done', 'failed') AND finished_at < :before ORDER BY id LIMIT :limit)""")
        .bind("before", before).bind("limit", limit).execute());
  }

  /** A failed attempt: retried after an exponential back-off with jitter, or given up after the last attempt. */
  public void fail(Job job, String owner, String error) {
    long now = clock.millis();
    boolean last = job.attempt() >= job.maxAttempts();
    long retryAt = now + backoffMillis(job.attempt());
    db.useTransaction(h -> h.createUpdate("""
            UPDATE jobs SET status = :status, due_at = :retry, last_error = :error, lease_owner = NULL, lease_until = NULL,
              finished_at = :finished
            WHERE id = :id AND status = 'running' AND lease_owner = :owner""")
        .bind("status", last ? "failed" : "pending").bind("retry", retryAt).bind("error", truncate(error))
        .bind("finished", last ? (Long) now : null).bind("id", job.id()).bind("owner", owner).execute());
  }

  /** 1 s, 2 s, 4 s … capped at 10 min, each ±20 % so retries from many jobs don't arrive in step. */
  static long backoffMillis(int attempt) {
    long base = Math.min(MAX_BACKOFF_MS, 1000L << Math.min(20, Math.max(0, attempt - 1)));
    double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    return (long) (base * jitter);
  }

  /** The earliest due time of pending work, so a worker can sleep until then. */
  public Long nextDueAt() {
    return db.withHandle(h -> h.createQuery("SELECT MIN(due_at) FROM jobs WHERE status = 'pending'")
        .mapTo(Long.class).findOne().orElse(null));
  }

  /** Counts by status, for tests and /metrics. */
  public long count(String status) {
    return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM jobs WHERE status = :s").bind("s", status).mapTo(Long.class).one());
  }

  private static String truncate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 2000 ? s : s.substring(0, 2000);
  }
}
