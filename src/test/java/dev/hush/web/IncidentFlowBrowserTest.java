package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.incidents.IncidentStatus;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The 2 AM flow in a real Chromium: sign in → service and key → alert appears live → ack → log → resolve. */
class IncidentFlowBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void signInCreateAKeySeeTheAlertLiveAckLogAndResolve(StoreKind store) {
    try (TestHush t = TestHush.start(store); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      page.navigate(t.baseUrl() + "/incidents");
      assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login.*"));
      page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
      page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
      assertThat(page.locator("h1")).hasText("Incidents");

      page.navigate(t.baseUrl() + "/services");
      page.locator("#new-service input[name=name]").fill("checkout-api");
      page.locator("#new-service button").click();
      assertThat(page.locator("h1")).hasText("checkout-api");
      page.locator("#new-key-form input[name=name]").fill("prometheus");
      page.locator("#create-key").click();
      String key = page.locator("#key-value").textContent().trim();
      assertThat(key).hasSize(32);
      assertThat(page.locator("#new-key")).containsText("shown only once");

      page.navigate(t.baseUrl() + "/incidents");
      assertThat(page.locator("#rows")).containsText("No incidents match");
      var posted = t.postJson("/v2/enqueue", """
          {"routing_key":"%s","event_action":"trigger","dedup_key":"pg-disk","payload":{"summary":"Disk 95%% full on pg-1","source":"pg-1","severity":"critical"}}"""
          .formatted(key));
      assertThat(posted.statusCode()).isEqualTo(202);
      // No reload: the list refreshes itself.
      assertThat(page.locator("#rows")).containsText("Disk 95% full on pg-1", new com.microsoft.playwright.assertions.LocatorAssertions
          .ContainsTextOptions().setTimeout(10_000));

      page.getByText("Disk 95% full on pg-1").click();
      assertThat(page.locator("#status")).hasText("triggered");
      page.locator("#ack").click();
      assertThat(page.locator("#status")).hasText("acknowledged");
      assertThat(page.locator("#timeline")).containsText("by Ada Admin");

      page.locator("#log-form select[name=action]").selectOption("restarted");
      page.locator("#log-form input[value='actionable']").check();
      page.locator("#log-form textarea[name=note]").fill("Rotated WAL files; disk back to 60%");
      page.locator("#save-log").click();
      assertThat(page.locator(".logged")).containsText("restarted · actionable · by Ada Admin");

      page.locator("#resolve").click();
      assertThat(page.locator("#status")).hasText("resolved");
      long id = t.hush().incidents().list(new dev.hush.incidents.IncidentFilter(java.util.Set.of(), null, null, null, 5, null)).get(0).id();
      assertThat(t.hush().incidents().require(id).status()).isEqualTo(IncidentStatus.RESOLVED);
      assertThat(t.hush().incidents().detail(id).log()).hasValueSatisfying(l -> assertThat(l.note()).contains("Rotated WAL"));

      page.navigate(t.baseUrl() + "/me/week");
      assertThat(page.locator("#gaps")).hasText("0 to log");
    }
  }

  @ParameterizedTest
  @EnumSource(value = StoreKind.class, names = "SQLITE")
  void pagesFitAPhoneScreen(StoreKind store) {
    try (TestHush t = TestHush.start(store);
        var context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(390, 844));
        Page page = context.newPage()) {
      String key = t.serviceWithKey("mobile");
      t.postJson("/v2/enqueue", "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\""
          + "A rather long alert summary that would overflow a narrow screen if the layout were careless\",\"source\":\"x\",\"severity\":\"warning\"}}");
      page.navigate(t.baseUrl() + "/login");
      page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
      page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
      page.getByLabel("Password").press("Enter");
      assertThat(page.locator("h1")).hasText("Incidents");
      for (String path : List.of("/incidents", "/incidents/" + t.hush().incidents().list(
          new dev.hush.incidents.IncidentFilter(java.util.Set.of(), null, null, null, 1, null)).get(0).id(), "/services", "/me/week")) {
        page.navigate(t.baseUrl() + path);
        Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow on " + path).isLessThanOrEqualTo(0);
      }
    }
  }
}
