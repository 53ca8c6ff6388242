package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ColorScheme;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.actions.ActionStatus;
import dev.hush.actions.NewActionItem;
import dev.hush.actions.Priority;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The pages-per-week page draws its charts with uPlot under the strict CSP, in both themes and on a phone. */
class InsightsChartBrowserTest {

  @Test
  void thePagesPerWeekChartIsDrawnInBothThemesAndOnAPhone() {
    try (Playwright playwright = Chromium.playwright();
        Browser browser = Chromium.launch(playwright);
        TestHush t = TestHush.start(StoreKind.SQLITE)) {
      String key = t.serviceWithKey("payments");
      t.trigger(key, "pay-1", "Payments failing");
      t.trigger(key, "pay-2", "Payments slow");
      long item = t.hush().actions().create(t.team(), new NewActionItem("retry the card API", t.admin().id(), null, Priority.P1, null, null,
          null, List.of()), null).id();
      t.hush().actions().update(item, new dev.hush.actions.ActionPatch(null, null, null, null, null, ActionStatus.DONE, null, null), null);

      for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setColorScheme(scheme));
        context.addInitScript("document.addEventListener('securitypolicyviolation', function (e) {"
            + " console.error('Refused to (securitypolicyviolation) ' + e.violatedDirective + ' ' + e.blockedURI); });");
        Page page = context.newPage();
        List<String> errors = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> {
          if (m.text().contains("Content Security Policy") || m.text().contains("Refused to")) {
            errors.add(m.text());
          }
        });
        page.onPageError(errors::add);
        page.navigate(t.baseUrl() + "/login");
        page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
        page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
        page.getByLabel("Password").press("Enter");
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Insights").setExact(true)).click();
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Test team")).click();
        page.locator("main .insight-list").getByText("Pages per week").click();

        assertThat(page.locator("#pages-chart canvas")).hasCount(1);
        assertThat(page.locator("#service-chart canvas")).hasCount(1);
        assertThat(page.locator("#pages-chart .u-legend")).containsText("trend");
        org.assertj.core.api.Assertions.assertThat(((Number) page.evaluate("document.querySelector('#pages-chart canvas').width")).intValue())
            .isGreaterThan(200);
        org.assertj.core.api.Assertions.assertThat(errors).as("no CSP refusals or script errors").isEmpty();

        page.setViewportSize(390, 844);
        page.waitForTimeout(400);
        Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue()).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);
        org.assertj.core.api.Assertions.assertThat(((Number) page.evaluate("document.querySelector('#pages-chart .uplot').offsetWidth")).intValue())
            .isLessThanOrEqualTo(390);
        context.close();
      }
    }
  }
}
