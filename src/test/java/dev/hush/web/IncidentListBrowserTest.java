package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Clock;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.SettableClock;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.notify.ChannelKind;
import dev.hush.incidents.IncidentStatus;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The incident list at 2 AM: act from the list, what needs a person first, times as people say them, live counts, the keyboard. */
class IncidentListBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  /** The admin's zone (TestHush creates Ada in Berlin): the list shows times in it. */
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final LocatorAssertions.ContainsTextOptions LIVE = new LocatorAssertions.ContainsTextOptions().setTimeout(15_000);

  private static long trigger(TestHush t, String key, String dedup, String summary, String severity) {
    HttpResponse<String> r = t.postJson("/v2/enqueue", """
        {"routing_key":"%s","event_action":"trigger","dedup_key":"%s","payload":{"summary":"%s","source":"s","severity":"%s"}}"""
        .formatted(key, dedup, summary, severity));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return t.incidents().getFirst().id();
  }

  private static Locator row(Page page, long id) {
    return page.locator("#rows tr[data-incident='" + id + "']");
  }

  @Test
  void anIncidentIsAcknowledgedAndResolvedFromItsRow() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      long id = trigger(t, t.serviceWithKey("checkout"), "a", "Checkout 5xx", "critical");
      AlertContentBrowserTest.signIn(page, t);

      row(page, id).getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Ack")).click();
      assertThat(page.locator("#outcome")).hasText("1 acknowledged.");
      assertThat(row(page, id).locator(".badge")).hasText("acknowledged");
      assertThat(row(page, id).locator("td.who")).hasText("Ada Admin");
      assertThat(page).hasURL(Pattern.compile(".*/incidents$"));
      assertThat(t.hush().incidents().require(id).status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);

      row(page, id).locator("button[data-act=resolve]").click();
      assertThat(page.locator("#outcome")).hasText("1 resolved.");
      assertThat(row(page, id)).hasCount(0);
      assertThat(t.hush().incidents().require(id).status()).isEqualTo(IncidentStatus.RESOLVED);
    }
  }

  @Test
  void severalAreAcknowledgedThenResolvedAtOnceExceptThoseThatNeedTheLogFirst() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      String checkout = t.serviceWithKey("checkout");
      long payments = t.hush().services().create("payments", "", t.team(), null, true).id();
      String paymentsKey = t.hush().services().createKey(payments, "test").secret();
      long a = trigger(t, checkout, "a", "Checkout 5xx", "critical");
      long b = trigger(t, checkout, "b", "Checkout slow", "warning");
      long c = trigger(t, checkout, "c", "Checkout queue", "error");
      long d = trigger(t, paymentsKey, "d", "Card auth failing", "critical");
      AlertContentBrowserTest.signIn(page, t);

      assertThat(page.locator("#bulk-ack")).isDisabled();
      for (long id : List.of(a, b, c, d)) {
        row(page, id).locator("input[type=checkbox]").check();
      }
      assertThat(page.locator("#selected-count")).hasText("4 selected");
      page.locator("#bulk-ack").click();
      assertThat(page.locator("#outcome")).hasText("4 acknowledged.");
      assertThat(page.locator("#rows .badge.acknowledged")).hasCount(4);
      // The selection is spent.
      assertThat(page.locator("#rows input[type=checkbox]:checked")).hasCount(0);

      for (long id : List.of(a, b, c, d)) {
        row(page, id).locator("input[type=checkbox]").check();
      }
      page.locator("#bulk-resolve").click();
      assertThat(page.locator("#outcome")).containsText("3 resolved; 1 needs an on-call log before it can be resolved.");
      assertThat(page.locator("#rows tr[data-incident]")).hasCount(1);
      assertThat(row(page, d)).containsText("Card auth failing");
      assertThat(t.hush().incidents().require(d).status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);

      page.locator("#outcome a[data-needs-log='" + d + "']").click();
      assertThat(page).hasURL(Pattern.compile(".*/incidents/" + d + "\\?resolve=needs-log#log-form"));
      assertThat(page.locator("#log-form")).isVisible();
    }
  }

  @Test
  void withoutJavaScriptTheSameFormsActAndSayWhatHappened() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE);
        var context = chromium.browser().newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false));
        Page page = context.newPage()) {
      String checkout = t.serviceWithKey("checkout");
      long payments = t.hush().services().create("payments", "", t.team(), null, true).id();
      long a = trigger(t, checkout, "a", "Checkout 5xx", "critical");
      long d = trigger(t, t.hush().services().createKey(payments, "test").secret(), "d", "Card auth failing", "critical");
      AlertContentBrowserTest.signIn(page, t);

      row(page, a).locator("input[type=checkbox]").check();
      row(page, d).locator("input[type=checkbox]").check();
      page.locator("#bulk-resolve").click();
      assertThat(page.locator("#outcome")).containsText("1 resolved; 1 needs an on-call log before it can be resolved.");
      assertThat(page.locator("#outcome a[data-needs-log='" + d + "']")).hasText("Card auth failing");
      assertThat(t.hush().incidents().require(a).status()).isEqualTo(IncidentStatus.RESOLVED);

      row(page, d).locator("button[data-act=acknowledge]").click();
      assertThat(page.locator("#outcome")).hasText("1 acknowledged.");
      assertThat(t.hush().incidents().require(d).status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    }
  }

  @Test
  void unacknowledgedComeFirstThenTheMostSevereThenTheNewestAndTheFilterStillWorks() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      String key = t.serviceWithKey("checkout");
      long warning = trigger(t, key, "w", "Disk 80%", "warning");
      long ackedCritical = trigger(t, key, "ac", "DB down", "critical");
      long info = trigger(t, key, "i", "Cert renews soon", "info");
      long olderCritical = trigger(t, key, "c1", "Checkout 5xx", "critical");
      long error = trigger(t, key, "e", "Queue backing up", "error");
      long newerCritical = trigger(t, key, "c2", "Payments 5xx", "critical");
      t.apiJson("POST", "/api/v1/incidents/" + ackedCritical + "/ack", null);
      AlertContentBrowserTest.signIn(page, t);

      assertThat(page.locator("#rows tr[data-incident]")).hasCount(6);
      List<String> order = page.locator("#rows tr[data-incident]").all().stream().map(r -> r.getAttribute("data-incident")).toList();
      assertThat(order).containsExactly(String.valueOf(newerCritical), String.valueOf(olderCritical), String.valueOf(error),
          String.valueOf(warning), String.valueOf(info), String.valueOf(ackedCritical));

      page.locator("select[name=status]").selectOption("acknowledged");
      page.locator(".filters button[type=submit]").click();
      assertThat(page).hasURL(Pattern.compile(".*status=acknowledged.*"));
      assertThat(page.locator("#rows tr[data-incident]")).hasCount(1);
      assertThat(row(page, ackedCritical)).containsText("DB down");
    }
  }

  @Test
  void timesReadAsAgoWithTheExactTimeInMyZoneOnHoverAndKeepUp() {
    long now = System.currentTimeMillis();
    // Noon yesterday in Berlin is always at least 12 hours ago, and always yesterday.
    ZonedDateTime yesterdayNoon = LocalDate.now(BERLIN).minusDays(1).atTime(12, 0).atZone(BERLIN);
    SettableClock clock = new SettableClock(yesterdayNoon.toInstant());
    try (TestHush t = TestHush.startWithClock(StoreKind.SQLITE, clock); BrowserContext context = chromium.browser().newContext()) {
      String key = t.serviceWithKey("checkout");
      long yesterday = trigger(t, key, "y", "Nightly backup failed", "error");
      clock.set(now - (2 * 60 + 10) * 60_000L);
      long twoHours = trigger(t, key, "h", "Disk 90%", "warning");
      clock.set(now - 4 * 60_000L - 10_000);
      long fourMinutes = trigger(t, key, "m", "Checkout 5xx", "critical");
      clock.set(System.currentTimeMillis());
      context.clock().install(new Clock.InstallOptions().setTime(System.currentTimeMillis()));
      Page page = context.newPage();
      AlertContentBrowserTest.signIn(page, t);

      assertThat(row(page, fourMinutes).locator("time")).hasText("4 min ago");
      assertThat(row(page, twoHours).locator("time")).hasText("2 h ago");
      assertThat(row(page, yesterday).locator("time")).hasText("yesterday 12:00");
      String exact = DateTimeFormatter.ofPattern("EEE d MMM HH:mm:ss").format(yesterdayNoon);
      assertThat(row(page, yesterday).locator("time")).hasAttribute("title", exact + " (Europe/Berlin)");
      assertThat(row(page, yesterday).locator("time")).hasAttribute("datetime", yesterdayNoon.toInstant().toString());
      long opened = t.hush().incidents().require(fourMinutes).openedAt();
      assertThat(row(page, fourMinutes).locator("time")).hasAttribute("title",
          DateTimeFormatter.ofPattern("EEE d MMM HH:mm:ss").format(Instant.ofEpochMilli(opened).atZone(BERLIN)) + " (Europe/Berlin)");

      // An hour later in the browser, without a reload.
      page.clock().fastForward(60 * 60_000L);
      assertThat(row(page, fourMinutes).locator("time")).hasText("1 h ago");
      assertThat(row(page, twoHours).locator("time")).hasText("3 h ago");
    }
  }

  @Test
  void anAlertSentWhileTheListIsOpenAppearsAndTheTabTitleCountsIt() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      String key = t.serviceWithKey("checkout");
      AlertContentBrowserTest.signIn(page, t);
      assertThat(page).hasTitle("Incidents · Hush");
      assertThat(page.locator("#open-counts")).containsText("0 triggered");

      trigger(t, key, "a", "Checkout 5xx", "critical");
      assertThat(page.locator("#rows")).containsText("Checkout 5xx", LIVE);
      assertThat(page).hasTitle("(1) Incidents · Hush", new PageAssertions.HasTitleOptions().setTimeout(15_000));
      assertThat(page.locator("#open-counts")).containsText("1 triggered", LIVE);

      page.navigate(t.baseUrl() + "/me/week");
      assertThat(page.locator("#open-counts")).containsText("1 triggered");
      assertThat(page).hasTitle("(1) My week · Hush");
      long second = trigger(t, key, "b", "Payments 5xx", "critical");
      assertThat(page).hasTitle("(2) My week · Hush", new PageAssertions.HasTitleOptions().setTimeout(15_000));
      assertThat(page.locator("#open-counts")).containsText("2 triggered", LIVE);
      t.apiJson("POST", "/api/v1/incidents/" + second + "/ack", null);
      assertThat(page).hasTitle("(1) My week · Hush", new PageAssertions.HasTitleOptions().setTimeout(15_000));
      assertThat(page.locator("#open-counts")).containsText("1 acknowledged", LIVE);
    }
  }

  @Test
  void theKeyboardMovesSelectsAcknowledgesResolvesAndOpensWithHelpOnQuestionMark() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      String key = t.serviceWithKey("checkout");
      long third = trigger(t, key, "c", "Queue backing up", "critical");
      long second = trigger(t, key, "b", "Checkout slow", "critical");
      long first = trigger(t, key, "a", "Checkout 5xx", "critical");
      AlertContentBrowserTest.signIn(page, t);
      var keyboard = page.keyboard();

      keyboard.press("j");
      assertThat(row(page, first)).hasClass(Pattern.compile("cursor"));
      keyboard.press("j");
      keyboard.press("j");
      assertThat(row(page, third)).hasClass(Pattern.compile("cursor"));
      keyboard.press("k");
      assertThat(row(page, second)).hasClass(Pattern.compile("cursor"));
      assertThat(row(page, third)).not().hasClass(Pattern.compile("cursor"));

      // Typing in a field acts on nothing.
      page.locator("input[name=since]").press("a");
      page.locator("input[name=since]").press("x");
      assertThat(page.locator("#rows input[type=checkbox]:checked")).hasCount(0);
      page.locator("input[name=since]").blur();

      keyboard.press("x");
      keyboard.press("k");
      keyboard.press("x");
      assertThat(row(page, first).locator("input[type=checkbox]")).isChecked();
      assertThat(row(page, second).locator("input[type=checkbox]")).isChecked();
      assertThat(page.locator("#selected-count")).hasText("2 selected");
      keyboard.press("a");
      assertThat(page.locator("#outcome")).hasText("2 acknowledged.");
      assertThat(row(page, first).locator(".badge")).hasText("acknowledged");
      assertThat(row(page, third).locator(".badge")).hasText("triggered");

      keyboard.press("j");
      assertThat(row(page, second)).hasClass(Pattern.compile("cursor"));
      keyboard.press("r");
      assertThat(page.locator("#outcome")).hasText("1 resolved.");
      assertThat(t.hush().incidents().require(second).status()).isEqualTo(IncidentStatus.RESOLVED);

      keyboard.press("?");
      assertThat(page.locator("#shortcuts-help")).isVisible();
      assertThat(page.locator("#shortcuts-help")).containsText("acknowledge");
      keyboard.press("j");
      // Keys wait while the help is open.
      assertThat(page.locator("#shortcuts-help")).isVisible();
      assertThat(page.locator("#rows tr.cursor")).hasCount(0);
      keyboard.press("Escape");
      assertThat(page.locator("#shortcuts-help")).isHidden();

      page.locator("#rows tr[data-incident]").first().waitFor();
      keyboard.press("j");
      keyboard.press("Enter");
      assertThat(page).hasURL(Pattern.compile(".*/incidents/\\d+$"));
      assertThat(page.locator("#status")).isVisible();
    }
  }
  @Test
  void whenITurnItOnTheBrowserTellsMeOfANewIncidentThatPagesMeAndOfNoOther() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext()) {
      String quiet = t.serviceWithKey("reports");
      String paging = t.serviceWithKey("payments");
      t.hush().escalation().savePolicyOfService(t.hush().services().byName("payments").orElseThrow().id(), "payments", 0,
          List.of(EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.USER, t.admin().id())));
      t.hush().notifications().addContactMethod(t.admin().id(), ChannelKind.EMAIL, "work", "ada@hush.test", "");
      context.grantPermissions(List.of("notifications"));
      // Headless Chromium shows no desktop notifications: record what the page asks to show instead.
      context.addInitScript("""
          window.shown = [];
          window.Notification = function (title, options) { window.shown.push(title + ": " + options.body); };
          window.Notification.permission = "granted";
          window.Notification.requestPermission = function () { return Promise.resolve("granted"); };""");
      Page page = context.newPage();
      AlertContentBrowserTest.signIn(page, t);
      assertThat(page.locator("#notify-me")).isVisible();
      assertThat(page.locator("#notify-me")).not().isChecked();

      trigger(t, paging, "p1", "Card auth failing", "critical");
      assertThat(page.locator("#open-counts")).containsText("1 triggered", LIVE);
      assertThat(page.evaluate("window.shown.length")).as("off by default").isEqualTo(0);

      page.locator("#notify-me").check();
      page.reload();
      assertThat(page.locator("#notify-me")).isChecked();
      trigger(t, quiet, "q1", "Report late", "warning");
      assertThat(page.locator("#open-counts")).containsText("2 triggered", LIVE);
      assertThat(page.evaluate("window.shown.length")).as("an incident that pages nobody").isEqualTo(0);

      trigger(t, paging, "p2", "Payments 5xx", "critical");
      assertThat(page.locator("#open-counts")).containsText("3 triggered", LIVE);
      page.waitForCondition(() -> ((Number) page.evaluate("window.shown.length")).intValue() == 1);
      assertThat(page.evaluate("window.shown[0]")).isEqualTo("Hush: you are paged: Payments 5xx");
    }
  }
  @Test
  void theListWithItsButtonsFitsAPhoneInDarkMode() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE);
        var context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
            .setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK));
        Page page = context.newPage()) {
      String key = t.serviceWithKey("checkout");
      long id = trigger(t, key, "a", "A rather long alert summary that would overflow a narrow screen if the layout were careless", "critical");
      AlertContentBrowserTest.signIn(page, t);
      assertThat(row(page, id).locator("button[data-act=acknowledge]")).isVisible();
      assertThat(row(page, id).locator("input[type=checkbox]")).isVisible();
      assertThat(page.locator("#bulk-resolve")).isVisible();
      Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
      assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
      Object brightness = page.evaluate("getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3)"
          + ".reduce((sum, c) => sum + Number(c), 0)");
      assertThat(((Number) brightness).intValue()).as("a dark background").isLessThan(200);
      Object text = page.evaluate("getComputedStyle(document.querySelector('#rows td.title a')).color.match(/\\d+/g).slice(0, 3)"
          + ".reduce((sum, c) => sum + Number(c), 0)");
      assertThat(((Number) text).intValue()).as("light links on it").isGreaterThan(400);
      row(page, id).locator("button[data-act=acknowledge]").click();
      assertThat(page.locator("#outcome")).hasText("1 acknowledged.");
    }
  }
}
