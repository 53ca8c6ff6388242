package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Under the strict CSP, in a real Chromium: htmx still swaps and polls, and no page trips a violation. */
class CspBrowserTest {
  @Test
  void htmxWorksAndNoPageViolatesTheContentSecurityPolicy() {
    try (Playwright playwright = Chromium.playwright();
        Browser browser = Chromium.launch(playwright);
        TestHush t = TestHush.start(StoreKind.SQLITE);
        BrowserContext context = browser.newContext();
        Page page = context.newPage()) {
      List<String> violations = new CopyOnWriteArrayList<>();
      page.onConsoleMessage(m -> {
        if (m.text().contains("Content Security Policy") || m.text().contains("Refused to")) {
          violations.add(page.url() + ": " + m.text());
        }
      });
      context.addInitScript("document.addEventListener('securitypolicyviolation', function (e) {"
          + " console.error('Refused to (securitypolicyviolation) ' + e.violatedDirective + ' ' + e.blockedURI); });");

      page.navigate(t.baseUrl() + "/login");
      page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
      page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
      page.getByLabel("Password").press("Enter");
      assertThat(page.locator("h1")).hasText("Incidents");
      assertThat(page.locator("head style")).hasCount(0);

      // htmx polls the list: a new alert shows without a reload.
      String key = t.serviceWithKey("checkout");
      t.postJson("/v2/enqueue", "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"csp\","
          + "\"payload\":{\"summary\":\"Disk full on db-1\",\"source\":\"db-1\",\"severity\":\"critical\"}}");
      assertThat(page.locator("#rows")).containsText("Disk full on db-1", new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));

      for (String path : List.of("/oncall", "/me/week", "/services", "/settings", "/settings/notifications", "/admin/people")) {
        page.navigate(t.baseUrl() + path);
        assertThat(page.locator("h1")).not().hasText("404");
      }
      // htmx swaps the service's escalation section in on load.
      page.navigate(t.baseUrl() + "/services");
      page.getByText("checkout").first().click();
      assertThat(page.locator("#escalation")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(10_000));

      // The error page's Back link works without an inline handler.
      page.navigate(t.baseUrl() + "/no/such/page");
      assertThat(page.locator("h1")).hasText("404");
      page.locator("a[data-back]").click();
      assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/services/\\d+"));

      page.waitForTimeout(500);
      assertThat(violations).isEmpty();
    }
  }
}
