package dev.hush.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.LoadState;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.cli.demo.DemoYear;
import dev.hush.cli.demo.MailSink;
import dev.hush.core.Json;
import dev.hush.core.SettableClock;
import dev.hush.notify.NotifyService;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * axe-core (vendored under src/test/resources/axe) on every main page of a Hush holding a demo
 * quarter of on-call history, in the light theme and in the dark one, both as the system's and as
 * chosen with the header's switch. Any violation axe rates serious or critical fails, named by rule and element.
 */
class AccessibilityBrowserTest {
  @RegisterExtension
  static final SharedBrowser CHROMIUM = new SharedBrowser();

  /** A Thursday afternoon: the demo's history ends here. */
  private static final Instant END = Instant.parse("2026-11-26T15:00:00Z");
  private static final Path AXE = axe();
  private static final String ALL_RULES = "{}";
  /** axe's colour rules that WCAG 2.1 AA asks for (its "cat.color" also holds AAA's 7:1, which Hush does not aim at). */
  private static final String COLOUR_RULES = "{\"runOnly\": {\"type\": \"rule\", \"values\": [\"color-contrast\", \"link-in-text-block\"]}}";

  private static MailSink sink;
  private static TestHush t;
  private static List<String> pages;

  @BeforeAll
  static void aQuarterOfOnCall() throws Exception {
    SettableClock clock = new SettableClock(END);
    sink = new MailSink();
    t = TestHush.startWithClockAndDelivery(StoreKind.SQLITE, clock,
        new NotifyService.Settings("127.0.0.1", sink.port(), "hush@demo.test", "http://127.0.0.1:1", "+10000000000"));
    DemoYear.generate(t.hush(), clock, DemoYear.DEFAULT_SEED, END, DemoYear.MIN_WEEKS);
    // A week later: this week's review is open, and tonight's alerts are open incidents, one acknowledged.
    clock.set(END.plus(Duration.ofDays(7)).toEpochMilli());
    long team = t.count("SELECT MIN(id) FROM teams WHERE name <> :v", "Test team");
    long dana = t.hush().people().userByEmail(DemoYear.DEMO_EMAIL).orElseThrow().id();
    long review = t.hush().reviews().prepare(team, dana).id();
    String key = t.serviceWithKey("checkout");
    t.trigger(key, "disk", "Disk full on db-1");
    long acked = t.trigger(key, "latency", "Checkout p99 above 2 s");
    t.hush().incidents().acknowledge(acked, dana);

    long incident = t.count("SELECT MAX(incident_id) FROM oncall_log_entries WHERE action <> :v", "");
    long service = t.count("SELECT MIN(id) FROM services WHERE team_id = " + team + " AND name <> :v", "");
    long schedule = t.count("SELECT MIN(id) FROM schedules WHERE team_id = " + team + " AND name <> :v", "");
    long item = t.count("SELECT MIN(id) FROM action_items WHERE team_id = " + team + " AND title <> :v", "");
    long closedReview = t.count("SELECT MIN(id) FROM reviews WHERE team_id = " + team + " AND status <> :v", "open");
    pages = List.of("/incidents", "/incidents/" + incident, "/services", "/services/" + service, "/services/" + service + "/escalation",
        "/oncall", "/oncall/schedules/" + schedule, "/me/week", "/settings", "/settings/notifications", "/admin/people", "/teams",
        "/reviews", "/teams/" + team + "/reviews", "/reviews/" + closedReview, "/reviews/" + review, "/reviews/" + review + "/meeting",
        "/actions", "/actions/" + item, "/insights", "/teams/" + team + "/insights", "/teams/" + team + "/insights/pages",
        "/teams/" + team + "/insights/quiet", "/teams/" + team + "/insights/response", "/teams/" + team + "/insights/noise",
        "/teams/" + team + "/insights/interruptions", "/teams/" + team + "/insights/fairness", "/teams/" + team + "/insights/expertise",
        "/teams/" + team + "/prometheus", "/audit");
  }

  @AfterAll
  static void stop() throws Exception {
    if (t != null) {
      t.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  void everyPageInTheSystemsLightTheme() {
    assertThat(violations(ColorScheme.LIGHT, null, ALL_RULES)).isEmpty();
  }

  // A theme changes colours only: in the dark theme axe checks the rules about colour (contrast, links told apart from text).
  // (Light chosen on a dark system is the light palette again; ThemeBrowserTest checks that it wins over the system.)

  @Test
  void everyPageInTheSystemsDarkTheme() {
    assertThat(violations(ColorScheme.DARK, null, COLOUR_RULES)).isEmpty();
  }

  @Test
  void everyPageInTheDarkThemeChosenOnALightSystem() {
    assertThat(violations(ColorScheme.LIGHT, "Dark", COLOUR_RULES)).isEmpty();
  }

  /**
   * Signs in as the demo's manager, picks {@code choice} in the header (null: follows the system), and runs axe with
   * {@code rules} (its options object) on every page.
   */
  private static List<String> violations(ColorScheme system, String choice, String rules) {
    List<String> found = new ArrayList<>();
    try (BrowserContext context = CHROMIUM.browser().newContext(new Browser.NewContextOptions().setColorScheme(system)
        .setBypassCSP(true).setViewportSize(1280, 900))) {
      Page page = context.newPage();
      page.navigate(t.baseUrl() + "/login");
      found.addAll(check(page, "/login", rules));
      page.getByLabel("Email").fill(DemoYear.DEMO_EMAIL);
      page.getByLabel("Password").fill(DemoYear.DEMO_PASSWORD);
      page.getByLabel("Password").press("Enter");
      page.waitForURL("**/incidents");
      if (choice != null) {
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName(choice).setExact(true)).click();
        page.waitForFunction("document.documentElement.dataset.theme === '" + choice.toLowerCase() + "'");
      }
      for (String path : pages) {
        page.navigate(t.baseUrl() + path);
        assertThat(page.title()).as(path).doesNotContain("404").doesNotContain("403");
        found.addAll(check(page, path, rules));
      }
    }
    found.forEach(v -> System.out.println("axe " + system + (choice == null ? "" : " chosen " + choice) + " " + v));
    return found;
  }

  /** axe's serious and critical violations on the page as it stands, one line each: path, rule, impact, the elements. */
  private static List<String> check(Page page, String path, String rules) {
    page.waitForLoadState(LoadState.LOAD);
    // htmx loads some sections after the page (the on-call banner, the escalation editor); charts draw once scripts ran.
    page.waitForTimeout(400);
    page.addScriptTag(new Page.AddScriptTagOptions().setPath(AXE));
    String json = (String) page.evaluate("async (rules) => {"
        + " const r = await axe.run(document, Object.assign({ resultTypes: ['violations'] }, JSON.parse(rules)));"
        + " return JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
        + "   .map(v => ({ id: v.id, impact: v.impact, help: v.help,"
        + "     nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + (n.failureSummary ? ' [' + n.failureSummary.replace(/\\s+/g, ' ') + ']' : '')) })));"
        + "}", rules);
    List<String> lines = new ArrayList<>();
    for (JsonNode v : Json.parse(json)) {
      lines.add(path + ": " + v.get("id").asText() + " (" + v.get("impact").asText() + ", " + v.get("help").asText() + ") " + v.get("nodes"));
    }
    return lines;
  }

  private static Path axe() {
    try {
      return Path.of(AccessibilityBrowserTest.class.getResource("/axe/axe.min.js").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
