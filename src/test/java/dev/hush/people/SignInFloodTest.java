package dev.hush.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.StoreKind;
import dev.hush.TestHush;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The acceptance test: a hundred clients, each from its own address (as a botnet's would
 * be, so that the per-address throttle does not stop them and their guesses reach the password
 * checks), send wrong sign-ins all at once and then keep at it, while a monitor sends PagerDuty
 * events at a steady rate. Ingest latency is measured in the same run, in alternating segments so
 * that whatever else the machine does weighs on all alike: idle; while the same hundred clients
 * send the same pattern of requests that sign-in never sees ({@code GET /healthz}), which is what
 * any hundred concurrent requests cost a small machine; and during the sign-in flood.
 */
class SignInFloodTest {
  private static final int ATTACKERS = 100;
  /** After the first all-at-once request of a segment, each client sends one this often, the hundred spread evenly. */
  private static final long ATTEMPT_INTERVAL_MS = 500;
  private static final long EVENT_INTERVAL_MS = 20;
  private static final long SEGMENT_MS = 1_000;
  /** After a loaded segment, checks already admitted may still run: events then are not counted. */
  private static final long SETTLE_MS = 750;
  private static final int ROUNDS = 5;
  /**
   * Idle p99 below this is noise on a shared two-core machine (a scheduler slice, an fsync). The
   * flood's p99 must stay within twice the largest of this, the idle p99, and the p99 under the
   * same number of requests that sign-in never sees.
   */
  private static final long FLOOR_MICROS = 10_000;

  private enum Phase { IDLE, OTHER_REQUESTS, SIGN_IN_FLOOD, SETTLING }

  /** What one measurement saw. */
  private record Run(List<Long> idle, List<Long> other, List<Long> flood, Map<Integer, Integer> statuses, long slowestSignIn,
      long checksDuringFlood, List<String> ingestFailures, long otherFailures, int otherRequests, int signIns) {

    long baseline() {
      return Math.max(FLOOR_MICROS, Math.max(p99(idle), p99(other)));
    }

    boolean fast() {
      return slowestSignIn < 1_000 && p99(flood) <= 2 * baseline();
    }

    String summary() {
      return "ingest p50 / p99 / max: idle " + SignInFloodTest.summary(idle) + "; under " + otherRequests + " other requests "
          + SignInFloodTest.summary(other) + "; under " + signIns + " wrong sign-ins " + SignInFloodTest.summary(flood) + ". Sign-ins "
          + statuses + ", slowest " + slowestSignIn + " ms; " + checksDuringFlood + " password checks during the flood";
    }
  }

  /**
   * A shared two-core machine's neighbours now and then spoil a tail latency for a few seconds, so
   * a measurement whose timing misses is repeated, up to ATTEMPTS in all; what the fix is about
   * (hashing on the request threads, or unbounded) costs ten to a hundred times the idle latency
   * and misses every time. Correctness is checked on every attempt.
   */
  private static final int ATTEMPTS = 3;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aHundredConcurrentWrongSignInsLeaveIngestAloneAndNoneWaitsASecond(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store)) {
      String key = t.serviceWithKey("steady");
      // A node that has been up a while: Argon2 compiled by the JIT (interpreted, a check takes several times as long).
      for (int i = 0; i < 30; i++) {
        PasswordHashing.matches("not-the-password", null);
      }
      Run run = null;
      for (int attempt = 1; attempt <= ATTEMPTS && (run == null || !run.fast()); attempt++) {
        run = measure(t, key, attempt);
        System.out.printf("[%s, attempt %d] %s%n", store, attempt, run.summary());
        assertThat(run.ingestFailures()).as("every event accepted").isEmpty();
        assertThat(run.otherFailures()).as("every other request answered").isZero();
        assertThat(run.statuses()).as("wrong passwords checked, the rest refused fast, nothing else")
            .containsKeys(401, 429, 503).containsOnlyKeys(401, 429, 503);
        assertThat(run.checksDuringFlood()).as("the password checks were busy").isGreaterThan(0);
      }
      assertThat(run.slowestSignIn()).as("no sign-in waits a second").isLessThan(1_000);
      assertThat(p99(run.flood())).as("ingest p99 (µs) during the flood, against 2 × max(idle p99, p99 under other requests, %s)",
          ms(FLOOR_MICROS)).isLessThanOrEqualTo(2 * run.baseline());
    }
  }

  /** One measurement; the clients of attempt {@code a} come from 127.0.a.1 to 127.0.a.100. */
  private static Run measure(TestHush t, String key, int attempt) throws InterruptedException {
    HttpClient monitor = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int port = URI.create(t.baseUrl()).getPort();
    AtomicReference<Phase> phase = new AtomicReference<>(Phase.SETTLING);
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean measuring = new AtomicBoolean();
    Map<Phase, List<Long>> latencies = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      latencies.put(p, Collections.synchronizedList(new ArrayList<>()));
    }
    ConcurrentLinkedQueue<String> ingestFailures = new ConcurrentLinkedQueue<>();
    Thread sender = Thread.ofPlatform().name("monitor").start(() -> {
      long start = System.nanoTime();
      for (int i = 0; !done.get(); i++) {
        LockSupport.parkNanos(start + TimeUnit.MILLISECONDS.toNanos(i * EVENT_INTERVAL_MS) - System.nanoTime());
        Phase sentIn = phase.get();
        long micros = ingest(t, monitor, key, i, ingestFailures);
        latencies.get(measuring.get() && sentIn == phase.get() ? sentIn : Phase.SETTLING).add(micros);
      }
    });

    // Platform threads: the clients stand for other machines, and must not queue on the server's virtual-thread carriers.
    ConcurrentLinkedQueue<LoginPost.Answer> signIns = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<LoginPost.Answer> others = new ConcurrentLinkedQueue<>();
    AtomicReference<CountDownLatch> segmentStarts = new AtomicReference<>(new CountDownLatch(1));
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < ATTACKERS; i++) {
      String from = "127.0." + attempt + "." + (i + 1);
      int n = i;
      clients.add(Thread.ofPlatform().name("client-" + i).start(() -> client(n, from, port, phase, segmentStarts, done, signIns, others)));
    }
    // One round unmeasured: the JIT compiles the paths each load takes, as on a node that has been up a while.
    load(phase, Phase.OTHER_REQUESTS, segmentStarts);
    load(phase, Phase.SIGN_IN_FLOOD, segmentStarts);
    measuring.set(true);
    long checksDuringFlood = 0;
    for (int round = 0; round < ROUNDS; round++) {
      phase.set(Phase.IDLE);
      Thread.sleep(SEGMENT_MS);
      load(phase, Phase.OTHER_REQUESTS, segmentStarts);
      long checksBefore = t.hush().people().passwordChecksRun();
      load(phase, Phase.SIGN_IN_FLOOD, segmentStarts);
      checksDuringFlood += t.hush().people().passwordChecksRun() - checksBefore;
    }
    done.set(true);
    segmentStarts.get().countDown();
    sender.join(Duration.ofSeconds(30));
    for (Thread c : clients) {
      c.join(Duration.ofSeconds(30));
    }

    Map<Integer, Integer> statuses = new TreeMap<>();
    signIns.forEach(a -> statuses.merge(a.status(), 1, Integer::sum));
    return new Run(List.copyOf(latencies.get(Phase.IDLE)), List.copyOf(latencies.get(Phase.OTHER_REQUESTS)),
        List.copyOf(latencies.get(Phase.SIGN_IN_FLOOD)), statuses, signIns.stream().mapToLong(LoginPost.Answer::millis).max().orElseThrow(),
        checksDuringFlood, List.copyOf(ingestFailures), others.stream().filter(a -> a.status() != 200).count(), others.size(), signIns.size());
  }

  /** One loaded segment: the clients start together, keep at it for SEGMENT_MS, then the server settles. */
  private static void load(AtomicReference<Phase> phase, Phase load, AtomicReference<CountDownLatch> segmentStarts)
      throws InterruptedException {
    phase.set(load);
    segmentStarts.getAndSet(new CountDownLatch(1)).countDown();
    Thread.sleep(SEGMENT_MS);
    phase.set(Phase.SETTLING);
    Thread.sleep(SETTLE_MS);
  }

  /**
   * One client, on a connection of its own from its own address: at the start of each loaded segment
   * it sends a request together with all the others, then one every ATTEMPT_INTERVAL_MS at its own
   * offset, until the segment ends. In a sign-in flood, even clients go for the admin (throttled
   * after five), odd ones spray e-mails nobody has (each a fresh account, so each may reach a
   * password check); otherwise they ask for {@code /healthz}.
   */
  private static void client(int n, String from, int port, AtomicReference<Phase> phase, AtomicReference<CountDownLatch> segmentStarts,
      AtomicBoolean done, ConcurrentLinkedQueue<LoginPost.Answer> signIns, ConcurrentLinkedQueue<LoginPost.Answer> others) {
    try (LoginPost client = LoginPost.keepAlive(from, port)) {
      long offset = TimeUnit.MILLISECONDS.toNanos(ATTEMPT_INTERVAL_MS) * n / ATTACKERS;
      for (int attempt = 0; !done.get(); ) {
        try {
          segmentStarts.get().await();
        } catch (InterruptedException e) {
          return;
        }
        Phase load = phase.get();
        long start = System.nanoTime();
        for (long slot = 0; phase.get() == load && load != Phase.SETTLING; slot++) {
          LockSupport.parkNanos(start + (slot == 0 ? 0 : offset + slot * TimeUnit.MILLISECONDS.toNanos(ATTEMPT_INTERVAL_MS)) - System.nanoTime());
          if (phase.get() != load) {
            break;
          }
          if (load == Phase.SIGN_IN_FLOOD) {
            String email = n % 2 == 0 ? TestHush.ADMIN_EMAIL : "guess-" + n + "-" + attempt + "@test.local";
            signIns.add(client.send(email, "guess-" + attempt++));
          } else {
            others.add(client.get("/healthz"));
          }
        }
      }
    }
  }

  /** One PagerDuty trigger; its latency in µs. Anything but a 202 (a timeout too) goes into {@code failures}. */
  private static long ingest(TestHush t, HttpClient monitor, String key, int i, ConcurrentLinkedQueue<String> failures) {
    String body = "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"disk-" + (i % 20)
        + "\",\"payload\":{\"summary\":\"Disk 91% on db-" + (i % 20) + "\",\"source\":\"db-" + (i % 20) + "\",\"severity\":\"warning\"}}";
    long sent = System.nanoTime();
    try {
      HttpResponse<String> r = monitor.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/v2/enqueue"))
          .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        failures.add(r.statusCode() + " " + r.body());
      }
    } catch (IOException e) {
      failures.add(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add(e.toString());
    }
    return (System.nanoTime() - sent) / 1_000;
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }

  private static String summary(List<Long> samples) {
    return ms(p50(samples)) + " / " + ms(p99(samples)) + " / " + ms(Collections.max(samples)) + " (" + samples.size() + " events)";
  }

  private static long p99(List<Long> samples) {
    return percentile(samples, 0.99);
  }

  private static long p50(List<Long> samples) {
    return percentile(samples, 0.50);
  }

  private static long percentile(List<Long> samples, double p) {
    List<Long> sorted;
    synchronized (samples) {
      sorted = samples.stream().sorted().toList();
    }
    return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
  }
}
