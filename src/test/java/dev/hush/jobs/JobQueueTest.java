package dev.hush.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.LoopbackReceiver;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobQueueTest {
  private static final List<String> KINDS = List.of("test");

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void jobsRunWhenDueOnceByKeyAndAreClaimedAgainWhenTheirHolderDies(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      Database db = t.hush().db();
      ManualClock clock = new ManualClock(1_000_000);
      JobQueue queue = new JobQueue(db, clock);
      assertThat(queue.enqueue(JobSpec.of("test", "later", "k-later", 1_000_000 + 60_000))).isTrue();
      assertThat(queue.enqueue(JobSpec.of("test", "now", "k-now", 1_000_000))).isTrue();
      assertThat(queue.enqueue(JobSpec.of("test", "now again", "k-now", 1_000_000))).as("same key, no second job").isFalse();

      List<Job> claimed = queue.claim("node-a", 10, 30_000, KINDS);
      assertThat(claimed).extracting(Job::payload).containsExactly("now");
      assertThat(queue.claim("node-b", 10, 30_000, KINDS)).as("held by node-a, not due").isEmpty();

      clock.advance(31_000);
      List<Job> reclaimed = queue.claim("node-b", 10, 30_000, KINDS);
      assertThat(reclaimed).as("node-a's lease ran out: its job is node-b's now").extracting(Job::payload).containsExactly("now");
      assertThat(reclaimed.get(0).attempt()).isEqualTo(2);
      assertThat(queue.complete(claimed.get(0), "node-a")).as("the dead holder cannot complete it any more").isFalse();
      assertThat(queue.complete(reclaimed.get(0), "node-b")).isTrue();

      clock.advance(30_000);
      assertThat(queue.claim("node-a", 10, 30_000, KINDS)).extracting(Job::payload).containsExactly("later");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aFailingJobBacksOffExponentiallyAndGivesUpAfterItsLastAttempt(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      ManualClock clock = new ManualClock(5_000_000);
      JobQueue queue = new JobQueue(t.hush().db(), clock);
      queue.enqueue(new JobSpec("test", "flaky", "k-flaky", 5_000_000, 3));
      Job first = queue.claim("n", 1, 30_000, KINDS).get(0);
      queue.fail(first, "n", "boom");
      assertThat(queue.claim("n", 1, 30_000, KINDS)).as("not before the back-off").isEmpty();
      clock.advance(1_300);
      Job second = queue.claim("n", 1, 30_000, KINDS).get(0);
      queue.fail(second, "n", "boom");
      clock.advance(1_300);
      assertThat(queue.claim("n", 1, 30_000, KINDS)).as("the second back-off is about 2 s").isEmpty();
      clock.advance(1_300);
      Job third = queue.claim("n", 1, 30_000, KINDS).get(0);
      queue.fail(third, "n", "boom");
      clock.advance(60_000);
      assertThat(queue.claim("n", 1, 30_000, KINDS)).isEmpty();
      assertThat(queue.count("failed")).isEqualTo(1);
      for (int attempt = 1; attempt <= 12; attempt++) {
        long ms = JobQueue.backoffMillis(attempt);
        long base = Math.min(600_000, 1000L << (attempt - 1));
        assertThat(ms).isBetween((long) (base * 0.8), (long) (base * 1.2));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = StoreKind.class, names = "POSTGRESQL")
  void twoNodesOnOneDatabaseNeverRunTheSameJobTwice(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store)) {
      JobQueue queue = new JobQueue(t.hush().db(), Clock.systemUTC());
      for (int i = 0; i < 500; i++) {
        queue.enqueue(JobSpec.of("count", String.valueOf(i), "k" + i, 0));
      }
      assertThat(queue.claim("a-node-that-cannot-count", 10, 30_000, KINDS)).as("kinds it has no handler for are left alone").isEmpty();
      Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
      JobHandler handler = job -> runs.computeIfAbsent(job.payload(), p -> new AtomicInteger()).incrementAndGet();
      try (JobWorker a = new JobWorker(t.hush().db(), queue, "node-a", 16, 50, new SimpleMeterRegistry());
          JobWorker b = new JobWorker(t.hush().db(), queue, "node-b", 16, 50, new SimpleMeterRegistry())) {
        a.register("count", handler);
        b.register("count", handler);
        a.start();
        b.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (queue.count("done") < 500 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
      }
      assertThat(runs).hasSize(500);
      assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void finishedJobsAreDeletedAfterAWeekAndEverythingElseStays(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      ManualClock clock = new ManualClock(1_000_000_000);
      JobQueue queue = new JobQueue(t.hush().db(), clock);
      queue.enqueue(JobSpec.of("test", "old", "k-old", clock.millis()));
      queue.complete(queue.claim("n", 1, 30_000, KINDS).get(0), "n");
      clock.advance(FinishedJobsPurge.KEEP.toMillis() - 60_000);
      queue.enqueue(JobSpec.of("test", "recent", "k-recent", clock.millis()));
      queue.complete(queue.claim("n", 1, 30_000, KINDS).get(0), "n");
      queue.enqueue(JobSpec.of("test", "waiting", "k-waiting", clock.millis() + 3_600_000));
      clock.advance(120_000);

      new FinishedJobsPurge(queue, clock).run(null);

      List<String> left = t.hush().db().withHandle(h -> h.createQuery("SELECT payload FROM jobs WHERE kind = 'test' ORDER BY id")
          .mapTo(String.class).list());
      assertThat(left).containsExactly("recent", "waiting");
      assertThat(queue.enqueue(JobSpec.of("test", "old", "k-old", clock.millis()))).as("the purged key is free again").isTrue();
      long purges = t.hush().db().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM jobs WHERE kind = 'jobs.purge' AND status = 'pending'")
          .mapTo(Long.class).one());
      assertThat(purges).as("tomorrow's purge is queued").isGreaterThanOrEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aTransactionalJobCommitsItsWritesWithItsCompletionAndNotAtAllOnceItsLeaseIsGone(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store)) {
      ManualClock clock = new ManualClock(System.currentTimeMillis());
      JobQueue queue = new JobQueue(t.hush().db(), clock);
      t.hush().db().useTransaction(h -> h.execute("CREATE TABLE step_effects (payload TEXT NOT NULL)"));
      CountDownLatch slowStarted = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      List<String> afterCommit = new CopyOnWriteArrayList<>();
      queue.enqueue(JobSpec.of("step", "quick", "k-quick", clock.millis()));
      List<Job> takenOver;
      // One slot: while the slow job holds it, node-a cannot claim that job again itself once the
      // clock has run past its lease, which would race node-b's claim below.
      try (JobWorker node = new JobWorker(t.hush().db(), queue, "node-a", 1, 20, new SimpleMeterRegistry())) {
        node.registerTransactional("step", job -> {
          if (job.payload().equals("slow")) {
            slowStarted.countDown();
            release.await(10, TimeUnit.SECONDS);
          }
          return h -> {
            h.execute("INSERT INTO step_effects (payload) VALUES (?)", job.payload());
            return () -> afterCommit.add(job.payload());
          };
        });
        node.start();
        LoopbackReceiver.await("the quick job done", () -> "done".equals(status(t, "k-quick")), 10);
        assertThat(afterCommit).as("its after-commit work ran once it was done").containsExactly("quick");

        queue.enqueue(JobSpec.of("step", "slow", "k-slow", clock.millis()));
        node.wake();
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
        clock.advance(31_000);
        takenOver = queue.claim("node-b", 1, 30_000, List.of("step"));
        assertThat(takenOver).as("node-a is too slow: its lease ran out and node-b has the job").extracting(Job::payload).containsExactly("slow");
        release.countDown();
      }
      List<String> effects = t.hush().db().withHandle(h -> h.createQuery("SELECT payload FROM step_effects").mapTo(String.class).list());
      assertThat(effects).as("node-a's writes for the job it lost were rolled back").containsExactly("quick");
      assertThat(afterCommit).containsExactly("quick");
      assertThat(queue.complete(takenOver.get(0), "node-b")).as("the job is node-b's to finish").isTrue();
    }
  }

  private static String status(TestHush t, String key) {
    return t.hush().db().withHandle(h -> h.createQuery("SELECT status FROM jobs WHERE idempotency_key = :k").bind("k", key)
        .mapTo(String.class).one());
  }
}
