package dev.hush.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.hush.LoopbackReceiver;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.incidents.AlertContent;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each page carries what the alert says, as space allows: e-mail all of it, Slack and Teams fields and buttons, SMS the summary and first link. */
class AlertContentPagesTest {
  private static final String EVENT = """
      {"routing_key":"k","event_action":"trigger","payload":{"summary":"Disk 95% full on pg-1, 1.2 GB left","source":"pg-1",
        "severity":"critical","component":"postgres","custom_details":{"free":"1.2 GB","mounts":{"/data":"95%"}}},
       "links":[{"href":"https://runbooks.example.com/disk","text":"Runbook"},{"href":"javascript:alert(1)","text":"Evil"},
                {"href":"https://grafana.example.com/d/pg","text":"Dashboard"}]}""";
  private static final Message PAGE = new Message("inc7:r0:s0:u3:cm9", 7, "Disk almost full", "critical", "payments-db",
      "http://hush.test/incidents/7", "http://hush.test/ack/TOKEN", "Dana Demo", "{}", AlertContent.of(EVENT));
  private static final TargetGuard LOOPBACK = new TargetGuard(TestHush.LOOPBACK);

  private static ContactMethod method(ChannelKind kind, String address, String secret) {
    return new ContactMethod(9, 3, kind, kind.dbValue(), address, secret, null);
  }

  @Test
  void onlyHttpLinksAreKept() {
    assertThat(PAGE.content().links()).extracting(AlertContent.Link::text).containsExactly("Runbook", "Dashboard");
    assertThat(PAGE.content().details()).extracting(AlertContent.Row::key).containsExactly("component", "free", "mounts");
    assertThat(AlertContent.of("not json")).isEqualTo(AlertContent.EMPTY);
  }

  @Test
  void theEmailCarriesSummaryLinksAndDetails() throws Exception {
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    try {
      new EmailChannel("127.0.0.1", mail.getSmtp().getPort(), "hush@hush.test").send(PAGE, method(ChannelKind.EMAIL, "dana@example.com", ""));
      assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
      MimeMessage m = mail.getReceivedMessages()[0];
      assertThat((String) m.getContent()).contains("Disk 95% full on pg-1, 1.2 GB left", "Acknowledge: http://hush.test/ack/TOKEN",
          "Runbook: https://runbooks.example.com/disk", "Dashboard: https://grafana.example.com/d/pg", "component: postgres",
          "free: 1.2 GB", "\"/data\" : \"95%\"").doesNotContain("javascript");
    } finally {
      mail.stop();
    }
  }

  @Test
  void slackShowsTheDetailsAsFieldsAndTheLinksAsButtons() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      new SlackChannel(LOOPBACK).send(PAGE, method(ChannelKind.SLACK, r.url("/services/T0/B0/x"), ""));
      JsonNode body = Json.parse(r.received().get(0).body());
      assertThat(body.toString()).contains("Disk 95% full on pg-1, 1.2 GB left", "*component*\\npostgres", "*free*\\n1.2 GB");
      JsonNode buttons = body.path("blocks").get(body.path("blocks").size() - 1).path("elements");
      assertThat(buttons.findValuesAsText("url")).containsExactly("http://hush.test/ack/TOKEN", "http://hush.test/incidents/7",
          "https://runbooks.example.com/disk", "https://grafana.example.com/d/pg");
    }
  }

  @Test
  void teamsShowsTheDetailsAsFactsAndTheLinksAsActions() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      new TeamsChannel(LOOPBACK).send(PAGE, method(ChannelKind.TEAMS, r.url("/workflows/x"), ""));
      JsonNode card = Json.parse(r.received().get(0).body()).path("attachments").get(0).path("content");
      assertThat(card.path("body").toString()).contains("Disk 95% full on pg-1, 1.2 GB left", "\"title\":\"component\",\"value\":\"postgres\"");
      assertThat(card.path("actions").findValuesAsText("url")).containsExactly("http://hush.test/ack/TOKEN", "http://hush.test/incidents/7",
          "https://runbooks.example.com/disk", "https://grafana.example.com/d/pg");
    }
  }

  @Test
  void anSmsCarriesTheSummaryAndTheFirstLink() throws Exception {
    try (LoopbackReceiver r = new LoopbackReceiver()) {
      new SmsChannel(r.url(""), "+15550001111").send(PAGE, method(ChannelKind.SMS, "+491701234567", "AC123:tok"));
      String form = URLDecoder.decode(r.received().get(0).body(), StandardCharsets.UTF_8);
      assertThat(form).contains("Body=[critical] payments-db: Disk almost full — Disk 95% full on pg-1, 1.2 GB left Ack: http://hush.test/ack/TOKEN"
          + " Runbook: https://runbooks.example.com/disk").doesNotContain("grafana");
    }
  }
}
