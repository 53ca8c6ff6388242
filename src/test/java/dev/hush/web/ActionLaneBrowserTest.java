package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.actions.NewActionItem;
import dev.hush.actions.Priority;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On the action items page, someone creates a P1 item, marks it in progress, and sees it ahead of the older P2 work. */
class ActionLaneBrowserTest {

  @Test
  void aNewP1ItemIsCreatedMarkedInProgressAndListedFirst() {
    try (Playwright playwright = Chromium.playwright();
        Browser browser = Chromium.launch(playwright);
        TestHush t = TestHush.start(StoreKind.SQLITE)) {
      t.hush().actions().create(t.team(), new NewActionItem("tidy the dashboards", t.admin().id(), null, Priority.P2, null, null, null,
          List.of()), null);
      Page page = browser.newContext().newPage();
      page.navigate(t.baseUrl() + "/login");
      page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
      page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
      page.getByLabel("Password").press("Enter");
      page.navigate(t.baseUrl() + "/actions");

      Locator form = page.locator("#new-action");
      form.locator("[name=title]").fill("stop the 3am disk page");
      form.locator("[name=priority]").selectOption("P1");
      form.locator("[name=due]").fill("2030-01-31");
      form.locator("[name=fingerprints]").fill("fp-disk-full");
      form.locator("button[type=submit]").click();

      Locator lane = page.locator("#lane tbody tr");
      assertThat(lane).hasCount(2);
      assertThat(lane.first()).containsText("stop the 3am disk page");
      assertThat(lane.first()).containsText("P1");
      lane.first().locator("select[name=status]").selectOption("in_progress");
      lane.first().getByText("Set").click();

      assertThat(page.locator("#lane tbody tr").first()).containsText("stop the 3am disk page");
      assertThat(page.locator("#lane tbody tr").first().locator("select[name=status]")).hasValue("in_progress");
      assertThat(page.locator("#lane tbody tr").nth(1)).containsText("tidy the dashboards");
      assertThat(page.locator("#mine tbody tr").first()).containsText("stop the 3am disk page");

      page.locator("#lane tbody tr").first().getByRole(com.microsoft.playwright.options.AriaRole.LINK).click();
      assertThat(page.locator("#status")).hasText("in progress");
      assertThat(page.locator("#recurrence-state")).hasText("not done");

      // Both pages fit a phone screen.
      String item = page.url();
      page.setViewportSize(390, 844);
      for (String url : List.of(t.baseUrl() + "/actions", item)) {
        page.navigate(url);
        Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue()).as("horizontal overflow on " + url).isLessThanOrEqualTo(0);
      }
    }
  }
}
