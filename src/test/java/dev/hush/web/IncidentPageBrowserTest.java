package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.hush.LoopbackReceiver;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.escalation.PagedTeam;
import dev.hush.incidents.IncidentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An incident's page in a real Chromium: it updates itself while open, and its response buttons and keys page real webhooks. */
class IncidentPageBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();
  /** Longer than the page's 3 s refresh. */
  private static final LocatorAssertions.ContainsTextOptions LIVE = new LocatorAssertions.ContainsTextOptions().setTimeout(10_000);

  private static long pages(LoopbackReceiver pager, String path) {
    return pager.received().stream().filter(r -> r.path().equals(path)).count();
  }

  private static long openIncident(TestHush t, PagedTeam s, LoopbackReceiver pager, Page page) throws Exception {
    long id = t.trigger(s.key(), "pay-1", "Payments failing");
    LoopbackReceiver.await("Dana paged by step 1", () -> pages(pager, "/dana") == 1, 10);
    AlertContentBrowserTest.signIn(page, t);
    page.navigate(t.baseUrl() + "/incidents/" + id);
    assertThat(page.locator("#status")).hasText("triggered");
    return id;
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void whatTeammatesAndSendersDoAppearsWithoutAReloadAndKeepsWhatIAmTyping(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver pager = new LoopbackReceiver();
        var context = chromium.browser().newContext(); Page page = context.newPage()) {
      PagedTeam s = PagedTeam.create(t, pager);
      long id = openIncident(t, s, pager, page);
      page.evaluate("window.sameDocument = true");
      page.locator("#log-form textarea[name=note]").fill("rolled back the deploy, then");
      page.locator("#snooze-custom").fill("45");

      t.trigger(s.key(), "pay-1", "Payments failing");
      assertThat(page.locator("#repeats")).containsText("2", LIVE);
      String dana = t.tokenOf(s.dana());
      assertThat(t.apiAs(dana, "POST", "/api/v1/incidents/" + id + "/ack", null).statusCode()).isEqualTo(200);
      assertThat(page.locator("#status")).containsText("acknowledged", LIVE);
      assertThat(page.locator("#ack")).hasCount(0);
      assertThat(page.locator("#timeline")).containsText("by Dana", LIVE);
      assertThat(t.apiAs(dana, "PUT", "/api/v1/incidents/" + id + "/log",
          "{\"action\":\"restarted\",\"verdict\":\"actionable\",\"note\":\"pod restarted\"}").statusCode()).isEqualTo(200);
      assertThat(page.locator(".logged")).containsText("restarted · actionable · by Dana", LIVE);
      assertThat(t.apiAs(dana, "POST", "/api/v1/incidents/" + id + "/responders", "{\"user_id\":" + s.cy().id() + "}").statusCode())
          .isEqualTo(200);
      assertThat(page.locator("#timeline")).containsText("added Cy as responder", LIVE);
      assertThat(page.locator("#timeline")).containsText("notified", LIVE);

      assertThat(page.evaluate("window.sameDocument")).as("no reload").isEqualTo(true);
      assertThat(page.locator("#log-form textarea[name=note]")).hasValue("rolled back the deploy, then");
      assertThat(page.locator("#snooze-custom")).hasValue("45");
      assertThat(page.locator("header.top")).hasCount(1);
    }
  }

  @Test
  void eachResponseButtonActsPagesOnceAndARefusalShowsBesideItsField() throws Exception {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); LoopbackReceiver pager = new LoopbackReceiver();
        var context = chromium.browser().newContext(); Page page = context.newPage()) {
      PagedTeam s = PagedTeam.create(t, pager);
      long id = openIncident(t, s, pager, page);

      page.locator("#snooze-custom").fill("2000");
      assertThat(page.locator("#snooze-custom").evaluate("input => input.validity.valid")).as("the browser stops it first").isEqualTo(false);
      // A browser that does not check the form's limits: the server refuses it and says why beside the field.
      page.locator("#snooze-form").evaluate("form => form.noValidate = true");
      page.locator("#snooze").click();
      assertThat(page.locator("#snooze-error-minutes")).containsText("between 1 and 1440");
      assertThat(page.locator("#snooze-custom")).hasValue("2000");
      assertThat(page.locator("header.top")).hasCount(1);

      page.locator("#snooze-custom").fill("");
      page.locator("#snooze-minutes").selectOption("60");
      page.locator("#snooze").click();
      assertThat(page.locator("#status")).hasText("acknowledged");
      assertThat(page.locator("#snoozed")).containsText("Snoozed until");
      assertThat(page.locator("#timeline")).containsText("for 60 min");

      page.locator("#escalate-now").click();
      assertThat(page.locator("#status")).hasText("triggered");
      assertThat(page.locator("#snoozed")).hasCount(0);
      assertThat(page.locator("#timeline")).containsText("to step 2 of payments");
      assertThat(page.locator("#timeline")).containsText("paging Bo");
      LoopbackReceiver.await("Bo paged", () -> pages(pager, "/bo") == 1, 10);

      page.locator("#escalate-now").click();
      assertThat(page.locator("#escalate-error")).containsText("already the last step");

      page.locator("#reassign-user").selectOption(String.valueOf(s.cy().id()));
      page.locator("#reassign").click();
      assertThat(page.locator("#assignee")).hasText("Cy");
      LoopbackReceiver.await("Cy paged", () -> pages(pager, "/cy") == 1, 10);
      page.navigate(t.baseUrl() + "/incidents");
      assertThat(page.locator("tr[data-incident='" + id + "'] .paging")).containsText("assigned to Cy");
      page.navigate(t.baseUrl() + "/incidents/" + id);

      page.locator("#responder-user").selectOption(String.valueOf(s.dana().id()));
      page.locator("#add-responder").click();
      assertThat(page.locator("#timeline")).containsText("added Dana as responder");
      LoopbackReceiver.await("Dana paged again", () -> pages(pager, "/dana") == 2, 10);

      Thread.sleep(1_000);
      assertThat(pages(pager, "/bo")).as("each page exactly once").isEqualTo(1);
      assertThat(pages(pager, "/cy")).isEqualTo(1);
      assertThat(pages(pager, "/dana")).isEqualTo(2);

      page.setViewportSize(390, 844);
      Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
      assertThat(((Number) overflow).intValue()).as("no horizontal overflow on a phone").isLessThanOrEqualTo(0);

      assertThat(t.apiAs(t.tokenOf(s.bo()), "POST", "/api/v1/incidents/" + id + "/resolve", null).statusCode()).isEqualTo(200);
      assertThat(page.locator("#status")).containsText("resolved", LIVE);
      page.locator("#escalate-now").click();
      assertThat(page.locator("#respond-error")).containsText("is resolved");
      assertThat(page.locator("header.top")).hasCount(1);
    }
  }

  @Test
  void keysActOnTheIncidentButNotWhileTyping() throws Exception {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); LoopbackReceiver pager = new LoopbackReceiver();
        var context = chromium.browser().newContext(); Page page = context.newPage()) {
      PagedTeam s = PagedTeam.create(t, pager);
      long id = openIncident(t, s, pager, page);

      page.locator("#log-form textarea[name=note]").click();
      page.keyboard().type("are");
      assertThat(page.locator("#log-form textarea[name=note]")).hasValue("are");
      page.keyboard().press("Escape");
      assertThat(page.locator("#status")).hasText("triggered");

      page.keyboard().press("?");
      assertThat(page.locator("#shortcuts")).isVisible();
      assertThat(page.locator("#shortcuts")).containsText("escalate now");
      page.keyboard().press("Escape");
      assertThat(page.locator("#shortcuts")).isHidden();

      page.keyboard().press("s");
      assertThat(page.locator("#snooze-minutes")).isFocused();
      page.keyboard().press("Escape");
      page.keyboard().press("l");
      assertThat(page.locator("#log-form select[name=action]")).isFocused();
      page.keyboard().press("Escape");

      page.keyboard().press("a");
      assertThat(page.locator("#status")).hasText("acknowledged");
      page.keyboard().press("e");
      assertThat(page.locator("#timeline")).containsText("escalated now");
      LoopbackReceiver.await("Bo paged", () -> pages(pager, "/bo") == 1, 10);
      page.keyboard().press("r");
      assertThat(page.locator("#status")).hasText("resolved");
      assertThat(t.hush().incidents().require(id).status()).isEqualTo(IncidentStatus.RESOLVED);
    }
  }
}
