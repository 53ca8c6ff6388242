package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The on-call log has no default action: a tired responder who only picks a verdict records nothing they did not do. */
class OncallLogBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  @Test
  void theActionStartsEmptyAndMustBeChosen() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      long id = t.trigger(t.serviceWithKey("db"), "d1", "Disk full");
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/incidents/" + id);
      var action = page.locator("#log-form select[name=action]");
      assertThat(action).hasValue("");
      assertThat(action.locator("option").first()).hasText("choose…");
      String placeholder = page.locator("#log-form textarea[name=note]").getAttribute("placeholder");
      assertThat(placeholder).startsWith("(optional)");

      page.locator("#log-form input[value='actionable']").check();
      page.locator("#save-log").click();
      assertThat(page.locator("#log-form select[name=action]:invalid")).hasCount(1);
      assertThat(page.locator(".logged")).hasCount(0);
      assertThat(t.hush().incidents().detail(id).log()).isEmpty();

      action.selectOption("restarted");
      page.locator("#save-log").click();
      assertThat(page.locator(".logged")).containsText("restarted · actionable");
      // Once logged, the form shows what was chosen.
      assertThat(page.locator("#log-form select[name=action]")).hasValue("restarted");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theServerRefusesALogWithoutAnAction(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      long id = t.trigger(t.serviceWithKey("db"), "d1", "Disk full");
      for (String body : new String[] {"{\"verdict\":\"actionable\"}", "{\"action\":\"\",\"verdict\":\"actionable\"}"}) {
        var r = t.api("PUT", "/api/v1/incidents/" + id + "/log", body);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode problem = Json.parse(r.body());
        assertThat(problem.path("field").asText()).isEqualTo("action");
      }
      assertThat(t.hush().incidents().detail(id).log()).isEmpty();
    }
  }
}
