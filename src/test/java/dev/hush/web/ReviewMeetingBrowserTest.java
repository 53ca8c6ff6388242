package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.User;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A whole weekly review in a browser: the review opens with last week's on-call as facilitator, the
 * agenda shows the week's incidents and log entries, the section timer runs, an action item is made
 * inline with an owner and a mentor, closing waits for the overdue P1 to be acknowledged, and the
 * minutes are saved and exported.
 */
class ReviewMeetingBrowserTest {

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void aWholeMeeting() throws Exception {
    ManualClock clock = new ManualClock(at("2026-11-03T02:00:00Z"));
    try (Playwright playwright = Chromium.playwright();
        Browser browser = Chromium.launch(playwright);
        TestHush t = TestHush.startWithClock(StoreKind.SQLITE, clock)) {
      User dev = t.person("dev@x.io", "Devi Patel", "long-enough-pw", false, "Asia/Kolkata", null);
      // Devi's turn is the week of 26 Oct, the admin's the week of 2 Nov: the admin facilitates the review of 2-9 Nov.
      var rotation = t.hush().oncall().createRotation(t.team(), "weekly", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
          LocalDate.parse("2026-10-26"), List.of(dev.id(), t.admin().id()));
      var schedule = t.hush().oncall().createSchedule(t.team(), "primary");
      t.hush().oncall().addLayer(schedule.id(), rotation.id(), 1, null);
      String key = t.serviceWithKey("checkout");
      long paged = t.trigger(key, "disk", "Disk 95% full on db-1");
      t.apiJson("PUT", "/api/v1/incidents/" + paged + "/log", "{\"action\":\"restarted\",\"verdict\":\"actionable\",\"note\":\"cleared old WAL\"}");
      t.apiJson("POST", "/api/v1/action-items", "{\"team_id\":" + t.team() + ",\"title\":\"Grow the db-1 disk\",\"owner_id\":" + dev.id()
          + ",\"priority\":\"P1\",\"due\":\"2026-11-05\"}");
      clock.set(at("2026-11-05T15:00:00Z"));
      t.trigger(key, "latency", "p99 above 800 ms on checkout");
      clock.set(at("2026-11-10T10:00:00Z"));

      Page page = browser.newContext().newPage();
      page.navigate(t.baseUrl() + "/login");
      page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
      page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
      page.getByLabel("Password").press("Enter");
      page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Reviews")).click();
      page.getByText("Test team").click();
      page.locator("#prepare-review").click();

      assertThat(page.locator("#facilitator")).hasText("Ada Admin");
      page.locator("#start-meeting").click();

      Locator incidents = page.locator("section#incidents");
      assertThat(incidents).isVisible();
      assertThat(page.locator("section#dashboards")).isHidden();
      assertThat(incidents).containsText("Disk 95% full on db-1");
      assertThat(incidents).containsText("cleared old WAL");
      assertThat(incidents.locator("li.unlogged")).containsText("no log entry");
      assertThat(incidents).containsText("sleep hours");

      incidents.locator(".start-section").click();
      Locator countdown = page.locator("section#incidents .countdown");
      assertThat(countdown).hasText(Pattern.compile("^(10:00|9:5\\d)$"));
      String first = countdown.textContent();
      page.waitForTimeout(2_200);
      org.assertj.core.api.Assertions.assertThat(countdown.textContent()).as("the timer runs").isNotEqualTo(first);

      // An action item from the disk incident, in one step, with a mentor.
      Locator diskLine = page.locator("section#incidents li", new Page.LocatorOptions().setHasText("cleared old WAL"));
      diskLine.locator("summary").click();
      Locator form = diskLine.locator("form.item-form");
      form.locator("[name=title]").fill("Alert on disk growth instead of 95%");
      form.locator("[name=owner_id]").selectOption(String.valueOf(dev.id()));
      form.locator("[name=mentor_id]").selectOption(String.valueOf(t.admin().id()));
      form.getByText("Create").click();
      assertThat(page).hasURL(Pattern.compile("/meeting#incidents$"));

      // Keyboard: next section three times, to the action items.
      page.locator("body").press("?");
      assertThat(page.locator("dialog#shortcuts")).isVisible();
      page.keyboard().press("Escape");
      for (String section : List.of("dashboards", "new-work", "action-items")) {
        page.locator("body").press("n");
        assertThat(page.locator("section#" + section)).isVisible();
      }
      Locator actions = page.locator("section#action-items");
      assertThat(actions).containsText("Alert on disk growth instead of 95%");
      assertThat(actions).containsText("with mentor Ada Admin");
      assertThat(actions).containsText("Grow the db-1 disk");
      assertThat(page.locator("#close-review")).isDisabled();
      assertThat(page.locator("#close-blocked")).containsText("1 overdue P1");

      actions.locator("[name=note]").fill("the disk order is stuck in procurement");
      actions.getByText("Acknowledge as facilitator").click();
      assertThat(page.locator("#close-review")).isEnabled();
      page.locator("#close-review").click();

      assertThat(page.locator("main")).containsText("Closed");
      String minutesPage = page.url();
      Download download = page.waitForDownload(() -> page.getByText("Minutes (Markdown)").click());
      String minutes = Files.readString(download.path());
      org.assertj.core.api.Assertions.assertThat(minutes).contains("Facilitator: Ada Admin", "Disk 95% full on db-1",
          "Alert on disk growth instead of 95%", "mentor Ada Admin", "acknowledged by Ada Admin", "the disk order is stuck in procurement");

      // Two-way links: the incident lists the item made from it; the item lists the review it was made in.
      page.navigate(t.baseUrl() + "/incidents/" + paged);
      assertThat(page.locator("#incident-items")).containsText("Alert on disk growth instead of 95%");
      page.locator("#incident-items a").first().click();
      assertThat(page.locator("#item-reviews")).containsText("created");

      // The meeting fits a phone.
      page.navigate(minutesPage + "/meeting");
      page.setViewportSize(390, 844);
      Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
      org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue()).as("horizontal overflow").isLessThanOrEqualTo(0);
    }
  }
}
