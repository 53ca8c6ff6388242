package dev.hush.people;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Checks sign-in passwords on a few platform threads of its own, never on the virtual threads
 * that serve requests. Argon2id is CPU- and memory-heavy on purpose (19 MiB and tens of
 * milliseconds of solid CPU per check), and code that computes without blocking never yields its
 * carrier: run on a request's virtual thread, each check would hold one of the few carrier
 * threads (one per core) for its whole length, and a handful of concurrent sign-ins would stall
 * every other request, ingest included. Here at most {@code hashThreads} threads hash at once;
 * at most {@code hashesInFlight} checks run or wait (a semaphore taken before anything is
 * queued), and any more are refused at once instead of queued: a flood costs its senders a fast
 * 503, and everyone else next to nothing. While checks are being refused, each thread also rests
 * after a check so that it hashes at most {@code hashShare} of the time: on a small node one
 * hashing core is a large part of the machine, and Argon2 also fills the caches and memory
 * bandwidth that ingest shares. A few people signing in at once never see a rest. A request
 * waits, unmounted, at most {@code hashWait} for its check to start, and then for its end.
 */
final class PasswordCheckPool implements AutoCloseable {
  /** Checks refused for want of a slot within this long mean a flood. */
  private static final long FLOOD_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Semaphore inFlight;
  private final ThreadPoolExecutor threads;
  private final long waitNanos;
  private final double restPerCheckNano;
  private volatile long lastRefusedNanos = System.nanoTime() - FLOOD_WINDOW_NANOS;
  private final AtomicLong checksRun = new AtomicLong();

  PasswordCheckPool(SignInLimits limits) {
    this.inFlight = new Semaphore(limits.hashesInFlight());
    this.threads = new ThreadPoolExecutor(limits.hashThreads(), limits.hashThreads(), 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(limits.hashesInFlight()), Thread.ofPlatform().name("hush-password-check-", 0).daemon(true).factory());
    // Threads start on the first sign-in and end after a quiet half minute: one-shot CLI runs and idle nodes keep none.
    threads.allowCoreThreadTimeOut(true);
    this.waitNanos = limits.hashWait().toNanos();
    this.restPerCheckNano = (1 - limits.hashShare()) / limits.hashShare();
  }

  /**
   * Whether the password matches the stored hash, which is read only once a slot is free, so a
   * refused sign-in never reaches the store either (null: nobody has this e-mail, and a dummy is
   * checked instead, for the same cost).
   */
  boolean matches(String password, Supplier<String> storedHash) {
    if (!inFlight.tryAcquire()) {
      lastRefusedNanos = System.nanoTime();
      throw SignInRefused.busy();
    }
    String hash;
    try {
      hash = storedHash.get();
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
    Check check = new Check(password, hash, new AtomicInteger(Check.WAITING));
    try {
      threads.execute(check);
    } catch (RejectedExecutionException e) {
      inFlight.release();
      lastRefusedNanos = System.nanoTime();
      throw SignInRefused.busy();
    }
    try {
      try {
        return check.get(waitNanos, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (check.abandon()) {
          throw SignInRefused.busy();
        }
        // Begun already: a slow machine, not a queue. Its end is near, and the person gets an answer.
        return check.get();
      }
    } catch (InterruptedException e) {
      check.abandon();
      Thread.currentThread().interrupt();
      throw SignInRefused.busy();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  /** Password checks actually computed, for tests. */
  long checksRun() {
    return checksRun.get();
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }

  /**
   * One check; its slot is freed when it is done. One whose caller stopped waiting before it began
   * is skipped, so a backlog never turns into hashing for nobody.
   */
  private final class Check extends FutureTask<Boolean> {
    static final int WAITING = 0;
    static final int STARTED = 1;
    static final int ABANDONED = 2;
    private final AtomicInteger state;

    Check(String password, String hash, AtomicInteger state) {
      super(() -> {
        if (!state.compareAndSet(WAITING, STARTED)) {
          return false;
        }
        boolean ok = PasswordHashing.matches(password, hash);
        checksRun.incrementAndGet();
        return ok;
      });
      this.state = state;
    }

    /** True when the check had not begun, and now never will. */
    boolean abandon() {
      return state.compareAndSet(WAITING, ABANDONED);
    }

    /** The caller has its answer (and the slot is free) before the thread rests, if it does. */
    @Override
    public void run() {
      long start = System.nanoTime();
      super.run();
      long end = System.nanoTime();
      if (end - lastRefusedNanos < FLOOD_WINDOW_NANOS) {
        LockSupport.parkNanos((long) ((end - start) * restPerCheckNano));
      }
    }

    @Override
    protected void done() {
      inFlight.release();
    }
  }
}
