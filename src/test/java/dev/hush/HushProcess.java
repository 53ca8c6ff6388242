package dev.hush;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The fat jar as a child process on a free loopback port, as an operator would run it. */
public final class HushProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private HushProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The shaded jar that failsafe passes in (integration tests run after {@code package}). */
  public static Path jar() {
    String jar = System.getProperty("hush.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException("system property hush.jar must point at the built jar (run with ./mvnw verify)");
    }
    return Path.of(jar);
  }

  /** Runs a one-shot CLI command of the jar and returns its standard output. */
  public static String run(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> cmd = command(args);
    Path out = Files.createTempFile(workDir, "cli", ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("hush " + String.join(" ", args) + " did not finish");
    }
    String text = Files.readString(out);
    if (p.exitValue() != 0) {
      throw new IllegalStateException("hush " + String.join(" ", args) + " failed: " + text);
    }
    return text;
  }

  /** Starts {@code serve} with the given store options and waits until /readyz answers 200. */
  public static HushProcess serve(Path workDir, String... storeArgs) throws IOException, InterruptedException {
    int port = freePort();
    List<String> args = new ArrayList<>(List.of("serve", "--port", String.valueOf(port), "--ingest-rate-limit", "0"));
    args.addAll(List.of(storeArgs));
    Path log = Files.createTempFile(workDir, "hush", ".log");
    Process p = new ProcessBuilder(command(args.toArray(String[]::new))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HushProcess hush = new HushProcess(p, port, log);
    hush.awaitReady(Duration.ofSeconds(60));
    return hush;
  }

  private static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("hush exited early: " + Files.readString(log));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("hush was not ready in " + timeout + ": " + Files.readString(log));
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Process process() {
    return process;
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        // Interrupted while waiting: no child outlives the test, and the caller still sees the interrupt.
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
