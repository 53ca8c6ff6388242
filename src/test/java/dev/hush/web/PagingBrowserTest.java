package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.SelectOption;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.incidents.IncidentFilter;
import dev.hush.incidents.IncidentStatus;
import dev.hush.notify.NotifyService;
import jakarta.mail.internet.MimeMessage;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * In a real browser: a weekly rotation → I am on call → a two-step policy built in the editor → an
 * alert → the e-mail page → its ack link → acknowledged by me.
 */
class PagingBrowserTest {
  @Test
  void aWeeklyRotationPagesMeByEmailAndTheAckLinkAcknowledgesAsMe() throws Exception {
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    try (Playwright playwright = Chromium.playwright();
        Browser browser = Chromium.launch(playwright);
        TestHush t = TestHush.startWithDelivery(StoreKind.SQLITE,
            new NotifyService.Settings("127.0.0.1", mail.getSmtp().getPort(), "hush@hush.test", "http://127.0.0.1:1", "+15550000000"));
        Page page = browser.newContext().newPage()) {
      page.navigate(t.baseUrl() + "/login");
      page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
      page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
      page.getByLabel("Password").press("Enter");
      assertThat(page.locator("h1")).hasText("Incidents");

      page.navigate(t.baseUrl() + "/settings/notifications");
      page.locator("#new-method select[name=kind]").selectOption("email");
      page.locator("#new-method input[name=address]").fill("ada@hush.test");
      page.locator("#new-method button").click();
      assertThat(page.locator("#methods")).containsText("ada@hush.test");

      page.navigate(t.baseUrl() + "/oncall");
      page.locator("#new-rotation input[name=name]").fill("payments primary");
      page.locator("#new-rotation input[name=schedule]").fill("payments");
      page.locator("#new-rotation select[name=add_user]").selectOption(new SelectOption().setLabel("Ada Admin"));
      page.locator("#new-rotation .add-person").click();
      page.locator("#create-rotation").click();
      assertThat(page.locator("h1")).hasText("payments");
      assertThat(page.locator("#calendar")).containsText("Ada Admin");
      assertThat(page.locator("#oncall-banner")).containsText("Ada Admin", new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));

      t.person("bo@hush.test", "Bo Backup", "long-enough-pw", false, "UTC", null);
      page.reload();
      page.locator("#new-swap select[name=counterpart_id]").selectOption(new SelectOption().setLabel("Bo Backup"));
      String from = java.time.LocalDateTime.now().plusDays(1).withSecond(0).withNano(0).toString();
      String until = java.time.LocalDateTime.now().plusDays(2).withSecond(0).withNano(0).toString();
      page.locator("#new-swap input[name=start]").fill(from.substring(0, 16));
      page.locator("#new-swap input[name=end]").fill(until.substring(0, 16));
      page.locator("#new-swap button").click();
      assertThat(page.locator("#swaps")).containsText("Ada Admin → Bo Backup");
      assertThat(page.locator("#swaps")).containsText("pending");
      page.locator("form.turn-order-form select[name=add_user]").first().selectOption(new SelectOption().setLabel("Bo Backup"));
      page.locator("form.turn-order-form .add-person").first().click();
      page.locator("form.turn-order-form .save-order").first().click();
      assertThat(page.locator("h1")).hasText("payments");

      String key = t.serviceWithKey("checkout");
      long serviceId = t.hush().services().byName("checkout").orElseThrow().id();
      page.navigate(t.baseUrl() + "/services/" + serviceId);
      assertThat(page.locator("#no-policy")).containsText("page nobody");
      Locator form = page.locator("#escalation-form");
      Locator first = form.locator("#step-0");
      first.getByLabel("payments", new Locator.GetByLabelOptions().setExact(true)).check();
      first.getByLabel("Bo Backup").check();
      form.locator("input[name=delay_0]").fill("5");
      page.locator("#add-step").click();
      Locator second = form.locator("#step-1");
      second.getByLabel("Ada Admin").check();
      second.getByLabel("Bo Backup").check();
      form.locator("select[name=mode_1]").selectOption("round_robin");
      form.locator("input[name=delay_1]").fill("10");
      form.locator("input[name=repeat_count]").fill("1");
      page.locator("#save-escalation").click();
      assertThat(page.locator("#current-policy")).containsText("Step 1: page whoever is on call in payments and Bo Backup, then after 5 min"
          + " → Step 2: one at a time, in turn (round-robin): Ada Admin or Bo Backup, then after 10 min start over (repeat 1×).");
      assertThat(page.locator("h1")).hasText("checkout");
      assertThat(page.locator("input[name=target_1]:checked")).hasCount(2);

      assertThat(t.postJson("/v2/enqueue", "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"co-1\","
          + "\"payload\":{\"summary\":\"Checkout 5xx above 2%\",\"source\":\"api\",\"severity\":\"critical\"}}").statusCode()).isEqualTo(202);
      assertThat(mail.waitForIncomingEmail(15_000, 1)).as("the page arrives by e-mail").isTrue();
      MimeMessage m = mail.getReceivedMessages()[0];
      assertThat(m.getSubject()).contains("Checkout 5xx above 2%");
      Matcher link = Pattern.compile("Acknowledge: (\\S+)").matcher((String) m.getContent());
      assertThat(link.find()).isTrue();

      page.navigate(link.group(1));
      assertThat(page.locator("#status")).hasText("triggered");
      page.locator("#confirm-ack").click();
      assertThat(page.locator("#done")).containsText("Acknowledged by Ada Admin");

      long incidentId = t.hush().incidents().list(new IncidentFilter(Set.of(), serviceId, null, null, 5, null)).get(0).id();
      page.navigate(t.baseUrl() + "/incidents/" + incidentId);
      assertThat(page.locator("#status")).hasText("acknowledged");
      assertThat(page.locator("#timeline")).containsText("by Ada Admin");
      assertThat(page.locator("#timeline")).containsText("email to Ada Admin");
      assertThat(t.hush().incidents().require(incidentId).status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
      assertThat(t.hush().incidents().require(incidentId).ackedBy()).isEqualTo(t.admin().id());
    } finally {
      mail.stop();
    }
  }
}
