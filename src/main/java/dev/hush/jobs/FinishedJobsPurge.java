package dev.hush.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Keeps the job table small: once a day, as a job itself (so one node does it, and a restart
 * neither skips nor repeats a day), it deletes jobs that finished more than a week ago. The
 * outbox and the incident timelines keep the history people look at.
 */
public final class FinishedJobsPurge {
  static final String KIND = "jobs.purge";
  static final Duration KEEP = Duration.ofDays(7);
  private static final int CHUNK = 5_000;
  /** Bounds one run; whatever is left goes the next day. */
  private static final int MAX_CHUNKS = 200;

  private final JobQueue queue;
  private final Clock clock;

  public FinishedJobsPurge(JobQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  /** Registers the purge with the engine and makes sure today's run is queued. */
  public void install(JobWorker worker) {
    worker.register(KIND, this::run);
    schedule(clock.millis());
  }

  void run(Job job) {
    long before = clock.millis() - KEEP.toMillis();
    for (int chunk = 0; chunk < MAX_CHUNKS; chunk++) {
      if (queue.purgeFinished(before, CHUNK) < CHUNK) {
        break;
      }
    }
    schedule(clock.millis() + Duration.ofDays(1).toMillis());
  }

  /** One run per UTC day: the day is in the idempotency key, so every node asking for it queues it once. */
  private void schedule(long at) {
    queue.enqueue(JobSpec.of(KIND, "", KIND + ":" + Instant.ofEpochMilli(at).atOffset(ZoneOffset.UTC).toLocalDate(), at));
  }
}
