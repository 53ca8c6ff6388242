package dev.hush.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.LoadState;
import dev.hush.Hush;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.cli.demo.DemoYear;
import dev.hush.cli.demo.MailSink;
import dev.hush.core.SettableClock;
import dev.hush.incidents.Incident;
import dev.hush.notify.AckLinks;
import dev.hush.notify.NotifyService;
import dev.hush.services.Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every page of the UI on a 390 px phone, light and dark, on a generated quarter of on-call data
 * plus an alert with long labels and URLs: no page may be wider than the screen. The pages come
 * from the server's own route list, so a new page is checked as soon as it is registered. Main
 * pages are also saved as screenshots at desk and phone width, for people to look at.
 */
class PhoneWidthBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  private static final Instant END = Instant.parse("2026-11-26T15:00:00Z");
  private static final int PHONE = 390;
  private static final int DESK = 1400;
  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** GET routes outside the API that are not pages of their own, and why. */
  private static final Map<String, String> NOT_PAGES = Map.ofEntries(
      Map.entry("/", "redirects to /incidents"),
      Map.entry("/healthz", "JSON for load balancers"),
      Map.entry("/readyz", "JSON for load balancers"),
      Map.entry("/metrics", "Prometheus text"),
      Map.entry("/ical/{token}", "an iCal feed for calendar apps"),
      Map.entry("/reviews/{id}/minutes.md", "Markdown minutes for download"),
      Map.entry("/login/oidc/start", "redirects to the single sign-on provider"),
      Map.entry("/login/oidc/callback", "where the single sign-on provider sends the browser back"),
      Map.entry("/incidents/rows", "the htmx fragment of /incidents, checked inside it"),
      Map.entry("/oncall/banner", "the htmx fragment in every page's header, checked inside each"),
      Map.entry("/incidents/{id}/action-items", "the htmx fragment of /incidents/{id}, checked inside it"),
      Map.entry("/incidents/{id}/live", "the pieces of /incidents/{id} it refreshes, checked inside it"),
      Map.entry("/incidents/counts", "the htmx fragment in every page's header, checked inside each"),
      Map.entry("/actions/{id}/reviews", "the htmx fragment of /actions/{id}, checked inside it"));

  /** The pages people spend their time on, saved as screenshots (file name: page, width, theme). */
  private static final Map<String, String> MAIN_PAGES = new LinkedHashMap<>();

  static {
    MAIN_PAGES.put("/incidents", "incidents");
    MAIN_PAGES.put("/incidents/{id}", "incident");
    MAIN_PAGES.put("/oncall", "oncall");
    MAIN_PAGES.put("/oncall/schedules/{id}", "schedule");
    MAIN_PAGES.put("/me/week", "my-week");
    MAIN_PAGES.put("/reviews/{id}", "review");
    MAIN_PAGES.put("/reviews/{id}/meeting", "review-meeting");
    MAIN_PAGES.put("/actions", "actions");
    MAIN_PAGES.put("/insights", "insights");
    MAIN_PAGES.put("/services/{id}", "service");
    MAIN_PAGES.put("/settings", "settings");
    MAIN_PAGES.put("/settings/notifications", "notifications");
    MAIN_PAGES.put("/admin/people", "people");
  }

  /**
   * In the page: null when nothing sticks out past the screen's right edge, else the element that
   * sticks out furthest (outside any box that scrolls or clips it), with how far it reaches.
   */
  private static final String WIDEST_OFFENDER = """
      () => {
        const root = document.scrollingElement;
        if (root.scrollWidth <= root.clientWidth) return null;
        const edge = root.clientWidth;
        const contained = el => {
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') return true;
          }
          return false;
        };
        let worst = null, right = edge;
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || contained(el)) continue;
          // Text that overflows its box (a long URL in a paragraph) reaches past the box's own edge.
          const reach = getComputedStyle(el).overflowX === 'visible' ? Math.max(r.right, r.left + el.scrollWidth) : r.right;
          if (reach > right + 0.5) { worst = el; right = reach; }
        }
        const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        const text = worst ? (worst.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60) : '';
        return (worst ? name(worst) + ' "' + text + '"' : 'no single element') + ' reaches ' + Math.round(right)
            + ' px; the page is ' + root.scrollWidth + ' px wide on a ' + edge + ' px screen';
      }
      """;

  /** In the page: each table whose shown header cells do not line up with its rows' shown cells. */
  private static final String MISMATCHED_HEADERS = """
      () => {
        const shown = el => getComputedStyle(el).display !== 'none';
        const width = row => [...row.cells].filter(shown).reduce((n, c) => n + c.colSpan, 0);
        const out = [];
        document.querySelectorAll('table').forEach((table, i) => {
          if (!table.tHead || !shown(table.tHead) || !table.tBodies.length) return;
          const head = table.tHead.rows[table.tHead.rows.length - 1];
          const row = [...table.tBodies[0].rows].find(r => r.cells.length > 1);
          if (head && row && width(head) !== width(row)) {
            out.push('table ' + (table.id || '#' + (i + 1)) + ' shows ' + width(head) + ' headers over ' + width(row) + ' cells');
          }
        });
        return out.join('; ');
      }
      """;

  private record Seeded(long team, long person, long service, long incident, long schedule, long review, long actionItem, String ackToken) {}

  @Test
  void everyPageFitsAPhoneInLightAndDarkAndMainPagesAreCaptured() throws Exception {
    SettableClock clock = new SettableClock(END);
    try (MailSink sink = new MailSink();
        TestHush t = TestHush.startWithClockAndDelivery(StoreKind.SQLITE, clock,
            new NotifyService.Settings("127.0.0.1", sink.port(), "hush@demo.test", "http://127.0.0.1:1", "+10000000000"))) {
      DemoYear.generate(t.hush(), clock, DemoYear.DEFAULT_SEED, END, DemoYear.MIN_WEEKS);
      Seeded s = seed(t);

      Map<String, String> pages = new LinkedHashMap<>();
      List<String> unexcused = new ArrayList<>();
      TreeSet<String> getRoutes = new TreeSet<>();
      for (DeclaredRoute r : t.routes()) {
        if (r.method().equals("GET") && !r.path().startsWith("/api/") && !r.path().startsWith("/static")) {
          getRoutes.add(r.path());
        }
      }
      for (String path : getRoutes) {
        if (!NOT_PAGES.containsKey(path)) {
          pages.put(path, fill(path, s));
        }
      }
      assertThat(getRoutes).as("every page left out is still a route (remove stale reasons)").containsAll(NOT_PAGES.keySet());
      assertThat(pages.keySet()).as("every main page is among the pages").containsAll(MAIN_PAGES.keySet());
      Files.createDirectories(SCREENSHOTS);

      List<String> overflowing = new ArrayList<>();
      List<String> misaligned = new ArrayList<>();
      for (ColorScheme theme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
        try (BrowserContext context = context(PHONE, theme); Page page = context.newPage()) {
          signIn(page, t);
          for (Map.Entry<String, String> p : pages.entrySet()) {
            Response response = page.navigate(t.baseUrl() + p.getValue());
            String type = response.headers().getOrDefault("content-type", "");
            if (response.status() != 200 || !type.startsWith("text/html")) {
              unexcused.add("GET " + p.getKey() + " answered " + response.status() + " " + type
                  + ": make it a page, or list it in NOT_PAGES with the reason");
              continue;
            }
            page.waitForLoadState(LoadState.NETWORKIDLE);
            Object offender = page.evaluate(WIDEST_OFFENDER);
            if (offender != null) {
              overflowing.add(p.getValue() + " (" + theme.name().toLowerCase() + "): " + offender);
            }
            Object mismatched = page.evaluate(MISMATCHED_HEADERS);
            if (!"".equals(mismatched)) {
              misaligned.add(p.getValue() + ": " + mismatched);
            }
            screenshot(page, p.getKey(), PHONE, theme);
          }
        }
        try (BrowserContext context = context(DESK, theme); Page page = context.newPage()) {
          signIn(page, t);
          for (String main : MAIN_PAGES.keySet()) {
            page.navigate(t.baseUrl() + pages.get(main));
            page.waitForLoadState(LoadState.NETWORKIDLE);
            screenshot(page, main, DESK, theme);
          }
        }
      }
      System.out.printf("phone width: %d pages in light and dark, %d left out with a reason%n", pages.size(), NOT_PAGES.size());
      SoftAssertions.assertSoftly(soft -> {
        soft.assertThat(unexcused).as("GET routes that are neither pages nor left out with a reason").isEmpty();
        soft.assertThat(overflowing).as("pages wider than a %d px phone", PHONE).isEmpty();
        soft.assertThat(misaligned).as("tables whose headers do not sit over their columns on a phone").isEmpty();
        soft.assertThat(SCREENSHOTS.resolve("incident-390-dark.png")).exists();
      });
    }
  }

  private static BrowserContext context(int width, ColorScheme theme) {
    return chromium.browser().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
        .setViewportSize(width, width == PHONE ? 844 : 900).setColorScheme(theme));
  }

  private static void signIn(Page page, TestHush t) {
    page.navigate(t.baseUrl() + "/login");
    page.getByLabel("Email").fill(DemoYear.DEMO_EMAIL);
    page.getByLabel("Password").fill(DemoYear.DEMO_PASSWORD);
    page.getByLabel("Password").press("Enter");
    com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Incidents");
  }

  private static void screenshot(Page page, String route, int width, ColorScheme theme) {
    String name = MAIN_PAGES.get(route);
    if (name != null) {
      page.screenshot(new Page.ScreenshotOptions().setFullPage(width == PHONE)
          .setPath(SCREENSHOTS.resolve(name + "-" + width + "-" + theme.name().toLowerCase() + ".png")));
    }
  }

  /** The route's path with each parameter filled from the seeded data. */
  private static String fill(String path, Seeded s) {
    Matcher m = PARAM.matcher(path);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String before = path.substring(0, m.start());
      Object value = switch (before + "{" + m.group(1) + "}") {
        case "/ack/{token}" -> s.ackToken();
        case "/actions/{id}" -> s.actionItem();
        case "/admin/users/{id}" -> s.person();
        case "/incidents/{id}" -> s.incident();
        case "/oncall/schedules/{id}" -> s.schedule();
        case "/reviews/{id}" -> s.review();
        case "/services/{id}" -> s.service();
        case "/teams/{id}" -> s.team();
        default -> fail("cannot fill {" + m.group(1) + "} after " + before + ": seed that resource in this test");
      };
      m.appendReplacement(out, String.valueOf(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * On top of the demo quarter: an alert as monitors really send them, with a long unbroken
   * summary, long label values and URLs, in a service with a long name; and a signed ack link.
   */
  private static Seeded seed(TestHush t) {
    Hush hush = t.hush();
    long team = hush.people().teamNamed("Payments").orElseThrow().id();
    long demo = hush.people().userByEmail(DemoYear.DEMO_EMAIL).orElseThrow().id();
    Service service = hush.services().create("payments-reconciliation-worker-eu-central-1", "Matches card-network settlement files"
        + " against the ledger; see https://wiki.example.com/display/PAYMENTS/Reconciliation+worker+runbook+and+escalation+contacts",
        team, null, false);
    hush.escalation().assign(service.id(), one(hush, "SELECT id FROM escalation_policies WHERE team_id = " + team + " ORDER BY id"));
    String key = hush.services().createKey(service.id(), "alertmanager").secret();
    String longUrl = "https://grafana.example.com/d/payments-reconciliation/reconciliation-worker-overview?orgId=1&var-cluster=eu-central-1"
        + "&var-namespace=payments-reconciliation&from=now-6h&to=now&viewPanel=42";
    String body = "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"recon/SettlementFileMissing\","
        + "\"client_url\":\"" + longUrl + "\",\"links\":[{\"href\":\"" + longUrl + "\",\"text\":\"Grafana: reconciliation worker overview\"},"
        + "{\"href\":\"https://runbooks.example.com/payments/SettlementFileMissingForMoreThanTwoHoursInEuCentral1\"}],"
        + "\"payload\":{\"summary\":\"SettlementFileMissingForMoreThanTwoHours: s3://payments-settlement-inbox-eu-central-1/visa/2026/11/26/"
        + "settlement_batch_000000000000000042.csv.gpg not received\",\"source\":\"payments-reconciliation-worker-7f9c8d6b5-x2kqz\","
        + "\"severity\":\"critical\",\"custom_details\":{\"alertname\":\"SettlementFileMissingForMoreThanTwoHours\","
        + "\"pod\":\"payments-reconciliation-worker-7f9c8d6b5-x2kqz\",\"bucket\":\"s3://payments-settlement-inbox-eu-central-1\","
        + "\"query\":\"max_over_time(payments_settlement_file_last_received_timestamp_seconds{network=~\\\"visa|mastercard\\\"}[2h])"
        + " < time() - 7200\"}}}";
    assertThat(t.postJson("/v2/enqueue", body).statusCode()).isEqualTo(202);
    Incident incident = t.incidents().getFirst();
    long schedule = one(hush, "SELECT id FROM schedules WHERE team_id = " + team + " ORDER BY id");
    long review = one(hush, "SELECT r.id FROM reviews r WHERE r.team_id = " + team
        + " AND EXISTS (SELECT 1 FROM review_sections s WHERE s.review_id = r.id AND s.notes <> '') ORDER BY r.id DESC");
    long actionItem = one(hush, "SELECT id FROM action_items WHERE team_id = " + team + " ORDER BY id DESC");
    String ackKey = hush.config().secrets().decrypt(hush.db().withHandle(h ->
        h.createQuery("SELECT value FROM node_secrets WHERE name = 'ack_link_key'").mapTo(String.class).one()));
    String ack = new AckLinks(ackKey.getBytes(StandardCharsets.UTF_8)).create(incident.id(), incident.episode(), demo,
        hush.clock().millis() + 3_600_000);
    long person = hush.people().userByEmail("sam@hush.local").orElseThrow().id();
    return new Seeded(team, person, service.id(), incident.id(), schedule, review, actionItem, ack);
  }

  private static long one(Hush hush, String sql) {
    return hush.db().withHandle(h -> h.createQuery(sql).mapTo(Long.class).first());
  }
}
