package dev.hush;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A real HTTP server on 127.0.0.1 that records every request it gets, for channel and escalation tests. */
public final class LoopbackReceiver implements AutoCloseable {
  /** One received request. */
  public record Received(String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private volatile String reply = "{}";
  private volatile String location;
  private final AtomicInteger requests = new AtomicInteger();

  public LoopbackReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int code = status.get();
      requests.incrementAndGet();
      if (code / 100 == 2) {
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), Map.copyOf(exchange.getRequestHeaders()), body));
      }
      byte[] reply = this.reply.getBytes(StandardCharsets.UTF_8);
      if (location != null) {
        exchange.getResponseHeaders().set("Location", location);
      }
      exchange.sendResponseHeaders(code, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Answers every request with this status from now on (503 = provider down). */
  public void respondWith(int code) {
    status.set(code);
  }

  /** Answers every request with this status and body from now on. */
  public void respondWith(int code, String body) {
    reply = body;
    status.set(code);
  }

  /** Answers every request with a temporary redirect (307) to {@code url} from now on. */
  public void redirectTo(String url) {
    location = url;
    status.set(307);
  }

  /** Every request that arrived, whatever it was answered with. */
  public int requestCount() {
    return requests.get();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public static void await(String what, BooleanSupplier condition, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
