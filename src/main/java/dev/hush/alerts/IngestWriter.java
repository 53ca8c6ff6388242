package dev.hush.alerts;

import dev.hush.core.Problem;
import dev.hush.incidents.IncidentService;
import dev.hush.incidents.IncidentWriter;
import dev.hush.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
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
 * Group commit: one writer thread drains the queue of accepted requests and applies them in
 * one transaction, so concurrent requests share one fsync. Each request's future completes
 * only after that commit, so a 2xx means the events are on disk.
 */
final class IngestWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestWriter.class);
  /** Events per transaction; bounds how long one commit holds the write lock. */
  private static final int MAX_BATCH_EVENTS = 2_000;
  private static final int QUEUE_CAPACITY = 20_000;

  /** One request's worth of work. */
  record Work(long serviceId, List<AlertEvent> events, List<ChangeEvent> changes, CompletableFuture<List<Outcome>> done) {
    int size() {
      return events.size() + changes.size();
    }
  }

  /** What happened to one event: its incident (null if it matched none) and whether that incident is new. */
  record Outcome(String dedupKey, Long incidentId, boolean opened) {}

  private final Database db;
  private final IncidentService incidents;
  private final Clock clock;
  private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread thread;
  private final DistributionSummary batchSize;
  private final Counter incidentsOpened;
  private volatile boolean running = true;

  IngestWriter(Database db, IncidentService incidents, Clock clock, MeterRegistry metrics) {
    this.db = db;
    this.incidents = incidents;
    this.clock = clock;
    this.batchSize = DistributionSummary.builder("hush.ingest.commit.batch.size")
        .description("events committed per transaction (group commit)")
        .publishPercentiles(0.5, 0.99).register(metrics);
    this.incidentsOpened = Counter.builder("hush.incidents.opened").description("incidents opened by ingest").register(metrics);
    this.thread = Thread.ofPlatform().name("hush-ingest-writer").unstarted(this::run);
    this.thread.start();
  }

  /** Queues the work; the future completes after the commit. Refuses when the queue is full. */
  CompletableFuture<List<Outcome>> submit(long serviceId, List<AlertEvent> events, List<ChangeEvent> changes) {
    CompletableFuture<List<Outcome>> done = new CompletableFuture<>();
    if (!running) {
      done.completeExceptionally(new Problem(503, "unavailable", null, "Hush is shutting down"));
    } else if (!queue.offer(new Work(serviceId, events, changes, done))) {
      done.completeExceptionally(new Problem(503, "overloaded", null, "the ingest queue is full; retry shortly"));
    }
    return done;
  }

  boolean alive() {
    return thread.isAlive();
  }

  private void run() {
    List<Work> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Work first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        int events = first.size();
        while (events < MAX_BATCH_EVENTS) {
          Work next = queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
          events += next.size();
        }
        commit(batch, events);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.error("ingest writer failed a batch", e);
        batch.forEach(w -> w.done().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<Work> batch, int events) {
    long receivedAt = clock.millis();
    List<Runnable> afterCommit = new ArrayList<>();
    List<List<Outcome>> results;
    try {
      results = db.inWriterTransaction(h -> apply(h, batch, receivedAt, afterCommit));
    } catch (RuntimeException batchFailure) {
      // One bad request must not fail the others: retry each in a transaction of its own.
      LOG.warn("group commit of {} requests failed, retrying one by one: {}", batch.size(), batchFailure.toString());
      for (Work w : batch) {
        try {
          List<Runnable> after = new ArrayList<>();
          List<Outcome> outcomes = db.inWriterTransaction(h -> apply(h, List.of(w), receivedAt, after)).get(0);
          after.forEach(Runnable::run);
          complete(w, outcomes);
        } catch (RuntimeException e) {
          w.done().completeExceptionally(e);
        }
      }
      return;
    }
    batchSize.record(events);
    // The pages of new incidents start on their way before the senders are answered: a page is the latency that matters.
    afterCommit.forEach(Runnable::run);
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results.get(i));
    }
  }

  private void complete(Work w, List<Outcome> outcomes) {
    outcomes.stream().filter(Outcome::opened).forEach(o -> incidentsOpened.increment());
    w.done().complete(outcomes);
  }

  /**
   * Applies a batch within one transaction, preparing each statement once for the whole batch, and
   * collects what the incident listeners want done once it has committed.
   */
  private List<List<Outcome>> apply(Handle h, List<Work> batch, long receivedAt, List<Runnable> afterCommit) {
    List<List<Outcome>> out = new ArrayList<>(batch.size());
    afterCommit.clear();
    try (IncidentWriter incidentWriter = incidents.writer(h); AlertEventStore.Appender events = new AlertEventStore.Appender(h, db.dialect())) {
      for (Work w : batch) {
        out.add(apply(incidentWriter, events, h, w, receivedAt));
      }
      incidentWriter.finish();
      afterCommit.addAll(incidentWriter.afterCommit());
    } catch (SQLException e) {
      throw new IllegalStateException("ingest batch failed: " + e.getMessage(), e);
    }
    return out;
  }

  private List<Outcome> apply(IncidentWriter incidentWriter, AlertEventStore.Appender events, Handle h, Work w, long receivedAt)
      throws SQLException {
    List<Outcome> outcomes = new ArrayList<>(w.events().size());
    for (AlertEvent e : w.events()) {
      Outcome o = switch (e.action()) {
        case TRIGGER -> {
          IncidentWriter.TriggerOutcome t = incidentWriter.trigger(w.serviceId(), e.dedupKey(), e.fingerprint(), e.title(),
              e.severity(), e.source(), e.body(), receivedAt);
          yield new Outcome(e.dedupKey(), t.incidentId(), t.opened());
        }
        case ACKNOWLEDGE -> new Outcome(e.dedupKey(),
            incidentWriter.senderAcknowledge(w.serviceId(), e.dedupKey(), e.format().label(), receivedAt).orElse(null), false);
        case RESOLVE -> new Outcome(e.dedupKey(),
            incidentWriter.senderResolve(w.serviceId(), e.dedupKey(), e.format().label(), receivedAt).orElse(null), false);
      };
      events.append(w.serviceId(), o.incidentId(), e, receivedAt);
      outcomes.add(o);
    }
    for (ChangeEvent c : w.changes()) {
      AlertEventStore.insertChange(h, w.serviceId(), c, receivedAt);
    }
    return outcomes;
  }

  /** Stops taking work, commits what is queued, and waits for the writer. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
