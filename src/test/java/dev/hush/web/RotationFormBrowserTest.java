package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.oncall.Rotation;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rotation form: people in a list reordered with up/down (or dragged), a time zone picked from
 * a list, and a preview of the next hand-offs in the viewer's and the rotation's zone.
 */
class RotationFormBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  private static Locator people(Page page) {
    return page.locator("#new-rotation .turn-order-list .who");
  }

  private static void add(Page page, String name) {
    page.locator("#new-rotation select[name=add_user]").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel(name));
    page.locator("#new-rotation .add-person").click();
  }

  private static Locator button(Page page, String name) {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  @Test
  void withoutJavaScriptPeopleAreAddedAndMovedByRoundTripsAndThePreviewCrossesSummerTime() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE);
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false));
        Page page = context.newPage()) {
      OncallTeam team = OncallTeam.create(t);
      User bo = team.bo();
      User cy = team.cy();
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/oncall");
      Locator form = page.locator("#new-rotation");
      assertThat(form.locator("select[name=zone]")).hasValue(t.admin().timeZone());
      form.locator("input[name=name]").fill("payments primary");
      form.locator("select[name=kind]").selectOption("daily");
      form.locator("select[name=zone]").selectOption("America/New_York");
      // Days that cross the start of summer time in New York (Sunday 10 March 2030); the viewer is in Berlin.
      form.locator("input[name=start_date]").fill("2030-03-08");
      add(page, "Bo Backup");
      add(page, "Ada Admin");
      add(page, "Cy Cole");
      assertThat(people(page)).hasText(new String[] {"Bo Backup", "Ada Admin", "Cy Cole"});
      assertThat(form.locator("input[name=name]")).hasValue("payments primary");
      assertThat(form.locator("select[name=zone]")).hasValue("America/New_York");

      button(page, "Move Cy Cole up").click();
      assertThat(people(page)).hasText(new String[] {"Bo Backup", "Cy Cole", "Ada Admin"});
      Locator rows = page.locator("#handoffs tbody tr");
      assertThat(rows).hasCount(6);
      assertThat(rows.nth(0)).containsText("Bo Backup");
      assertThat(rows.nth(0)).containsText("Fri 8 Mar 2030, 15:00 CET");
      assertThat(rows.nth(0)).containsText("Fri 8 Mar 2030, 09:00 EST");
      assertThat(rows.nth(1)).containsText("Cy Cole");
      assertThat(rows.nth(2)).containsText("Ada Admin");
      assertThat(rows.nth(2)).containsText("Sun 10 Mar 2030, 14:00 CET");
      assertThat(rows.nth(2)).containsText("Sun 10 Mar 2030, 09:00 EDT");
      assertThat(rows.nth(3)).containsText("Bo Backup");
      assertThat(rows.nth(3)).containsText("Mon 11 Mar 2030, 14:00 CET");

      button(page, "Remove Ada Admin").click();
      assertThat(people(page)).hasText(new String[] {"Bo Backup", "Cy Cole"});
      page.locator("#create-rotation").click();
      assertThat(page.locator("h1")).hasText("payments primary");
      Rotation created = t.hush().oncall().rotations().getFirst();
      assertThat(created.zone().getId()).isEqualTo("America/New_York");
      assertThat(created.orders().getLast().userIds()).containsExactly(bo.id(), cy.id());
    }
  }

  @Test
  void withJavaScriptThePreviewFollowsTheZonePickerTheButtonsAndDragging() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); BrowserContext context = chromium.browser().newContext(); Page page = context.newPage()) {
      OncallTeam team = OncallTeam.create(t);
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/oncall");
      Locator form = page.locator("#new-rotation");
      assertThat(page.locator(".update-preview")).isHidden();
      form.locator("input[name=name]").fill("search");
      form.locator("select[name=kind]").selectOption("weekly");
      form.locator("select[name=handoff_day]").selectOption("sunday");
      form.locator("input[name=start_date]").fill("2030-10-20");
      form.locator("select[name=zone]").selectOption("America/New_York");
      add(page, "Ada Admin");
      add(page, "Bo Backup");
      add(page, "Cy Cole");
      assertThat(page).hasURL(t.baseUrl() + "/oncall");
      Locator rows = page.locator("#handoffs tbody tr");
      assertThat(rows.nth(0)).containsText("Ada Admin");
      assertThat(rows.nth(0)).containsText("Sun 20 Oct 2030, 09:00 EDT");
      assertThat(rows.nth(0)).containsText("Sun 20 Oct 2030, 15:00 CEST");
      // Berlin leaves summer time on 27 October, New York on 3 November: the hand-off stays at 09:00 in New York.
      assertThat(rows.nth(1)).containsText("Sun 27 Oct 2030, 14:00 CET");
      assertThat(rows.nth(3)).containsText("Sun 10 Nov 2030, 15:00 CET");
      assertThat(rows.nth(3)).containsText("Sun 10 Nov 2030, 09:00 EST");

      button(page, "Move Bo Backup up").click();
      assertThat(people(page)).hasText(new String[] {"Bo Backup", "Ada Admin", "Cy Cole"});
      assertThat(rows.nth(0)).containsText("Bo Backup");
      assertThat(button(page, "Move Bo Backup up")).isDisabled();

      page.locator("#new-rotation .turn-order-person").nth(2).dragTo(page.locator("#new-rotation .turn-order-person").nth(0));
      assertThat(people(page)).hasText(new String[] {"Cy Cole", "Bo Backup", "Ada Admin"});
      assertThat(rows.nth(0)).containsText("Cy Cole");

      form.locator("select[name=zone]").selectOption("Asia/Kolkata");
      assertThat(page.locator("#handoffs thead")).containsText("Rotation's time (Asia/Kolkata)");
      assertThat(rows.nth(0)).containsText("Sun 20 Oct 2030, 09:00 IST");
      assertThat(rows.nth(0)).containsText("Sun 20 Oct 2030, 05:30 CEST");

      page.locator("#create-rotation").click();
      assertThat(page.locator("h1")).hasText("search");
      assertThat(t.hush().oncall().rotations().getFirst().orders().getLast().userIds())
          .containsExactly(team.cy().id(), team.bo().id(), t.admin().id());
    }
  }

  @Test
  void onTheScheduleUpAndDownChangeWhoTakesOverAtTheNextHandoffs() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE);
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false));
        Page page = context.newPage()) {
      OncallTeam team = OncallTeam.create(t);
      User bo = team.bo();
      User cy = team.cy();
      var oncall = t.hush().oncall();
      Rotation rotation = oncall.createRotation(t.team(), "primary", "UTC", ShiftKind.DAILY, 1, LocalTime.of(9, 0), null,
          LocalDate.now().minusDays(10), List.of(t.admin().id(), bo.id(), cy.id()));
      var schedule = OncallTeam.scheduleOf(t, "Primary", rotation, null);
      java.time.Instant inTwoDays = java.time.Instant.now().plus(java.time.Duration.ofDays(2));
      List<Long> before = oncall.onCallAt(schedule.id(), inTwoDays);

      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/oncall/schedules/" + schedule.id());
      Locator order = page.locator("#turn-order-" + rotation.id());
      assertThat(order.locator(".who")).hasText(new String[] {"Ada Admin", "Bo Backup", "Cy Cole"});
      order.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Move Ada Admin down")).click();
      order = page.locator("#turn-order-" + rotation.id());
      assertThat(order.locator(".who")).hasText(new String[] {"Bo Backup", "Ada Admin", "Cy Cole"});
      assertThat(order).containsText("Not saved yet.");
      order.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Move Cy Cole up")).click();
      order = page.locator("#turn-order-" + rotation.id());
      assertThat(order.locator(".who")).hasText(new String[] {"Bo Backup", "Cy Cole", "Ada Admin"});
      assertThat(oncall.rotation(rotation.id()).orders()).as("nothing saved before Save").hasSize(1);
      order.locator(".save-order").click();

      assertThat(page.locator("#turn-order-" + rotation.id() + " .who")).hasText(new String[] {"Bo Backup", "Cy Cole", "Ada Admin"});
      assertThat(oncall.rotation(rotation.id()).orders().getLast().userIds()).containsExactly(bo.id(), cy.id(), t.admin().id());
      assertThat(oncall.onCallAt(schedule.id(), inTwoDays)).as("the hand-off order changed").isNotEqualTo(before);
    }
  }

  @Test
  void theRotationFormAndThePolicyEditorFitAPhoneInDarkMode() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE);
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(390, 800)
            .setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK));
        Page page = context.newPage()) {
      t.person("bo@hush.test", "Bo Backup-Longname-Whichwraps", "long-enough-pw", false, "UTC", null);
      long service = t.hush().services().create("checkout", "", t.team(), null, false).id();
      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/oncall");
      page.locator("#new-rotation select[name=zone]").selectOption("America/Argentina/Buenos_Aires");
      add(page, "Ada Admin");
      add(page, "Bo Backup-Longname-Whichwraps");
      assertThat(page.locator("#handoffs tbody tr")).hasCount(6);
      assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).as("the rotation form").isLessThanOrEqualTo(390);
      page.navigate(t.baseUrl() + "/services/" + service + "/escalation");
      page.locator("#add-step").click();
      assertThat(page.locator("#policy-steps > li")).hasCount(2);
      assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).as("the policy editor").isLessThanOrEqualTo(390);
      assertThat((String) page.evaluate("getComputedStyle(document.body).backgroundColor")).as("dark").isEqualTo("rgb(21, 23, 25)");
    }
  }

  @Test
  void anotherTeamsManagerGetsNeitherThePreviewNorTheTurnOrder() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE)) {
      var oncall = t.hush().oncall();
      Rotation rotation = oncall.createRotation(t.team(), "primary", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
          LocalDate.now(), List.of(t.admin().id()));
      var schedule = OncallTeam.scheduleOf(t, "Primary", rotation, null);
      User other = t.hush().people().createUser("other@x.io", "Other Manager", "long-enough-pw", false, "UTC", null);
      t.hush().people().addMember(t.hush().people().createTeam("Other team", null).id(), other.id(), TeamRole.MANAGER, null);
      String token = t.tokenOf(other);
      assertThat(form(t, token, "/oncall/rotations/preview", "team_id=" + t.team() + "&zone=UTC&user_ids=" + t.admin().id()).statusCode())
          .isEqualTo(404);
      assertThat(form(t, token, "/oncall/schedules/" + schedule.id() + "/turn-order", "rotation_id=" + rotation.id() + "&action=save&user_ids="
          + other.id()).statusCode()).isEqualTo(404);
      assertThat(oncall.rotation(rotation.id()).orders()).hasSize(1);
    }
  }

  private static java.net.http.HttpResponse<String> form(TestHush t, String token, String path, String body) {
    return t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
  }
}
