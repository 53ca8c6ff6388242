package dev.hush.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.LoopbackReceiver;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PersonInsightsApiTest {
  private static final String[] REPORTS = {"interruptions", "fairness", "expertise"};

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theRollupSaysWhatTheRawNotificationsSay(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T09:00:00Z").toEpochMilli());
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver receiver = new LoopbackReceiver()) {
      User ana = PersonInsightsFixture.person(t, receiver, "Ana", "Europe/Berlin", 2);
      User bo = PersonInsightsFixture.person(t, receiver, "Bo", "Asia/Tokyo", 1);
      PersonInsightsFixture.Service both = PersonInsightsFixture.service(t, "both", ana, bo);
      PersonInsightsFixture.Service onlyAna = PersonInsightsFixture.service(t, "only-ana", ana);
      for (int i = 0; i < 12; i++) {
        PersonInsightsFixture.page(t, i % 3 == 0 ? onlyAna : both, "inc-" + i);
        clock.advance(7 * 3_600_000L + 13 * 60_000L);
      }
      // The same incident triggered again: folded into the open one, no new interruption.
      long first = t.trigger(both.key(), "inc-1", "Broken again");
      // A repeat of its step pages Ana on both methods again: more notifications, the same interruption.
      var incident = t.hush().incidents().require(first);
      java.util.List<dev.hush.notify.NotifyService.Notification> repeat = t.hush().db().inTransaction(
          h -> t.hush().notifications().page(h, t.hush().incidents().facts(incident), "inc" + first + ":r1:s0", ana.id()));
      assertThat(repeat).hasSize(2);

      JsonNode r = t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/interruptions?weeks=4", null);
      for (User u : new User[] {ana, bo}) {
        long raw = t.hush().db().<Long, RuntimeException>withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM (SELECT DISTINCT incident_id FROM notifications WHERE user_id = :u) d")
            .bind("u", u.id()).mapTo(Long.class).one());
        long rows = t.count("SELECT COUNT(*) FROM notifications WHERE user_id = CAST(:v AS BIGINT)", String.valueOf(u.id()));
        assertThat(InterruptionsTest.person(r, u.id()).path("total").path("total").asLong()).as(u.name()).isEqualTo(raw);
        assertThat(rows).as("more notifications than interruptions for the person with two methods").isGreaterThanOrEqualTo(raw);
      }
      assertThat(InterruptionsTest.person(r, ana.id()).path("total").path("total").asLong()).isEqualTo(12);
      assertThat(InterruptionsTest.person(r, bo.id()).path("total").path("total").asLong()).isEqualTo(8);

      // What migration 14 finds already sent is counted at start-up, in the same bands.
      t.hush().db().useTransaction(h -> {
        h.execute("DELETE FROM insights_person_hourly");
        h.execute("UPDATE insights_person_pages SET counted = 0");
      });
      assertThat(t.hush().personInsights().catchUp()).isEqualTo(20);
      assertThat(t.hush().personInsights().catchUp()).as("each page counted once").isZero();
      assertThat(t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/interruptions?weeks=4", null)).isEqualTo(r);

      HttpResponse<String> csv = t.api("GET", "/api/v1/teams/" + t.team() + "/insights/interruptions?weeks=4&format=csv", null);
      assertThat(csv.statusCode()).isEqualTo(200);
      assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
      String[] lines = csv.body().split("\r\n");
      assertThat(lines[0]).isEqualTo("user_id,name,week_start,business,off,sleep,total");
      assertThat(lines).contains(ana.id() + ",Ana,2026-11-02," + bands(r, ana.id(), 3)).contains(ana.id() + ",Ana,2026-10-12,0,0,0,0");
      assertThat(lines).as("header + 4 weeks of 3 members").hasSize(1 + 3 * 4);
    }
  }

  private static String bands(JsonNode r, long userId, int week) {
    JsonNode w = InterruptionsTest.person(r, userId).path("weeks").get(week);
    return w.path("business").asLong() + "," + w.path("off").asLong() + "," + w.path("sleep").asLong() + "," + w.path("total").asLong();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void badParametersNameTheFieldAndAnotherTeamSeesNothing(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      var people = t.hush().people();
      long other = people.createTeam("Other", null).id();
      User stranger = people.createUser("s@x.io", "Stranger", "long-enough-pw", false, "UTC", null);
      people.addMember(other, stranger.id(), TeamRole.MANAGER, null);
      User viewer = people.createUser("v@x.io", "Vi", "long-enough-pw", false, "UTC", null);
      people.addMember(t.team(), viewer.id(), TeamRole.VIEWER, null);
      String st = t.tokenOf(stranger);
      String vt = t.tokenOf(viewer);
      for (String report : REPORTS) {
        String base = "/api/v1/teams/" + t.team() + "/insights/" + report;
        for (String bad : new String[] {"?weeks=0", "?weeks=53", "?weeks=ten", "?weeks=-1"}) {
          HttpResponse<String> r = t.api("GET", base + bad, null);
          assertThat(r.statusCode()).as(base + bad).isEqualTo(400);
          assertThat(Json.parse(r.body()).path("field").asText()).isEqualTo("weeks");
        }
        HttpResponse<String> xml = t.api("GET", base + "?format=xml", null);
        assertThat(xml.statusCode()).isEqualTo(400);
        assertThat(Json.parse(xml.body()).path("field").asText()).isEqualTo("format");

        HttpResponse<String> csv = t.apiAs(vt, "GET", base + "?weeks=1&format=csv", null);
        assertThat(csv.statusCode()).as(report).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().split("\r\n")[0]).contains("user_id");
        assertThat(t.apiAs(vt, "GET", base, null).statusCode()).as("a viewer reads the team's insights").isEqualTo(200);

        assertThat(t.apiAs(st, "GET", base, null).statusCode()).as("another team's manager").isEqualTo(404);
        assertThat(t.apiAs(st, "GET", "/teams/" + t.team() + "/insights/" + report, null).statusCode()).isEqualTo(404);
        assertThat(t.api("GET", "/api/v1/teams/999999/insights/" + report, null).statusCode()).as("no such team").isEqualTo(404);
        HttpResponse<String> page = t.apiAs(vt, "GET", "/teams/" + t.team() + "/insights/" + report, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"insights-nav\"").contains("Test team");
      }
    }
  }
}
