package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.anomalies.ReviewAnomaliesTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The review's dashboards section in a browser: a seeded service's drop is flagged and explained
 * beside its chart, the quiet service is folded into one line, one finding is marked expected with
 * a note and another becomes an action item.
 */
class ReviewAnomaliesBrowserTest {

  @Test
  void theDashboardsShowTheDropAndTheTeamAnswersInOneClick() throws Exception {
    ManualClock clock = new ManualClock(ReviewAnomaliesTest.at("2026-11-04T12:00:00Z"));
    try (Playwright playwright = Chromium.playwright();
        Browser browser = Chromium.launch(playwright);
        TestHush t = TestHush.startWithClock(StoreKind.SQLITE, clock)) {
      long service = ReviewAnomaliesTest.seed(t);
      clock.set(ReviewAnomaliesTest.at("2026-11-10T10:00:00Z"));
      long review = t.apiJson("POST", "/api/v1/teams/" + t.team() + "/reviews", null).path("id").asLong();

      Page page = browser.newContext().newPage();
      page.navigate(t.baseUrl() + "/login");
      page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
      page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
      page.getByLabel("Password").press("Enter");
      page.navigate(t.baseUrl() + "/reviews/" + review);

      Locator section = page.locator("section#dashboards");
      Locator board = section.locator("#board-" + service);
      assertThat(board.locator("h3")).hasText("checkout");
      assertThat(board.locator("li.anomaly").first()).containsText(Pattern.compile("requests −8\\d % Wed 14:05–14:40 vs the same time in the previous 4 weeks"));
      assertThat(board.locator(".chart canvas").first()).isVisible();
      assertThat(section.locator("#quiet-services summary")).hasText("1 service: nothing unusual");

      JsonNode findings = t.apiJson("GET", "/api/v1/reviews/" + review + "/anomalies", null).get(0).path("findings");
      long drop = findings.get(0).path("id").asLong();
      long burst = findings.get(1).path("id").asLong();

      Locator dropLine = page.locator("#anomaly-" + drop);
      dropLine.locator(".respond-expected [name=note]").fill("the quarterly load test");
      dropLine.locator(".respond-expected button").click();
      assertThat(page).hasURL(Pattern.compile("/reviews/" + review + "#dashboards$"));
      assertThat(page.locator("#anomaly-" + drop + " .response")).hasText("— expected: the quarterly load test");
      assertThat(page.locator("#anomaly-" + drop + " form")).hasCount(0);

      page.locator("#anomaly-" + burst + " .respond-investigate button").click();
      Locator burstLine = page.locator("#anomaly-" + burst);
      assertThat(burstLine.locator(".response")).hasText("— investigate");
      assertThat(burstLine.locator("a")).containsText("action item #");
      assertThat(page.locator("section#action-items")).containsText("Investigate: requests +");
    }
  }
}
