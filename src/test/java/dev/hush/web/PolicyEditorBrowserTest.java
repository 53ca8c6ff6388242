package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.escalation.EscalationPolicy.Target;
import dev.hush.escalation.EscalationPolicy.TargetKind;
import dev.hush.notify.ChannelKind;
import dev.hush.oncall.Schedule;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The escalation policy editor: explicit step rows with "Add step" and "Remove step", targets
 * ticked per step. Without JavaScript every button is a round trip that keeps what was typed;
 * with it, htmx swaps the editor in place on the service's page.
 */
class PolicyEditorBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  private record Fixture(User dana, Schedule primary, long search, long indexer) {}

  private static Fixture fixture(TestHush t) {
    User dana = t.person("dana@x.io", "Dana Smith", "long-enough-pw", false, "UTC", null);
    var rotation = t.hush().oncall().createRotation(t.team(), "primary", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
        LocalDate.now().minusWeeks(1), List.of(t.admin().id()));
    Schedule primary = t.hush().oncall().createSchedule(t.team(), "Primary");
    t.hush().oncall().addLayer(primary.id(), rotation.id(), 1, null);
    t.hush().notifications().addContactMethod(t.admin().id(), ChannelKind.SLACK, "#search", "http://127.0.0.1:9/services/T/B/x", null);
    var policy = t.hush().escalation().createPolicy(t.team(), "search", 0, List.of(EscalationPolicy.Step.of(0, 5, TargetKind.SCHEDULE, primary.id())));
    long search = t.hush().services().create("search", "", t.team(), null, false).id();
    long indexer = t.hush().services().create("indexer", "", t.team(), null, false).id();
    t.hush().escalation().assign(search, policy.id());
    t.hush().escalation().assign(indexer, policy.id());
    return new Fixture(dana, primary, search, indexer);
  }

  private static Locator step(Page page, int number) {
    return page.locator("#policy-steps > li").nth(number - 1);
  }

  @Test
  void stepsAreAddedTickedAndRemovedWithoutJavaScriptAndTheSharedPolicyFollows() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE);
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false));
        Page page = context.newPage()) {
      Fixture f = fixture(t);
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/services/" + f.search());
      page.getByText("Escalation policy").click();
      assertThat(page.locator("h1")).containsText("search · who gets paged");
      assertThat(page.locator("#current-policy")).hasText("search: Step 1: page whoever is on call in Primary. No repeats.");
      assertThat(page.locator("#shared-policy")).containsText("indexer uses this policy too");
      assertThat(page.locator("#policy-steps > li")).hasCount(1);
      assertThat(step(page, 1).getByLabel("Primary")).isChecked();

      step(page, 1).getByLabel("#search (slack) · Ada Admin").check();
      page.locator("input[name=repeat_count]").fill("3");
      page.locator("#add-step").click();
      assertThat(page.locator("#policy-steps > li")).hasCount(2);
      assertThat(step(page, 1).getByLabel("#search (slack) · Ada Admin")).isChecked();
      assertThat(page.locator("input[name=repeat_count]")).hasValue("3");
      step(page, 2).getByLabel("Dana Smith").check();
      step(page, 2).getByLabel("Step 2: then wait (minutes)").fill("15");
      page.locator("#save-escalation").click();

      String words = "Step 1: page whoever is on call in Primary and post to #search (slack), then after 5 min → Step 2: page Dana Smith,"
          + " then after 15 min start over (repeat 3×).";
      assertThat(page.locator("#current-policy")).containsText(words);
      assertThat(t.hush().escalation().named(t.hush().escalation().policyOf(f.indexer()).orElseThrow()).inWords())
          .as("the service sharing the policy follows the edit").isEqualTo(words);
      var saved = t.hush().escalation().policyOf(f.search()).orElseThrow().steps();
      assertThat(saved).hasSize(2);
      assertThat(saved.get(1).targets()).containsExactly(new Target(TargetKind.USER, f.dana().id()));
      assertThat(saved.get(1).delayMinutes()).isEqualTo(15);

      step(page, 1).getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove step 1")).click();
      assertThat(page.locator("#policy-steps > li")).hasCount(1);
      assertThat(step(page, 1).getByLabel("Dana Smith")).isChecked();
      step(page, 1).getByLabel("Dana Smith").uncheck();
      page.locator("input[name=name]").fill("search, renamed");
      page.locator("#save-escalation").click();
      assertThat(page.locator("#step-0-targets-error")).hasText("step 1 needs 1 to 20 targets");
      assertThat(page.locator("input[name=name]")).hasValue("search, renamed");
      assertThat(t.hush().escalation().policyOf(f.search()).orElseThrow().steps()).as("a refused edit changes nothing").hasSize(2);

      step(page, 1).getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove step 1")).click();
      page.locator("#save-escalation").click();
      assertThat(page.locator("#escalation-error")).hasText("a policy needs 1 to 20 steps");
    }
  }

  @Test
  void withJavaScriptTheEditorWorksInPlaceOnTheServicePage() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); BrowserContext context = chromium.browser().newContext(); Page page = context.newPage()) {
      Fixture f = fixture(t);
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/services/" + f.search());
      assertThat(step(page, 1).getByLabel("Primary")).isChecked();
      page.locator("#add-step").click();
      assertThat(page.locator("#policy-steps > li")).hasCount(2);
      page.locator("#add-step").click();
      assertThat(page.locator("#policy-steps > li")).hasCount(3);
      assertThat(page).hasURL(t.baseUrl() + "/services/" + f.search());
      step(page, 3).getByLabel("Dana Smith").check();
      page.locator("#save-escalation").click();
      assertThat(page.locator("#step-1-targets-error")).hasText("step 2 needs 1 to 20 targets");
      assertThat(step(page, 3).getByLabel("Dana Smith")).isChecked();

      step(page, 2).getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove step 2")).click();
      assertThat(page.locator("#policy-steps > li")).hasCount(2);
      step(page, 2).getByLabel("Step 2: then wait (minutes)").fill("30");
      step(page, 2).getByLabel("Step 2: page").selectOption("round_robin");
      step(page, 2).getByLabel("Ada Admin", new Locator.GetByLabelOptions().setExact(true)).check();
      page.locator("#save-escalation").click();
      assertThat(page.locator("#current-policy")).containsText("Step 2: one at a time, in turn (round-robin): Ada Admin or Dana Smith");
      var steps = t.hush().escalation().policyOf(f.search()).orElseThrow().steps();
      assertThat(steps).extracting(EscalationPolicy.Step::targets).containsExactly(List.of(new Target(TargetKind.SCHEDULE, f.primary().id())),
          List.of(new Target(TargetKind.USER, t.admin().id()), new Target(TargetKind.USER, f.dana().id())));
      assertThat(steps.get(1).mode()).isEqualTo(EscalationPolicy.Mode.ROUND_ROBIN);
      assertThat(steps.get(1).delayMinutes()).isEqualTo(30);
    }
  }

  @Test
  void anotherTeamsManagerCanNeitherSeeNorChangeTheEditor() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE)) {
      Fixture f = fixture(t);
      User other = t.hush().people().createUser("other@x.io", "Other Manager", "long-enough-pw", false, "UTC", null);
      long otherTeam = t.hush().people().createTeam("Other team", null).id();
      t.hush().people().addMember(otherTeam, other.id(), TeamRole.MANAGER, null);
      String token = t.tokenOf(other);
      assertThat(t.apiAs(token, "GET", "/services/" + f.search() + "/escalation", null).statusCode()).isEqualTo(404);
      var sent = t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.baseUrl() + "/services/" + f.search() + "/escalation"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("action=save&name=taken&delay_0=1&target_0=user:" + other.id())));
      assertThat(sent.statusCode()).isEqualTo(404);
      assertThat(t.hush().escalation().policyOf(f.search()).orElseThrow().name()).isEqualTo("search");
    }
  }
}
