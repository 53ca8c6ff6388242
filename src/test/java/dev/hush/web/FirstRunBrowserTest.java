package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.RequestOptions;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.notify.ChannelKind;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.Team;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first screen is clean: no fragment ever loads a full page into itself, and a checklist stands in for the empty list. */
class FirstRunBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  @Test
  void theNewAdminChangesThePasswordOnACleanPageThenFollowsTheChecklist() {
    try (TestHush t = TestHush.startEmpty(StoreKind.SQLITE);
        var context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(390, 844));
        Page page = context.newPage()) {
      String oneTime = t.hush().people().createFirstAdminIfNone("first@hush.test").orElseThrow();
      page.navigate(t.baseUrl() + "/login");
      page.getByLabel("Email").fill("first@hush.test");
      page.getByLabel("Password").fill(oneTime);
      page.getByLabel("Password").press("Enter");
      assertThat(page.locator("#must-change")).isVisible();
      page.waitForTimeout(3_000);
      assertThat(page.locator("header.top")).hasCount(1);
      assertThat(page.locator("main")).hasCount(1);
      assertThat(page.locator("#toast")).hasText("");

      page.locator("input[name=current_password]").fill(oneTime);
      page.locator("input[name=password]").fill("my-own-long-password");
      page.locator("input[name=password]").press("Enter");
      page.navigate(t.baseUrl() + "/incidents");
      assertThat(page.locator("#first-run")).isVisible();
      for (String step : List.of("#step-service", "#step-rotation", "#step-contact", "#step-alert")) {
        assertThat(page.locator(step)).hasClass("todo");
      }
      // The list still refreshes itself under the checklist, so the first alert shows up without a reload.
      assertThat(page.locator("#rows")).hasCount(1);

      long admin = t.hush().people().users().getFirst().id();
      long team = t.hush().people().teams().stream().map(Team::id).findFirst().orElseThrow();
      long service = t.hush().services().create("checkout", "", team, null, false).id();
      String key = t.hush().services().createKey(service, "prometheus").secret();
      page.reload();
      assertThat(page.locator("#step-service")).hasClass("done");
      assertThat(page.locator("#step-service")).containsText("✓");
      assertThat(page.locator("#step-rotation")).hasClass("todo");

      t.hush().oncall().createRotation(team, "primary", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
          LocalDate.now().minusDays(7), List.of(admin));
      t.hush().notifications().addContactMethod(admin, ChannelKind.EMAIL, "work", "first@hush.test", "");
      page.reload();
      assertThat(page.locator("#step-rotation")).hasClass("done");
      assertThat(page.locator("#step-contact")).hasClass("done");
      assertThat(page.locator("#step-alert")).hasClass("todo");

      t.postJson("/v2/enqueue", "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"First alert\","
          + "\"source\":\"test\",\"severity\":\"info\"}}");
      assertThat(page.locator("#rows")).containsText("First alert");
      page.reload();
      assertThat(page.locator("#first-run")).hasCount(0);
    }
  }

  @Test
  void anHtmxRequestThatWouldBeRedirectedGetsHxRedirectInstead() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      long id = t.trigger(t.serviceWithKey("db"), "d1", "Disk full");
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/incidents/" + id);
      String csrf = page.locator("input[name=_csrf]").first().inputValue();
      APIResponse r = page.request().post(t.baseUrl() + "/incidents/" + id + "/ack", RequestOptions.create()
          .setHeader("HX-Request", "true").setHeader("X-CSRF-Token", csrf).setMaxRedirects(0));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers()).containsEntry("hx-redirect", "/incidents/" + id).doesNotContainKey("location");
      assertThat(r.text()).isEmpty();

      // Without a session, a fragment gets a 401, never the sign-in page.
      APIResponse anonymous = chromium.browser().newContext().request().get(t.baseUrl() + "/oncall/banner",
          RequestOptions.create().setHeader("HX-Request", "true").setMaxRedirects(0));
      assertThat(anonymous.status()).isEqualTo(401);
    }
  }
}
