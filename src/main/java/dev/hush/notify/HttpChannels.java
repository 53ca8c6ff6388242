package dev.hush.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;

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
  /** A reply is read (so the connection can be kept) up to this much, and never shown. */
  private static final int ANSWER_READ = 64 * 1024;
  private static final String RESTRICTED_HEADERS = "sun.net.http.allowRestrictedHeaders";
  /** Whether a connection may carry the Host header Hush sets; see {@link #hostHeaderSettable()}. */
  private static final boolean HOST_HEADER;

  static {
    DEADLINES.setRemoveOnCancelPolicy(true);
    // The JDK keeps 5 idle connections per destination by default; a burst of pages to one
    // receiver runs up to NotifyService's send limit at once, and each would otherwise reconnect.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", String.valueOf(NotifyService.MAX_CONCURRENT_SENDS));
    }
    // A page to a checked address names its host in the Host header, which the JDK lets a caller
    // set only with this switch, read once when its HTTP client is first loaded.
    if (System.getProperty(RESTRICTED_HEADERS) == null) {
      System.setProperty(RESTRICTED_HEADERS, "true");
    }
    HOST_HEADER = hostHeaderSettable();
  }

  /**
   * Called when notifications start: HTTP pages cannot go out without the Host header, and a node
   * that cannot send them should not start as if it could.
   */
  static void requireHostHeader() {
    if (!HOST_HEADER) {
      throw new IllegalStateException("the JDK's HTTP client does not let Hush set the Host header (it was loaded before Hush could allow it,"
          + " or the switch is off): start Java with -D" + RESTRICTED_HEADERS + "=true");
    }
  }

  /**
   * Whether the JDK keeps a Host header set on a connection (it drops it silently unless the
   * switch was on when its HTTP client class was loaded). Opening a connection object connects nothing.
   */
  private static boolean hostHeaderSettable() {
    try {
      HttpURLConnection probe = (HttpURLConnection) URI.create("http://127.0.0.1/").toURL().openConnection();
      probe.setRequestProperty("Host", "hush.probe");
      return "hush.probe".equals(probe.getRequestProperty("Host"));
    } catch (IOException e) {
      return false;
    }
  }

  private HttpChannels() {}

  /**
   * A page to a checked target ({@link TargetGuard.Destination}) goes to the addresses the guard
   * checked, in order, and to no other: the URL is rewritten to the address, the Host header
   * names the host as the URL wrote it, and TLS is made for that name ({@link PinnedTls}: SNI and
   * certificate verification against the name). This keeps the JDK's connection handling (kept-alive
   * connections, chunked replies, the retry of a buffered POST on a connection the peer had closed)
   * instead of a hand-written HTTP client, and it needs no JVM-wide resolver hook (an
   * {@code InetAddressResolverProvider} would change every lookup in the process). The one global
   * it needs is the JDK's permission to set the Host header ({@link #requireHostHeader()}, checked at start).
   * A connection that cannot be made to one address is tried at the next checked one.
   */
  static void postJson(TargetGuard.Destination to, String json, Map<String, String> headers) throws IOException {
    post(to, "application/json", json, headers);
  }

  static void post(TargetGuard.Destination to, String contentType, String body, Map<String, String> headers) throws IOException {
    post(to, contentType, body, headers, EXCHANGE_DEADLINE_MS);
  }

  static void post(TargetGuard.Destination to, String contentType, String body, Map<String, String> headers, long deadlineMs)
      throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    IOException notConnected = null;
    for (InetAddress address : to.addresses()) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break;
      }
      HttpURLConnection c = (HttpURLConnection) at(to, address).toURL().openConnection();
      if (c instanceof HttpsURLConnection tls) {
        tls.setSSLSocketFactory(to.tls());
      }
      c.setRequestProperty("Host", to.host() + (to.port() == (to.https() ? 443 : 80) ? "" : ":" + to.port()));
      prepare(c, contentType, headers);
      ScheduledFuture<?> cutOff = DEADLINES.schedule(c::disconnect, left, TimeUnit.MILLISECONDS);
      try {
        try {
          // Nothing of the request is sent yet: a connection (or TLS handshake) that fails here can be tried at the next address.
          c.connect();
        } catch (IOException e) {
          notConnected = e;
          continue;
        }
        exchange(c, body, to.host());
        return;
      } finally {
        cutOff.cancel(false);
      }
    }
    throw notConnected != null ? notConnected : new SocketTimeoutException("no connection to " + to.host() + " within the deadline");
  }

  /** The URL as written, with the checked address in place of the host name. */
  private static URI at(TargetGuard.Destination to, InetAddress address) {
    String literal = address.getHostAddress();
    if (address instanceof Inet6Address) {
      int scope = literal.indexOf('%');
      literal = "[" + (scope < 0 ? literal : literal.substring(0, scope)) + "]";
    }
    URI u = to.uri();
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    return URI.create(u.getScheme() + "://" + literal + ":" + to.port() + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
  }

  /** A post to an address the operator configured (the SMS and voice API), resolved as usual. */
  static void post(String url, String contentType, String body, Map<String, String> headers) throws IOException {
    post(url, contentType, body, headers, EXCHANGE_DEADLINE_MS);
  }

  static void post(String url, String contentType, String body, Map<String, String> headers, long deadlineMs) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    ScheduledFuture<?> cutOff = DEADLINES.schedule(c::disconnect, deadlineMs, TimeUnit.MILLISECONDS);
    try {
      prepare(c, contentType, headers);
      exchange(c, body, c.getURL().getHost());
    } finally {
      cutOff.cancel(false);
    }
  }

  private static void prepare(HttpURLConnection c, String contentType, Map<String, String> headers) throws IOException {
    c.setInstanceFollowRedirects(false);
    c.setConnectTimeout(CONNECT_TIMEOUT_MS);
    c.setReadTimeout(ANSWER_TIMEOUT_MS);
    c.setUseCaches(false);
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", contentType);
    headers.forEach(c::setRequestProperty);
  }

  /** Sends the body and reads the answer; {@code host} names the peer in a refusal. */
  private static void exchange(HttpURLConnection c, String body, String host) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = c.getOutputStream()) {
      out.write(bytes);
    }
    int status = c.getResponseCode();
    InputStream answer = status / 100 == 2 ? c.getInputStream() : c.getErrorStream();
    if (answer != null) {
      try (answer) {
        // Read (so the connection can be kept) and dropped: a reply is never shown anywhere.
        answer.readNBytes(ANSWER_READ);
        if (answer.read() != -1) {
          // A reply this long is not worth keeping the connection for.
          c.disconnect();
        }
      }
    }
    if (status / 100 != 2) {
      throw new DeliveryRefused(status, host);
    }
  }
}
