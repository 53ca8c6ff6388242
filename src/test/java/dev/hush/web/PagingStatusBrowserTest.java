package dev.hush.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.notify.ChannelKind;
import dev.hush.people.User;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Honest paging status: an incident that reached nobody says so, and a service without a policy is flagged wherever it shows. */
class PagingStatusBrowserTest {
  @RegisterExtension
  static final SharedBrowser chromium = new SharedBrowser();

  /** Three services: one without a policy, one paging Dana (no contact methods), one paging Ada (e-mail). */
  private static long[] threeIncidents(TestHush t) {
    String noPolicy = t.serviceWithKey("checkout");
    User dana = t.person("dana@hush.test", "Dana Demo", "long-enough-pw", false, "UTC", null);
    String toDana = t.serviceWithKey("payments");
    t.hush().escalation().savePolicyOfService(t.hush().services().byName("payments").orElseThrow().id(), "payments", 0,
        List.of(EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.USER, dana.id())));
    t.hush().notifications().addContactMethod(t.admin().id(), ChannelKind.EMAIL, "work", "ada@hush.test", "");
    String toAda = t.serviceWithKey("api");
    t.hush().escalation().savePolicyOfService(t.hush().services().byName("api").orElseThrow().id(), "api", 0,
        List.of(EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.USER, t.admin().id())));
    return new long[] {t.trigger(noPolicy, "c1", "Checkout down"), t.trigger(toDana, "p1", "Payments failing"), t.trigger(toAda, "a1", "API slow")};
  }

  @Test
  void theIncidentTheListTheServicesAndTheOnCallPageSayWhoIsPagedAndWhenNobodyIs() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); var context = chromium.browser().newContext(); Page page = context.newPage()) {
      long[] ids = threeIncidents(t);
      AlertContentBrowserTest.signIn(page, t);

      Locator rows = page.locator("#rows");
      assertThat(rows.locator("tr[data-incident='" + ids[0] + "'] td.paging.unpaged")).hasText("nobody is paged for this service: it has no escalation policy");
      assertThat(rows.locator("tr[data-incident='" + ids[1] + "'] td.paging.unpaged"))
          .hasText("step 1: no one notified: Dana Demo has no contact methods");
      assertThat(rows.locator("tr[data-incident='" + ids[2] + "'] td.paging")).hasText("step 1: paging Ada Admin");
      assertThat(rows.locator("tr[data-incident='" + ids[2] + "'] td.paging.unpaged")).hasCount(0);

      page.navigate(t.baseUrl() + "/incidents/" + ids[0]);
      assertThat(page.locator("#paging-warning")).containsText("nobody is paged for this service");
      page.navigate(t.baseUrl() + "/incidents/" + ids[1]);
      assertThat(page.locator("#paging-warning")).hasText("step 1: no one notified: Dana Demo has no contact methods");
      assertThat(page.locator("#timeline")).containsText("no one notified: Dana Demo has no contact methods");
      assertThat(page.locator("#timeline")).not().containsText("paging Dana Demo");
      page.navigate(t.baseUrl() + "/incidents/" + ids[2]);
      assertThat(page.locator("#paging-warning")).hasCount(0);

      page.navigate(t.baseUrl() + "/services");
      assertThat(page.locator("td.paging[data-service='checkout']")).containsText("nobody is paged for this service");
      assertThat(page.locator("td.paging[data-service='payments']")).not().containsText("nobody is paged");

      page.navigate(t.baseUrl() + "/oncall");
      assertThat(page.locator("#unpaged-services")).containsText("Nobody is paged for this service: checkout");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theTimelineSaysWhomEachIncidentPaged(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      long[] ids = threeIncidents(t);
      List<String> said = new ArrayList<>();
      for (long id : ids) {
        JsonNode timeline = t.apiJson("GET", "/api/v1/incidents/" + id, null).path("timeline");
        for (JsonNode e : timeline) {
          if (e.path("kind").asText().equals("escalated") || e.path("kind").asText().equals("not paged")) {
            said.add(e.path("kind").asText() + ": " + e.path("detail").asText());
          }
        }
      }
      assertThat(said).containsExactly("not paged: nobody is paged for this service: it has no escalation policy",
          "escalated: step 1: no one notified: Dana Demo has no contact methods", "escalated: step 1: paging Ada Admin");
      assertThat(t.hush().incidents().pagingOf(t.incidents())).containsValues("step 1: paging Ada Admin",
          "nobody is paged for this service: it has no escalation policy");
    }
  }
}
