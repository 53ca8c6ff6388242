package dev.hush.people;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in form posts from a chosen loopback address (all of 127.0.0.0/8 is this machine), as
 * plain HTTP/1.1 over a socket bound to that address: the server sees it as the peer, so a test
 * can be many clients at once. {@link #send} opens a connection per post; {@link #keepAlive}
 * keeps one open across posts, as a client that sends many does. The login CSRF check compares
 * a cookie with a form field, and a client sets both.
 */
final class LoginPost implements AutoCloseable {
  private static final String CSRF = "abcdefghijkmnopqrstuvwxyzABCDEFG";

  /** What came back, and how long it took from sending (connecting, for a new connection) to the last byte. */
  record Answer(int status, Map<String, String> headers, String body, long millis) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  private final int port;
  private final String from;
  private final boolean keepAlive;
  private final Map<String, String> headers = new HashMap<>();
  private Socket socket;
  private InputStream in;

  private LoginPost(int port, String from, boolean keepAlive) {
    this.port = port;
    this.from = from;
    this.keepAlive = keepAlive;
  }

  /** One connection per post. */
  static LoginPost from(String address, int port) {
    return new LoginPost(port, address, false);
  }

  /** One connection for every post, opened on the first; the caller closes it. */
  static LoginPost keepAlive(String address, int port) {
    return new LoginPost(port, address, true);
  }

  LoginPost header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  Answer send(String email, String password) {
    String body = "_csrf=" + CSRF + "&email=" + enc(email) + "&password=" + enc(password);
    StringBuilder request = new StringBuilder("POST /login HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nCookie: hush_login_csrf=" + CSRF + "\r\n"
        + (keepAlive ? "" : "Connection: close\r\n") + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("\r\n").append(body);
    return exchange(request.toString());
  }

  /** A GET on the same connection, for comparison with requests that sign-in never sees. */
  Answer get(String path) {
    return exchange("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n");
  }

  private Answer exchange(String request) {
    long start = System.nanoTime();
    try {
      if (socket == null) {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
      }
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      Answer answer = read(start);
      if (!keepAlive || answer.header("Connection").filter(c -> c.equalsIgnoreCase("close")).isPresent()) {
        close();
      }
      return answer;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("sign-in from " + from, e);
    }
  }

  private Answer read(long start) throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new HashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(), (a, b) -> a + "\n" + b);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
      for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
        // trailers are not used
      }
    } else {
      body.write(in.readAllBytes());
    }
    return new Answer(status, headers, body.toString(StandardCharsets.UTF_8), (System.nanoTime() - start) / 1_000_000);
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the connection closed mid-answer");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
