package dev.hush.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small writes from many threads, committed together: one thread drains the queue and runs
 * every waiting write in one transaction, so a burst shares fsyncs. A failed batch is retried
 * write by write, so one bad write never fails the others.
 */
public final class GroupCommit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
  private static final int MAX_BATCH = 500;

  /** One write, run inside the shared transaction. */
  @FunctionalInterface
  public interface Write {
    void apply(Handle h);
  }

  private record Pending(Write write, CompletableFuture<Void> done) {}

  private final Database db;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(50_000);
  private final Thread thread;
  private volatile boolean running = true;

  public GroupCommit(Database db, String name) {
    this.db = db;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    this.thread.start();
  }

  /** Queues a write; the future completes once it is committed. */
  public CompletableFuture<Void> submit(Write write) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!running || !queue.offer(new Pending(write, done))) {
      // Full or closing: write it alone rather than drop it.
      try {
        db.inWriterTransaction(h -> {
          write.apply(h);
          return null;
        });
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    }
    return done;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        try {
          db.inWriterTransaction(h -> {
            batch.forEach(p -> p.write().apply(h));
            return null;
          });
          batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException batchFailure) {
          LOG.warn("group commit of {} writes failed, retrying one by one: {}", batch.size(), batchFailure.toString());
          for (Pending p : batch) {
            try {
              db.inWriterTransaction(h -> {
                p.write().apply(h);
                return null;
              });
              p.done().complete(null);
            } catch (RuntimeException e) {
              p.done().completeExceptionally(e);
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
