package dev.hush.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * How the webhook-style channels post, and their one rule: a 2xx or it failed ({@link DeliveryRefused}).
 *
 * <p>The JDK's blocking {@link HttpURLConnection} does the whole exchange on the sender's own thread,
 * over a kept-alive connection, where the asynchronous {@code java.net.http.HttpClient} hands each
 * reply to its selector thread and back. That costs less CPU per page, which shows when timers fall
 * due together on a freshly started node, before the JIT has compiled the send path: 6,000 due at
 * once were delivered 12–23 % sooner (bench/RESULTS.md); once warm the two clients are even.
 *
 * <p>The body is buffered, not streamed: for a streamed POST the JDK first probes a kept-alive
 * connection with a 1 ms read, a full millisecond on every page. A buffered one that meets a
 * connection the receiver had closed is sent again once on a new one; the same Idempotency-Key
 * (webhooks) lets a receiver drop it should the first copy have arrived after all.
 */
final class HttpChannels {
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int ANSWER_TIMEOUT_MS = 10_000;
  /**
   * The read timeout bounds each read, not the exchange: a peer dripping its reply a byte at a time
   * could hold a page for hours, past the point where the recovery pass takes it as lost and sends
   * it again. So every exchange is cut off this long after it starts, whatever the peer does.
   */
  private static final long EXCHANGE_DEADLINE_MS = CONNECT_TIMEOUT_MS + ANSWER_TIMEOUT_MS;
  private static final ScheduledThreadPoolExecutor DEADLINES = new ScheduledThreadPoolExecutor(1,
      Thread.ofPlatform().name("hush-http-deadline").daemon().factory());
  /** A reply is read (so the connection can be kept) up to this much; a refusal shows its start. */
  private static final int ANSWER_READ = 64 * 1024;
  private static final int REFUSAL_SHOWN = 200;

  static {
    DEADLINES.setRemoveOnCancelPolicy(true);
    // The JDK keeps 5 idle connections per destination by default; a burst of pages to one
    // receiver runs up to NotifyService's send limit at once, and each would otherwise reconnect.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", String.valueOf(NotifyService.MAX_CONCURRENT_SENDS));
    }
  }

  private HttpChannels() {}

  static void postJson(String url, String json, Map<String, String> headers) throws IOException {
    post(url, "application/json", json, headers);
  }

  static void post(String url, String contentType, String body, Map<String, String> headers) throws IOException {
    post(url, contentType, body, headers, EXCHANGE_DEADLINE_MS);
  }

  static void post(String url, String contentType, String body, Map<String, String> headers, long deadlineMs) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    ScheduledFuture<?> cutOff = DEADLINES.schedule(c::disconnect, deadlineMs, TimeUnit.MILLISECONDS);
    try {
      exchange(c, contentType, body, headers);
    } finally {
      cutOff.cancel(false);
    }
  }

  private static void exchange(HttpURLConnection c, String contentType, String body, Map<String, String> headers) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    c.setInstanceFollowRedirects(false);
    c.setConnectTimeout(CONNECT_TIMEOUT_MS);
    c.setReadTimeout(ANSWER_TIMEOUT_MS);
    c.setUseCaches(false);
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", contentType);
    headers.forEach(c::setRequestProperty);
    try (OutputStream out = c.getOutputStream()) {
      out.write(bytes);
    }
    int status = c.getResponseCode();
    InputStream answer = status / 100 == 2 ? c.getInputStream() : c.getErrorStream();
    String text = "";
    if (answer != null) {
      try (answer) {
        text = new String(answer.readNBytes(ANSWER_READ), StandardCharsets.UTF_8);
        if (answer.read() != -1) {
          // A reply this long is not worth keeping the connection for.
          c.disconnect();
        }
      }
    }
    if (status / 100 != 2) {
      throw new DeliveryRefused(status, "HTTP " + status + " from " + c.getURL().getHost() + ": "
          + (text.length() > REFUSAL_SHOWN ? text.substring(0, REFUSAL_SHOWN) : text));
    }
  }
}
