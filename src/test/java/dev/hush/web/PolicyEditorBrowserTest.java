package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.SelectOption;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.notify.ChannelKind;
import dev.hush.oncall.ShiftKind;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The escalation policy editor with JavaScript switched off: plain forms and redirects do the whole job. */
class PolicyEditorBrowserTest {
  @Test
  void aSharedPolicyIsEditedWithoutJavaScriptAndDescribedInWords() {
    try (Playwright playwright = Chromium.playwright();
        Browser browser = Chromium.launch(playwright);
        TestHush t = TestHush.start(StoreKind.SQLITE);
        Page page = browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false)).newPage()) {
      var dana = t.person("dana@x.io", "Dana Smith", "long-enough-pw", false, "UTC", null);
      var rotation = t.hush().oncall().createRotation(t.team(), "primary", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
          LocalDate.now().minusWeeks(1), List.of(t.admin().id()));
      var primary = t.hush().oncall().createSchedule(t.team(), "Primary");
      t.hush().oncall().addLayer(primary.id(), rotation.id(), 1, null);
      t.hush().notifications().addContactMethod(t.admin().id(), ChannelKind.SLACK, "#search", "http://127.0.0.1:9/services/T/B/x", null);
      var policy = t.hush().escalation().createPolicy(t.team(), "search", 0, List.of(EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.SCHEDULE, primary.id())));
      long search = t.hush().services().create("search", "", t.team(), null, false).id();
      long indexer = t.hush().services().create("indexer", "", t.team(), null, false).id();
      t.hush().escalation().assign(search, policy.id());
      t.hush().escalation().assign(indexer, policy.id());

      page.navigate(t.baseUrl() + "/login");
      page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
      page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
      page.getByLabel("Password").press("Enter");
      page.navigate(t.baseUrl() + "/services/" + search);
      page.getByText("Escalation policy").click();
      assertThat(page.locator("h1")).containsText("search · who gets paged");
      assertThat(page.locator("#current-policy")).hasText("search: Step 1: page whoever is on call in Primary. No repeats.");
      assertThat(page.locator("#shared-policy")).containsText("indexer uses this policy too");

      Locator form = page.locator("#escalation-form");
      assertThat(form.locator("select[name=schedule_0] option:checked")).hasText("Primary");
      form.locator("select[name=channel_0]").selectOption(new SelectOption().setLabel("#search (slack) · Ada Admin"));
      form.locator("select[name=user_1]").selectOption(new SelectOption().setLabel("Dana Smith"));
      form.locator("input[name=delay_1]").fill("15");
      form.locator("input[name=repeat_count]").fill("3");
      page.locator("#save-escalation").click();
      String words = "Step 1: page whoever is on call in Primary and post to #search (slack), then after 5 min → Step 2: page Dana Smith,"
          + " then after 15 min start over (repeat 3×).";
      assertThat(page.locator("#current-policy")).containsText(words);
      assertThat(t.hush().escalation().named(t.hush().escalation().policyOf(indexer).orElseThrow()).inWords())
          .as("the service sharing the policy follows the edit").isEqualTo(words);
      assertThat(t.hush().escalation().policyOf(search).orElseThrow().steps().get(1).targets())
          .containsExactly(new EscalationPolicy.Target(EscalationPolicy.TargetKind.USER, dana.id()));

      for (String field : List.of("schedule_0", "channel_0", "user_1")) {
        form.locator("select[name=" + field + "]").selectOption(new String[0]);
      }
      page.locator("#save-escalation").click();
      assertThat(page.locator("main")).containsText("a policy needs 1 to 20 steps");
      assertThat(t.hush().escalation().policyOf(search).orElseThrow().steps()).as("a refused edit changes nothing").hasSize(2);
    }
  }
}
