package dev.hush.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.notify.NotifyService;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.User;
import jakarta.mail.internet.MimeMessage;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The review's mail goes out through the job engine: the reminder, the owners' digest, and the minutes. */
class ReviewMailTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theTeamIsRemindedOwnersGetTheirDigestAndEveryoneGetsTheMinutes(StoreKind store) throws Exception {
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    try (TestHush t = TestHush.startWithDelivery(store,
        new NotifyService.Settings("127.0.0.1", mail.getSmtp().getPort(), "hush@hush.test", "http://127.0.0.1:1", "+10000000000"))) {
      User dev = t.person("dev@x.io", "Dev", "long-enough-pw", false, "Europe/Berlin", null);
      // The team's on-call turn ended two minutes ago, so its review is due now and meets in 58 minutes.
      ZonedDateTime handoff = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(2).truncatedTo(ChronoUnit.MINUTES);
      var rotation = t.hush().oncall().createRotation(t.team(), "weekly", "UTC", ShiftKind.WEEKLY, 1, handoff.toLocalTime(),
          handoff.getDayOfWeek(), handoff.toLocalDate().minusWeeks(2), List.of(dev.id()));
      var schedule = t.hush().oncall().createSchedule(t.team(), "primary");
      t.hush().oncall().addLayer(schedule.id(), rotation.id(), 1, null);
      t.apiJson("POST", "/api/v1/action-items", "{\"team_id\":" + t.team() + ",\"title\":\"Add a runbook for the disk alert\",\"owner_id\":"
          + dev.id() + ",\"priority\":\"P2\"}");

      long id = t.apiJson("POST", "/api/v1/teams/" + t.team() + "/reviews", null).path("id").asLong();
      assertThat(mail.waitForIncomingEmail(15_000, 3)).as("two reminders and a digest").isTrue();
      assertThat(to(mail, "dev@x.io", m -> subject(m).startsWith("Weekly review "))).hasSize(1);
      assertThat(to(mail, TestHush.ADMIN_EMAIL, m -> subject(m).startsWith("Weekly review "))).hasSize(1);
      MimeMessage reminder = to(mail, "dev@x.io", m -> subject(m).startsWith("Weekly review ")).getFirst();
      assertThat((String) reminder.getContent()).contains("Facilitator: Dev (last week's on-call)", "/reviews/" + id)
          .as("the meeting in the reader's zone").containsPattern(" CES?T\\.");
      MimeMessage digest = to(mail, "dev@x.io", m -> subject(m).startsWith("Your action items")).getFirst();
      assertThat((String) digest.getContent()).contains("Add a runbook for the disk alert", "carried over 1×");

      t.apiAs(t.tokenOf(dev), "PATCH", "/api/v1/reviews/" + id + "/sections/incidents", "{\"enter\":true,\"notes\":\"quiet week\"}");
      assertThat(t.apiAs(t.tokenOf(dev), "POST", "/api/v1/reviews/" + id + "/close", null).statusCode()).isEqualTo(200);
      assertThat(mail.waitForIncomingEmail(15_000, 5)).as("minutes to both").isTrue();
      MimeMessage minutes = to(mail, TestHush.ADMIN_EMAIL, m -> subject(m).startsWith("Minutes: ")).getFirst();
      assertThat((String) minutes.getContent()).contains("# Weekly review: Test team", "quiet week");
      Thread.sleep(500);
      assertThat(mail.getReceivedMessages()).as("each mail once").hasSize(5);
    } finally {
      mail.stop();
    }
  }

  private static List<MimeMessage> to(GreenMail mail, String address, Predicate<MimeMessage> which) {
    return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equals(address) && which.test(m);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
