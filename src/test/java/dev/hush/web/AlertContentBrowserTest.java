package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The incident page shows what the alert says: summary, then links as buttons, then details folded where nested. */
class AlertContentBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  static void signIn(Page page, TestHush t) {
    page.navigate(t.baseUrl() + "/login");
    page.getByLabel("Email").fill(TestHush.ADMIN_EMAIL);
    page.getByLabel("Password").fill(TestHush.ADMIN_PASSWORD);
    page.getByLabel("Password").press("Enter");
    assertThat(page.locator("h1")).hasText("Incidents");
  }

  @Test
  void aPagerDutyAlertShowsItsSummaryLinksDetailsAndImagesEscaped() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      List<String> errors = new ArrayList<>();
      page.onConsoleMessage(m -> {
        if ("error".equals(m.type()) && m.text().contains("Content Security Policy")) {
          errors.add(m.text());
        }
      });
      String key = t.serviceWithKey("payments-db");
      var posted = t.postJson("/v2/enqueue", """
          {"routing_key":"%s","event_action":"trigger","dedup_key":"disk",
           "payload":{"summary":"Disk 95%% full on pg-1","source":"pg-1","severity":"critical","component":"postgres","group":"db","class":"disk",
             "custom_details":{"free_bytes":"1.2 GB","note":"<script>alert(1)</script>","mounts":{"/data":{"used":"95%%"},"/wal":{"used":"40%%"}}}},
           "links":[{"href":"https://runbooks.example.com/disk","text":"Runbook"},{"href":"javascript:alert(1)","text":"Evil"},
                    {"href":"https://grafana.example.com/d/pg","text":"Dashboard"}],
           "images":[{"src":"https://grafana.example.com/render/pg.png","alt":"disk graph"}]}""".formatted(key));
      assertThat(posted.statusCode()).isEqualTo(202);
      signIn(page, t);
      page.navigate(t.baseUrl() + "/incidents/" + t.incidents().getFirst().id());

      assertThat(page.locator("#alert-summary")).hasText("Disk 95% full on pg-1");
      Locator links = page.locator("#alert-links a.button");
      assertThat(links).hasText(new String[] {"Runbook", "Dashboard"});
      assertThat(links.first()).hasAttribute("href", "https://runbooks.example.com/disk");
      assertThat(page.locator("a[href^='javascript']")).hasCount(0);
      // The summary comes before the links, the links before the details.
      assertThat(page.locator("#alert-content > *").first()).hasId("alert-summary");
      assertThat(page.locator("#alert-content > *").nth(1)).hasId("alert-links");
      assertThat(page.locator("#alert-content > *").nth(2)).hasId("alert-details");

      Locator details = page.locator("#alert-details");
      assertThat(details.locator("tr:has(th:text-is('component')) td")).hasText("postgres");
      assertThat(details.locator("tr:has(th:text-is('group')) td")).hasText("db");
      assertThat(details.locator("tr:has(th:text-is('class')) td")).hasText("disk");
      assertThat(details.locator("tr:has(th:text-is('free_bytes')) td")).hasText("1.2 GB");
      assertThat(details.locator("tr:has(th:text-is('note')) td")).hasText("<script>alert(1)</script>");
      assertThat(details.locator("script")).hasCount(0);
      Locator nested = details.locator("tr:has(th:text-is('mounts')) details");
      assertThat(nested).not().hasAttribute("open", "");
      assertThat(nested.locator("pre")).not().isVisible();
      nested.locator("summary").click();
      assertThat(nested.locator("pre")).isVisible();
      assertThat(nested.locator("pre")).containsText("\"used\" : \"95%\"");

      assertThat(page.locator("#alert-images a")).hasAttribute("href", "https://grafana.example.com/render/pg.png");
      assertThat(page.locator("#alert-images a")).hasText("disk graph");
      assertThat(errors).as("no CSP violations").isEmpty();
    }
  }

  @Test
  void anAlertmanagerAlertShowsItsRunbookAndSourceAsButtonsAndItsLabelsAndDescriptionAsDetails() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      String key = t.serviceWithKey("api");
      var posted = t.postJson("/api/v1/integrations/alertmanager/" + key, """
          {"version":"4","groupKey":"{}:{alertname=\\"HighLatency\\"}","status":"firing","receiver":"hush",
           "groupLabels":{"alertname":"HighLatency"},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am.example.com",
           "alerts":[{"status":"firing","labels":{"alertname":"HighLatency","severity":"critical","instance":"api-1"},
             "annotations":{"summary":"p99 latency above 2s on api-1","description":"p99 has been above 2s for 10 minutes",
               "runbook_url":"https://runbooks.example.com/latency"},
             "startsAt":"2026-11-24T08:00:00Z","endsAt":"0001-01-01T00:00:00Z",
             "generatorURL":"http://prometheus.example.com/graph?g0.expr=latency","fingerprint":"abc123"}]}""");
      assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 299);
      signIn(page, t);
      page.navigate(t.baseUrl() + "/incidents/" + t.incidents().getFirst().id());

      assertThat(page.locator("#alert-summary")).hasText("p99 latency above 2s on api-1");
      assertThat(page.locator("#alert-links a.button")).hasText(new String[] {"Runbook", "Source"});
      assertThat(page.locator("#alert-links a.button").nth(1)).hasAttribute("href", "http://prometheus.example.com/graph?g0.expr=latency");
      Locator details = page.locator("#alert-details");
      assertThat(details.locator("tr:has(th:text-is('description')) td")).hasText("p99 has been above 2s for 10 minutes");
      assertThat(details.locator("tr:has(th:text-is('instance')) td")).hasText("api-1");
      assertThat(details.locator("tr:has(th:text-is('alertname')) td")).hasText("HighLatency");
    }
  }
}
