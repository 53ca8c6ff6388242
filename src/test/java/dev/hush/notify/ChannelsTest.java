package dev.hush.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.hush.LoopbackReceiver;
import dev.hush.TestHush;
import dev.hush.core.Json;
import jakarta.mail.internet.MimeMessage;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every channel against a real receiver on loopback, asserting the exact request it gets. */
class ChannelsTest {
  private static final Message PAGE = new Message("inc7:r0:s0:u3:cm9", 7, "Disk 95% full on pg-1", "critical", "payments-db",
      "http://hush.test/incidents/7", "http://hush.test/ack/TOKEN", "Dana Demo", "{\"source\":\"pg-1\"}");

  /** The guard as the tests' Hush has it: the loopback receivers allowed, as an operator would allow an internal service. */
  private static final TargetGuard LOOPBACK = new TargetGuard(TestHush.LOOPBACK);

  private static ContactMethod method(ChannelKind kind, String address, String secret) {
    return new ContactMethod(9, 3, kind, kind.dbValue(), address, secret, null);
  }

  @Test
  void webhookPostsJsonSignedWithHmacSha256OverTimestampAndBody() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      new WebhookChannel(LOOPBACK).send(PAGE, method(ChannelKind.WEBHOOK, r.url("/hook"), "whsec_test"));
      LoopbackReceiver.Received got = r.received().get(0);
      assertThat(got.method()).isEqualTo("POST");
      assertThat(got.path()).isEqualTo("/hook");
      assertThat(got.header("Content-Type")).isEqualTo("application/json");
      assertThat(got.header("Idempotency-Key")).isEqualTo("inc7:r0:s0:u3:cm9");
      String expected = "sha256=" + WebhookChannel.sign("whsec_test", got.header("X-Hush-Timestamp") + "." + got.body());
      assertThat(got.header("X-Hush-Signature")).isEqualTo(expected);
      JsonNode body = Json.parse(got.body());
      assertThat(body.path("incident_id").asLong()).isEqualTo(7);
      assertThat(body.path("title").asText()).isEqualTo("Disk 95% full on pg-1");
      assertThat(body.path("ack_url").asText()).isEqualTo("http://hush.test/ack/TOKEN");
      assertThat(body.path("details").path("source").asText()).isEqualTo("pg-1");
    }
  }

  @Test
  void slackGetsBlockKitWithTheIncidentLinkAndAnAcknowledgeButton() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      new SlackChannel(LOOPBACK).send(PAGE, method(ChannelKind.SLACK, r.url("/services/T0/B0/x"), ""));
      JsonNode body = Json.parse(r.received().get(0).body());
      assertThat(body.path("text").asText()).isEqualTo("[critical] Disk 95% full on pg-1");
      assertThat(body.path("blocks").get(0).path("text").path("text").asText()).contains("<http://hush.test/incidents/7|Disk 95% full on pg-1>");
      JsonNode buttons = body.path("blocks").get(1).path("elements");
      assertThat(buttons.get(0).path("text").path("text").asText()).isEqualTo("Acknowledge");
      assertThat(buttons.get(0).path("url").asText()).isEqualTo("http://hush.test/ack/TOKEN");
    }
  }

  @Test
  void teamsGetsAnAdaptiveCardWithAcknowledgeAndOpenActions() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      new TeamsChannel(LOOPBACK).send(PAGE, method(ChannelKind.TEAMS, r.url("/workflows/x"), ""));
      JsonNode attachment = Json.parse(r.received().get(0).body()).path("attachments").get(0);
      assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
      JsonNode card = attachment.path("content");
      assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
      assertThat(card.path("body").get(0).path("text").asText()).isEqualTo("Disk 95% full on pg-1");
      assertThat(card.path("actions").findValuesAsText("url")).containsExactly("http://hush.test/ack/TOKEN", "http://hush.test/incidents/7");
    }
  }

  @Test
  void ntfyPublishesToTheTopicWithAClickActionThatOpensTheAckLink() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      new NtfyChannel(LOOPBACK).send(PAGE, method(ChannelKind.NTFY, r.url("/hush-dana"), "tk_secret"));
      LoopbackReceiver.Received got = r.received().get(0);
      assertThat(got.path()).isEqualTo("/hush-dana");
      assertThat(got.header("Title")).isEqualTo("Disk 95% full on pg-1");
      assertThat(got.header("Click")).isEqualTo("http://hush.test/ack/TOKEN");
      assertThat(got.header("Priority")).isEqualTo("urgent");
      assertThat(got.header("Actions")).contains("view, Acknowledge, http://hush.test/ack/TOKEN");
      assertThat(got.header("Authorization")).isEqualTo("Bearer tk_secret");
      assertThat(got.body()).isEqualTo("payments-db: Disk 95% full on pg-1");
    }
  }

  @Test
  void smsPostsToATwilioCompatibleApiWithBasicAuth() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      new SmsChannel(r.url(""), "+15550001111").send(PAGE, method(ChannelKind.SMS, "+491701234567", "AC123:tok"));
      LoopbackReceiver.Received got = r.received().get(0);
      assertThat(got.path()).isEqualTo("/2010-04-01/Accounts/AC123/Messages.json");
      assertThat(got.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString("AC123:tok".getBytes(StandardCharsets.UTF_8)));
      String form = URLDecoder.decode(got.body(), StandardCharsets.UTF_8);
      assertThat(form).contains("To=+491701234567", "From=+15550001111", "Body=[critical] payments-db: Disk 95% full on pg-1 Ack: http://hush.test/ack/TOKEN");
    }
  }

  @Test
  void voicePlacesACallWhoseTwimlSaysTheIncidentEscapedAndListensForOneKeyOnTheKeypadUrl() throws Exception {
    Message page = new Message("inc7:r0:s0:u3:cm9", 7, "Disk <95%> & \"rising\"", "critical", "payments-db", "http://hush.test/incidents/7",
        "http://hush.test/ack/TOKEN", "Dana Demo", "{}");
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      new VoiceChannel(r.url("/"), "+15550001111").send(page, method(ChannelKind.VOICE, "+491701234567", "AC123:tok"));
      LoopbackReceiver.Received got = r.received().get(0);
      assertThat(got.method()).isEqualTo("POST");
      assertThat(got.path()).isEqualTo("/2010-04-01/Accounts/AC123/Calls.json");
      assertThat(got.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
      assertThat(got.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString("AC123:tok".getBytes(StandardCharsets.UTF_8)));
      Map<String, String> form = form(got.body());
      assertThat(form.keySet()).containsExactly("To", "From", "Twiml");
      assertThat(form).containsEntry("To", "+491701234567").containsEntry("From", "+15550001111");
      assertThat(form.get("Twiml")).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
          + "<Gather numDigits=\"1\" method=\"POST\" action=\"http://hush.test/voice/ack/TOKEN\">"
          + "<Say loop=\"2\">Hush alert for payments-db. Severity critical. Disk &lt;95%&gt; &amp; &quot;rising&quot;. Press 1 to acknowledge.</Say>"
          + "</Gather><Say>No key was pressed. Nothing was changed.</Say></Response>");
    }
  }

  @Test
  void aVoiceTestCallWithoutAnAckLinkOnlySpeaks() throws Exception {
    Message test = new Message("test:9:1", 0, "Test notification from Hush", "info", "Hush", "http://hush.test/settings",
        "http://hush.test/settings", "Dana Demo", "{}");
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      new VoiceChannel(r.url(""), "+15550001111").send(test, method(ChannelKind.VOICE, "+491701234567", "AC123:tok"));
      assertThat(form(r.received().get(0).body()).get("Twiml")).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
          + "<Say>Hush alert for Hush. Severity info. Test notification from Hush.</Say></Response>");
    }
  }

  @Test
  void aVoiceMethodWithoutAnAccountIsAFailedDeliveryAndCallsNobody() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      assertThatThrownBy(() -> new VoiceChannel(r.url(""), "+15550001111").send(PAGE, method(ChannelKind.VOICE, "+491701234567", "")))
          .hasMessageContaining("sid:token");
      assertThat(r.received()).isEmpty();
    }
  }

  private static Map<String, String> form(String body) {
    return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
        kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8),
        (a, b) -> b, java.util.LinkedHashMap::new));
  }

  @Test
  void aProviderErrorIsAFailedDeliveryThatSaysTheStatusAndNotTheReply() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      r.respondWith(503, "upstream db-7.internal:5432 refused: password authentication failed for user hush");
      assertThatThrownBy(() -> new WebhookChannel(LOOPBACK).send(PAGE, method(ChannelKind.WEBHOOK, r.url("/hook"), "s")))
          .isInstanceOf(DeliveryRefused.class).hasMessage("HTTP 503 (service unavailable) from 127.0.0.1");
    }
  }

  @Test
  void withoutTheOperatorsAllowanceNoHttpChannelReachesLoopback() throws Exception {
    TargetGuard publicOnly = new TargetGuard(AllowedTargets.NONE);
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      Channel[] channels = {new WebhookChannel(publicOnly), new SlackChannel(publicOnly), new TeamsChannel(publicOnly), new NtfyChannel(publicOnly)};
      for (Channel c : channels) {
        assertThatThrownBy(() -> c.send(PAGE, method(ChannelKind.WEBHOOK, r.url("/hook"), "s"))).as(c.getClass().getSimpleName())
            .isInstanceOf(TargetGuard.Refused.class).hasMessageContaining("127.0.0.1 is a loopback address");
      }
      assertThat(r.requestCount()).isZero();
    }
  }

  @Test
  void aRedirectIsNotFollowedSoAPageNeverLandsSomewhereElse() throws Exception {
    try (LoopbackReceiver hook = new LoopbackReceiver(); LoopbackReceiver elsewhere = new LoopbackReceiver()) {
      hook.redirectTo(elsewhere.url("/other"));
      assertThatThrownBy(() -> new WebhookChannel(LOOPBACK).send(PAGE, method(ChannelKind.WEBHOOK, hook.url("/hook"), "s")))
          .hasMessageContaining("HTTP 307");
      assertThat(elsewhere.requestCount()).isZero();
    }
  }

  @Test
  void aReceiverThatDripsItsReplyIsCutOffAtTheDeadlineSoNoPageOutlivesItsRecoveryWindow() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread dripper = Thread.ofPlatform().daemon().start(() -> {
        try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
          s.getInputStream().read(new byte[8192]);
          out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
          // One byte every 200 ms: each read is well within the 10 s read timeout, for 30 s in all.
          for (int i = 0; i < 150; i++) {
            out.write('a');
            out.flush();
            Thread.sleep(200);
          }
        } catch (Exception closed) {
          // the sender hung up, as it should
        }
      });
      long start = System.nanoTime();
      assertThatThrownBy(() -> HttpChannels.post("http://127.0.0.1:" + server.getLocalPort() + "/hook", "application/json", "{}", Map.of(), 1_000))
          .isInstanceOf(java.io.IOException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      dripper.interrupt();
    }
  }

  @Test
  void pagesToOneReceiverArriveWhole() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      // Back to back over the kept-alive connection: each request must carry exactly its own body.
      for (int i = 0; i < 5; i++) {
        new WebhookChannel(LOOPBACK).send(PAGE, method(ChannelKind.WEBHOOK, r.url("/hook"), "s"));
      }
      assertThat(r.received()).hasSize(5).allSatisfy(got -> assertThat(Json.parse(got.body()).path("incident_id").asLong()).isEqualTo(7));
    }
  }

  @Test
  void emailGoesOutOverSmtpWithTheAckLink() throws Exception {
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    try {
      new EmailChannel("127.0.0.1", mail.getSmtp().getPort(), "hush@hush.test")
          .send(PAGE, method(ChannelKind.EMAIL, "dana@example.com", ""));
      assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
      MimeMessage m = mail.getReceivedMessages()[0];
      assertThat(m.getSubject()).isEqualTo("[critical] payments-db: Disk 95% full on pg-1");
      assertThat(m.getAllRecipients()[0].toString()).isEqualTo("dana@example.com");
      assertThat((String) m.getContent()).contains("Acknowledge: http://hush.test/ack/TOKEN");
    } finally {
      mail.stop();
    }
  }

  @Test
  void ackLinksAreBoundToOnePersonAndIncidentAndExpire() {
    AckLinks links = new AckLinks("k".repeat(48).getBytes(StandardCharsets.UTF_8));
    String token = links.create(7, 2, 3, 1_000);
    assertThat(links.verify(token, 999)).hasValueSatisfying(g -> {
      assertThat(g.incidentId()).isEqualTo(7);
      assertThat(g.episode()).isEqualTo(2);
      assertThat(g.userId()).isEqualTo(3);
    });
    assertThat(links.verify(token, 1_000)).as("expired").isEmpty();
    String tampered = links.create(8, 2, 3, 1_000).split("\\.")[0] + "." + token.split("\\.")[1];
    assertThat(links.verify(tampered, 0)).as("signature of another incident").isEmpty();
    String otherEpisode = links.create(7, 1, 3, 1_000).split("\\.")[0] + "." + token.split("\\.")[1];
    assertThat(links.verify(otherEpisode, 0)).as("signature of another episode").isEmpty();
    assertThat(new AckLinks("other-key".getBytes(StandardCharsets.UTF_8)).verify(token, 0)).as("another server's key").isEmpty();
    assertThat(links.verify("garbage", 0)).isEmpty();
  }
}
