package dev.hush.jobs;

import dev.hush.store.Database;
import dev.hush.store.GroupCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: claims due jobs and runs each on a virtual thread, at most {@code concurrency}
 * at a time. It sleeps until the next due job (at most {@code pollMillis}) unless woken early.
 */
public final class JobWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);
  private static final long LEASE_MILLIS = 30_000;

  private final JobQueue queue;
  private final String owner;
  private final long pollMillis;
  private final Semaphore slots;
  private final int concurrency;
  private final Map<String, TransactionalJobHandler> handlers = new ConcurrentHashMap<>();
  private final Object signal = new Object();
  private final Thread thread;
  private final Counter done;
  private final Counter failed;
  /** Jobs finishing together share a commit: thousands of timers falling due at once cost a few fsyncs, not thousands. */
  private final GroupCommit completions;
  private volatile boolean running = true;
  private boolean woken;

  public JobWorker(Database db, JobQueue queue, String owner, int concurrency, long pollMillis, MeterRegistry metrics) {
    this.queue = queue;
    this.owner = owner;
    this.pollMillis = pollMillis;
    this.concurrency = concurrency;
    this.slots = new Semaphore(concurrency);
    this.done = Counter.builder("hush.jobs.done").register(metrics);
    this.failed = Counter.builder("hush.jobs.failed.attempts").register(metrics);
    this.thread = Thread.ofPlatform().name("hush-jobs").daemon().unstarted(this::run);
    this.completions = new GroupCommit(db, "hush-jobs-commit");
  }

  public void register(String kind, JobHandler handler) {
    handlers.put(kind, job -> {
      handler.handle(job);
      return null;
    });
  }

  public void registerTransactional(String kind, TransactionalJobHandler handler) {
    handlers.put(kind, handler);
  }

  public JobWorker start() {
    thread.start();
    return this;
  }

  /** Looks for due work now, for example right after enqueuing a job that is due at once. */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  /**
   * Runs every job due by the clock now, as the engine would (side by side, their completions
   * sharing commits), and returns once they have finished, with how many ran: for a one-shot
   * command that moves its own clock (the demo's year), so that no timer of its past is left for
   * the server to run later. Not for a worker that was started: that one runs due jobs itself.
   */
  public int runDue() {
    int ran = 0;
    for (List<Job> due = queue.claim(owner, concurrency, LEASE_MILLIS, handlers.keySet()); !due.isEmpty();
        due = queue.claim(owner, concurrency, LEASE_MILLIS, handlers.keySet())) {
      for (Job job : due) {
        slots.acquireUninterruptibly();
        Thread.ofVirtual().name("hush-job-" + job.id()).start(() -> execute(job));
        ran++;
      }
      slots.acquireUninterruptibly(concurrency);
      slots.release(concurrency);
    }
    return ran;
  }

  private void run() {
    while (running) {
      try {
        int free = slots.availablePermits();
        if (free == 0) {
          // Every slot is busy: wait for one to come free rather than spin.
          slots.acquire();
          slots.release();
          continue;
        }
        List<Job> jobs = queue.claim(owner, free, LEASE_MILLIS, handlers.keySet());
        for (Job job : jobs) {
          slots.acquire();
          Thread.ofVirtual().name("hush-job-" + job.id()).start(() -> execute(job));
        }
        if (jobs.size() < free) {
          pause();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("job claim failed: {}", e.toString());
        sleepQuietly();
      }
    }
  }

  private void execute(Job job) {
    try {
      TransactionalJobHandler handler = handlers.get(job.kind());
      if (handler == null) {
        throw new IllegalStateException("no handler for job kind " + job.kind());
      }
      TransactionalJobHandler.Write write = handler.prepare(job);
      Runnable[] afterCommit = new Runnable[1];
      completions.submit(h -> {
        if (!queue.complete(h, job, owner)) {
          // Our lease ran out and another node has the job now: its writes must not happen twice.
          throw new IllegalStateException("job " + job.id() + " is no longer held by " + owner);
        }
        afterCommit[0] = write == null ? null : write.apply(h);
      }).join();
      done.increment();
      if (afterCommit[0] != null) {
        afterCommit[0].run();
      }
    } catch (Exception e) {
      failed.increment();
      LOG.atWarn().addKeyValue("job", job.id()).addKeyValue("kind", job.kind()).addKeyValue("attempt", job.attempt())
          .log("job failed: {}", e.toString());
      try {
        queue.fail(job, owner, e.toString());
      } catch (RuntimeException storeDown) {
        LOG.warn("could not record the failure of job {}; its lease will expire and it will run again", job.id());
      }
    } finally {
      slots.release();
      if (slots.availablePermits() == concurrency) {
        wake();
      }
    }
  }

  private void pause() throws InterruptedException {
    Long next = queue.nextDueAt();
    long wait = next == null ? pollMillis : Math.max(1, Math.min(pollMillis, next - System.currentTimeMillis()));
    synchronized (signal) {
      if (!woken) {
        signal.wait(wait);
      }
      woken = false;
    }
  }

  private void sleepQuietly() {
    try {
      TimeUnit.MILLISECONDS.sleep(pollMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    wake();
    try {
      thread.join(5_000);
      // Let running jobs finish; an unfinished one is retried after its lease by the next start.
      slots.tryAcquire(concurrency, 10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    completions.close();
  }
}
