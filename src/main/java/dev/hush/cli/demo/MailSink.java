package dev.hush.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mail server on loopback that accepts every message and keeps none: the generated year's pages
 * go out through the real e-mail channel and are recorded as sent, without anyone's inbox filling
 * with a year of demo pages. Speaks just enough SMTP for one client at a time per connection.
 */
public final class MailSink implements AutoCloseable {
  private final ServerSocket server;
  private final AtomicInteger accepted = new AtomicInteger();

  public MailSink() throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("hush-demo-mail-sink").start(this::serve);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Messages taken so far. */
  public int accepted() {
    return accepted.get();
  }

  private void serve() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> session(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void session(Socket socket) {
    try (socket; var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream()) {
      reply(out, "220 hush-demo ready");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
        switch (command) {
          case "DATA" -> {
            reply(out, "354 end with .");
            for (String body = in.readLine(); body != null && !body.equals("."); body = in.readLine()) {
              // Discarded: the demo keeps no mail.
            }
            accepted.incrementAndGet();
            reply(out, "250 kept nowhere");
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "250 ok");
        }
      }
    } catch (IOException e) {
      // The client went away: nothing to keep.
    }
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
