package dev.hush.jobs;

/**
 * A job to run at {@code dueAt} (epoch ms). {@code idempotencyKey} names the logical job: enqueuing
 * the same key again is a no-op, so a retried request or a second node never doubles work.
 */
public record JobSpec(String kind, String payload, String idempotencyKey, long dueAt, int maxAttempts) {
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  public static JobSpec of(String kind, String payload, String idempotencyKey, long dueAt) {
    return new JobSpec(kind, payload, idempotencyKey, dueAt, DEFAULT_MAX_ATTEMPTS);
  }
}
