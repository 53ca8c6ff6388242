package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ColorScheme;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.people.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The person-side insights pages on a phone in dark mode: the numbers are there as tables, and nothing widens the page. */
class PersonInsightsBrowserTest {

  @Test
  void theThreePagesFitAPhoneInDarkMode() {
    try (Playwright playwright = Chromium.playwright();
        Browser browser = Chromium.launch(playwright);
        TestHush t = TestHush.start(StoreKind.SQLITE)) {
      User ana = t.person("ana@x.io", "Anastasia Longname-Example", "long-enough-pw", false, "Europe/Berlin", null);
      String key = t.serviceWithKey("payments-gateway-with-a-long-name");
      long incident = t.trigger(key, "d-1", "Card declines");
      t.hush().incidents().resolve(incident, ana.id());
      var rotation = t.hush().oncall().createRotation(t.team(), "primary", "Europe/Berlin", dev.hush.oncall.ShiftKind.WEEKLY, 1,
          java.time.LocalTime.of(9, 0), java.time.DayOfWeek.MONDAY, java.time.LocalDate.now().minusWeeks(3), List.of(ana.id(), t.admin().id()));
      var schedule = t.hush().oncall().createSchedule(t.team(), "primary");
      t.hush().oncall().addLayer(schedule.id(), rotation.id(), 1, null);

      BrowserContext context = browser.newContext(new Browser.NewContextOptions().setColorScheme(ColorScheme.DARK).setViewportSize(390, 844));
      Page page = context.newPage();
      page.navigate(t.baseUrl() + "/login");
      page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
      page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
      page.getByLabel("Password").press("Enter");
      for (String report : List.of("interruptions", "fairness", "expertise")) {
        String url = t.baseUrl() + "/teams/" + t.team() + "/insights/" + report;
        page.navigate(url);
        assertThat(page.locator("h1")).hasText(report.substring(0, 1).toUpperCase() + report.substring(1));
        Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue()).as("horizontal overflow on " + url).isLessThanOrEqualTo(0);
      }
      assertThat(page.locator(".bus-factor")).isVisible();
      page.navigate(t.baseUrl() + "/teams/" + t.team() + "/insights/fairness");
      assertThat(page.locator("#loads tbody tr")).hasCount(2);
      page.navigate(t.baseUrl() + "/teams/" + t.team() + "/insights/interruptions");
      assertThat(page.locator("#people tbody tr")).hasCount(2);
      assertThat(page.locator("#team-weeks tbody tr")).hasCount(13);
    }
  }
}
