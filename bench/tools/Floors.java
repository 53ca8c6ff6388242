import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this machine costs before Hush does any work of its own, for reading the paging figures:
 * <ul>
 *   <li>{@code floor_posts_*}: N bare webhook POSTs, the size of a Hush page, from 128 threads over
 *   the JDK's HttpURLConnection (Hush's sender) to the receiver EscalationBench uses (the JDK's
 *   HttpServer on virtual threads, in the same JVM), last of five rounds (the first ones warm up);
 *   <li>{@code floor_fsync_*}: a 4 KiB write and fdatasync, 20 a second as in the latency phase: the
 *   price of a 2xx that means "on disk" when the machine is otherwise idle.
 * </ul>
 * Run: java bench/tools/Floors.java [posts] [temp-dir]. No dependencies; loopback only; every loop
 * is bounded in count and time.
 */
public class Floors {
  private static final int SENDERS = 128;
  private static final int ROUNDS = 5;
  private static final int SYNCS = 300;

  public static void main(String[] args) throws Exception {
    int posts = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
    Path dir = Files.createTempDirectory(args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir")), "floors");
    System.setProperty("http.maxConnections", String.valueOf(SENDERS));
    posts(posts);
    fsync(dir.resolve("sync.bin"));
    Files.deleteIfExists(dir.resolve("sync.bin"));
    Files.delete(dir);
  }

  private static void posts(int n) throws Exception {
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    AtomicInteger received = new AtomicInteger();
    receiver.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      received.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/secondary";
    byte[] page = ("{\"event\":\"incident.notify\",\"incident_id\":12345,\"title\":\"queue q1 stuck\",\"severity\":\"critical\","
        + "\"service\":\"bench\",\"incident_url\":\"http://localhost/incidents/12345\",\"ack_url\":\"http://localhost/ack/"
        + "x".repeat(120) + "\",\"recipient\":\"secondary\",\"details\":{\"labels\":{\"alertname\":\"QueueStuck\",\"queue\":\"q1\"}}}")
        .getBytes(StandardCharsets.UTF_8);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double seconds = 0;
    double cpu = 0;
    try {
      for (int round = 1; round <= ROUNDS; round++) {
        received.set(0);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          senders.execute(() -> post(url, page));
        }
        senders.shutdown();
        if (!senders.awaitTermination(60, TimeUnit.SECONDS)) {
          senders.shutdownNow();
        }
        seconds = (System.nanoTime() - t0) / 1e9;
        cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.err.printf("round %d: %d POSTs received in %.2f s, %.2f CPU-s%n", round, received.get(), seconds, cpu);
      }
    } finally {
      receiver.stop(0);
    }
    System.out.printf("floor_posts=%d%nfloor_posts_received=%d%nfloor_posts_s=%.2f%nfloor_posts_cpu_s=%.2f%n", n, received.get(), seconds, cpu);
  }

  private static void post(String url, byte[] body) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      c.getResponseCode();
      try (InputStream in = c.getInputStream()) {
        in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void fsync(Path file) throws Exception {
    long[] took = new long[SYNCS];
    try (FileChannel f = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocate(4096);
      for (int i = 0; i < SYNCS; i++) {
        TimeUnit.MILLISECONDS.sleep(50);
        block.clear();
        long t0 = System.nanoTime();
        f.write(block, (i % 16) * 4096L);
        f.force(false);
        took[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(took);
    System.out.printf("floor_fsync_p50_ms=%.2f%nfloor_fsync_p99_ms=%.2f%n", took[SYNCS / 2] / 1e6, took[SYNCS * 99 / 100] / 1e6);
  }
}
