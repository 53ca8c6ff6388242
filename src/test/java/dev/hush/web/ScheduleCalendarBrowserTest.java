package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.oncall.Override;
import dev.hush.oncall.Restriction;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.User;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The schedule's calendar, without JavaScript: a week and a month of days with who is on call,
 * the gaps (only from the rotation's first shift on), and an override made by clicking a shift.
 */
class ScheduleCalendarBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  private static Locator day(Page page, String date) {
    return page.locator("#calendar li.day[data-date='" + date + "'] li.bar");
  }

  @Test
  void theWeekShowsShiftsAndGapsFromTheFirstShiftOnAndAClickedShiftBecomesAnOverride() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE);
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false));
        Page page = context.newPage()) {
      OncallTeam team = OncallTeam.create(t);
      User bo = team.bo();
      User cy = team.cy();
      var oncall = t.hush().oncall();
      // Business hours in UTC from Wednesday 9 January 2030; the viewer (Ada) reads Berlin time, an hour later.
      var rotation = oncall.createRotation(t.team(), "daytime", "UTC", ShiftKind.DAILY, 1, LocalTime.of(9, 0), null,
          LocalDate.of(2030, 1, 9), List.of(t.admin().id(), bo.id()));
      var schedule = OncallTeam.scheduleOf(t, "Daytime", rotation, Restriction.businessHours());

      AlertContentBrowserTest.signIn(page, t);
      page.navigate(t.baseUrl() + "/oncall/schedules/" + schedule.id() + "?view=week&date=2030-01-09");
      assertThat(page.locator("#calendar-title")).hasText("Week of 7 Jan 2030");
      assertThat(page.locator("#calendar-zones")).containsText("Times in Europe/Berlin (your zone). daytime hands off at 09:00 UTC.");
      assertThat(page.locator("#calendar li.day")).hasCount(7);
      assertThat(day(page, "2030-01-07")).hasText(new String[] {"00:00–24:00 not started yet"});
      assertThat(page.locator("#calendar li.day[data-date='2030-01-07'] .gap")).hasCount(0);
      assertThat(day(page, "2030-01-09")).hasText(new String[] {"00:00–10:00 not started yet", "10:00–18:00 Ada Admin", "18:00–24:00 nobody on call"});
      assertThat(day(page, "2030-01-10")).hasText(new String[] {"00:00–10:00 nobody on call", "10:00–18:00 Bo Backup", "18:00–24:00 nobody on call"});
      assertThat(day(page, "2030-01-12")).hasText(new String[] {"00:00–24:00 nobody on call"});
      assertThat(page.locator("#calendar li.day[data-date='2030-01-12'] .bar.gap")).hasCount(1);

      day(page, "2030-01-10").nth(1).locator("a").click();
      assertThat(page.locator("#override-picked")).isVisible();
      Locator form = page.locator("#new-override");
      assertThat(form.locator("input[name=start]")).hasValue("2030-01-10T10:00");
      assertThat(form.locator("input[name=end]")).hasValue("2030-01-10T18:00");
      form.locator("select[name=user_id]").selectOption(new SelectOption().setLabel("Cy Cole"));
      form.locator("input[name=note]").fill("Bo at the dentist");
      page.locator("#add-override").click();

      assertThat(page.locator("#calendar-title")).hasText("Week of 7 Jan 2030");
      assertThat(day(page, "2030-01-10").nth(1)).hasText("10:00–18:00 Cy Cole override");
      assertThat(page.locator("#calendar li.day[data-date='2030-01-10'] .bar.override")).hasCount(1);
      List<Override> made = oncall.overrides(schedule.id(), 0, Long.MAX_VALUE / 2);
      assertThat(made).singleElement().satisfies(o -> {
        assertThat(o.userId()).isEqualTo(cy.id());
        assertThat(o.start()).isEqualTo(Instant.parse("2030-01-10T09:00:00Z").toEpochMilli());
        assertThat(o.end()).isEqualTo(Instant.parse("2030-01-10T17:00:00Z").toEpochMilli());
      });

      page.locator("#calendar-next").click();
      assertThat(page.locator("#calendar-title")).hasText("Week of 14 Jan 2030");
      assertThat(day(page, "2030-01-14")).hasText(new String[] {"00:00–10:00 nobody on call", "10:00–18:00 Bo Backup", "18:00–24:00 nobody on call"});

      page.getByText("Month", new Page.GetByTextOptions().setExact(true)).click();
      assertThat(page.locator("#calendar-title")).hasText("January 2030");
      // Monday 31 December to Sunday 3 February
      assertThat(page.locator("#calendar li.day")).hasCount(35);
      assertThat(page.locator("#calendar li.day.outside")).hasCount(4);
      assertThat(page.locator("#calendar li.day[data-date='2030-01-10']")).containsText("Cy Cole");
      page.locator("#calendar-previous").click();
      assertThat(page.locator("#calendar-title")).hasText("December 2029");
      assertThat(page.locator("#calendar .bar.gap")).hasCount(0);
      assertThat(page.locator("#calendar .bar.shift")).hasCount(0);

      page.setViewportSize(390, 800);
      page.navigate(t.baseUrl() + "/oncall/schedules/" + schedule.id() + "?view=month&date=2030-01-09");
      assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).as("no sideways scrolling on a phone").isLessThanOrEqualTo(390);
    }
  }

  @Test
  void aBadViewOrDateIsRefusedNamingTheField() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE)) {
      var schedule = t.hush().oncall().createSchedule(t.team(), "Empty");
      var view = t.api("GET", "/oncall/schedules/" + schedule.id() + "?view=year", null);
      assertThat(view.statusCode()).isEqualTo(400);
      assertThat(view.body()).contains("view must be 'week' or 'month'");
      var date = t.api("GET", "/oncall/schedules/" + schedule.id() + "?date=tomorrow", null);
      assertThat(date.statusCode()).isEqualTo(400);
      assertThat(date.body()).contains("date must be a date like");
    }
  }
}
