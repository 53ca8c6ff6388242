package dev.hush.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hush.LoopbackReceiver;
import dev.hush.TestHush;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page goes to the address its host name was checked at, with no second lookup: the names here
 * exist only in the test's own zone, so a page that arrives was not looked up by anyone else. The
 * receiver still sees the name in the Host header, and TLS is verified against the name.
 */
class PinnedConnectionTest {
  private static final Message PAGE = new Message("inc7:r0:s0:u3:cm9", 7, "Disk 95% full on pg-1", "critical", "payments-db",
      "http://hush.test/incidents/7", "http://hush.test/ack/TOKEN", "Dana Demo", "{}");

  private static ContactMethod webhook(String url) {
    return new ContactMethod(9, 3, ChannelKind.WEBHOOK, "hook", url, "whsec_test", null);
  }

  /** A zone of test names, all on loopback addresses, counting the lookups it answers. */
  private record Zone(Map<String, List<String>> names, AtomicInteger lookups) implements TargetGuard.Resolver {
    Zone(Map<String, List<String>> names) {
      this(names, new AtomicInteger());
    }

    @java.lang.Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      lookups.incrementAndGet();
      List<String> answer = names.get(host);
      if (answer == null) {
        throw new UnknownHostException(host);
      }
      return answer.stream().map(AllowedTargets::literal).toArray(InetAddress[]::new);
    }
  }

  @Test
  void aPageToANameIsSentToTheCheckedAddressLookedUpOnceAndNamesTheHost() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      int port = URI.create(r.url("/")).getPort();
      Zone zone = new Zone(Map.of("hooks.test", List.of("127.0.0.1")));
      TargetGuard guard = new TargetGuard(TestHush.LOOPBACK, zone, HttpsURLConnection.getDefaultSSLSocketFactory());
      new WebhookChannel(guard).send(PAGE, webhook("http://hooks.test:" + port + "/hook?team=payments"));
      LoopbackReceiver.Received got = r.received().get(0);
      assertThat(got.path()).isEqualTo("/hook?team=payments");
      assertThat(got.header("Host")).isEqualTo("hooks.test:" + port);
      assertThat(zone.lookups()).as("resolved once, by the guard").hasValue(1);
    }
  }

  @Test
  void anAddressThatRefusesTheConnectionIsFollowedByTheNextCheckedOne() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      int port = URI.create(r.url("/")).getPort();
      // Nothing listens on 127.0.0.2: the connection is refused at once, before any of the request is sent.
      Zone zone = new Zone(Map.of("hooks.test", List.of("127.0.0.2", "127.0.0.1")));
      TargetGuard guard = new TargetGuard(AllowedTargets.parse("127.0.0.0/8"), zone, HttpsURLConnection.getDefaultSSLSocketFactory());
      new WebhookChannel(guard).send(PAGE, webhook("http://hooks.test:" + port + "/hook"));
      assertThat(r.received()).singleElement().satisfies(got -> assertThat(got.header("Host")).isEqualTo("hooks.test:" + port));
    }
  }

  @Test
  void aPageToANameOverTlsIsVerifiedAgainstTheNameNotTheAddress(@TempDir Path dir) throws Exception {
    Path keys = dir.resolve("hooks.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
        "-alias", "hooks", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=hooks.test", "-ext", "SAN=dns:hooks.test",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String keytoolSaid = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(keytoolSaid).isZero();
    KeyStore serverKeys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keys)) {
      serverKeys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(serverKeys, "changeit".toCharArray());
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("hooks", serverKeys.getCertificate("hooks"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);

    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(server));
    List<String> hosts = new CopyOnWriteArrayList<>();
    https.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      hosts.add(exchange.getRequestHeaders().getFirst("Host"));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    https.start();
    try {
      int port = https.getAddress().getPort();
      Zone zone = new Zone(Map.of("hooks.test", List.of("127.0.0.1"), "other.test", List.of("127.0.0.1")));
      TargetGuard guard = new TargetGuard(TestHush.LOOPBACK, zone, client.getSocketFactory());

      new WebhookChannel(guard).send(PAGE, webhook("https://hooks.test:" + port + "/hook"));
      assertThat(hosts).containsExactly("hooks.test:" + port);

      assertThatThrownBy(() -> new WebhookChannel(guard).send(PAGE, webhook("https://other.test:" + port + "/hook")))
          .as("the certificate is for hooks.test, and other.test only shares its address").isInstanceOf(SSLHandshakeException.class);
      assertThatThrownBy(() -> new WebhookChannel(guard).send(PAGE, webhook("https://127.0.0.1:" + port + "/hook")))
          .as("nor is it for the address").isInstanceOf(SSLHandshakeException.class);
      new WebhookChannel(guard).send(PAGE, webhook("https://hooks.test:" + port + "/again"));
      assertThat(hosts).as("only the pages to the name the certificate is for").hasSize(2);
    } finally {
      https.stop(0);
    }
  }
}
