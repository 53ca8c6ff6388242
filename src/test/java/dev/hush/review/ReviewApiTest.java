package dev.hush.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.oncall.Override;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReviewApiTest {
  private static final long MINUTE = 60_000L;
  private static final long DAY = 24 * 60 * MINUTE;

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  /** A team of three on a weekly Monday 09:00 UTC rotation: Ann the week of 26 Oct, Ben of 2 Nov, Cat of 9 Nov. */
  private record Team(long id, User ann, User ben, User cat, long schedule, String key, long serviceId) {}

  private static Team team(TestHush t) {
    User ann = t.person("ann@x.io", "Ann", "long-enough-pw", false, "UTC", null);
    User ben = t.person("ben@x.io", "Ben", "long-enough-pw", false, "America/New_York", null);
    User cat = t.person("cat@x.io", "Cat", "long-enough-pw", false, "UTC", null);
    var oncall = t.hush().oncall();
    var rotation = oncall.createRotation(t.team(), "weekly", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
        LocalDate.parse("2026-10-26"), List.of(ann.id(), ben.id(), cat.id()));
    var schedule = oncall.createSchedule(t.team(), "primary");
    oncall.addLayer(schedule.id(), rotation.id(), 1, null);
    String key = t.serviceWithKey("checkout");
    long service = t.hush().services().byName("checkout").orElseThrow().id();
    return new Team(t.team(), ann, ben, cat, schedule.id(), key, service);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theFacilitatorIsWhoeverWasOnCallLongestLastWeekWithOverridesApplied(StoreKind store) {
    ManualClock clock = new ManualClock(at("2026-11-10T10:00:00Z"));
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      Team team = team(t);
      ReviewWeeks weeks = new ReviewWeeks(t.hush().oncall());
      ReviewWeeks.Week last = new ReviewWeeks.Week(at("2026-11-02T09:00:00Z"), at("2026-11-09T09:00:00Z"));
      assertThat(weeks.facilitator(team.id(), last)).contains(team.ben().id());
      // Cat covers four of Ben's seven days: Cat facilitates.
      t.hush().oncall().addOverride(team.schedule(), at("2026-11-02T09:00:00Z"), at("2026-11-06T09:00:00Z"), Override.Kind.REPLACE,
          team.cat().id(), team.ben().id(), "Ben at a conference", null);
      JsonNode review = Json.parse(t.api("POST", "/api/v1/teams/" + team.id() + "/reviews", null).body());
      assertThat(review.path("facilitator_id").asLong()).isEqualTo(team.cat().id());
      assertThat(review.path("facilitator_name").asText()).isEqualTo("Cat");
      assertThat(review.path("week_start").asLong()).isEqualTo(last.start());
      assertThat(review.path("week_end").asLong()).isEqualTo(last.end());
      assertThat(review.path("meeting_at").asLong()).isEqualTo(last.end() + 60 * MINUTE);
      assertThat(review.path("attendees").findValuesAsText("name")).as("the facilitator and the managers are expected")
          .containsExactlyInAnyOrder("Cat", "Ada Admin");
      // Asking again for the same week returns the same review.
      JsonNode again = Json.parse(t.api("POST", "/api/v1/teams/" + team.id() + "/reviews", null).body());
      assertThat(again.path("id").asLong()).isEqualTo(review.path("id").asLong());
      assertThat(t.count("SELECT COUNT(*) FROM reviews WHERE team_id = CAST(:v AS BIGINT)", String.valueOf(team.id()))).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aWholeReviewFromAgendaToMinutes(StoreKind store) {
    ManualClock clock = new ManualClock(at("2026-11-03T02:00:00Z"));
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      Team team = team(t);
      String ben = t.tokenOf(team.ben());
      // Tuesday 02:00 UTC: the disk alert wakes Ben (New York: 21:00, not sleep; the facilitator's zone decides).
      long first = t.trigger(team.key(), "disk", "Disk 95% full on db-1");
      clock.advance(4 * MINUTE);
      t.apiAs(ben, "POST", "/api/v1/incidents/" + first + "/ack", null);
      clock.advance(20 * MINUTE);
      t.apiAs(ben, "POST", "/api/v1/incidents/" + first + "/resolve", null);
      t.apiAs(ben, "PUT", "/api/v1/incidents/" + first + "/log", "{\"action\":\"restarted\",\"verdict\":\"actionable\",\"note\":\"cleared old WAL\"}");
      long overdueItem = t.apiJson("POST", "/api/v1/action-items", "{\"team_id\":" + team.id() + ",\"title\":\"Grow the db-1 disk\",\"owner_id\":"
          + team.ann().id() + ",\"priority\":\"P1\",\"due\":\"2026-11-05\"}").path("id").asLong();
      clock.set(at("2026-11-04T14:00:00Z"));
      long second = t.trigger(team.key(), "disk", "Disk 95% full on db-1");
      assertThat(second).isNotEqualTo(first);
      clock.set(at("2026-11-05T10:00:00Z"));
      t.trigger(team.key(), "cpu", "CPU above 90% on api-2");
      t.postJson("/v2/change/enqueue", "{\"routing_key\":\"" + team.key()
          + "\",\"payload\":{\"summary\":\"deployed checkout v42\",\"source\":\"ci\",\"timestamp\":\"2026-11-05T11:00:00Z\"}}");

      clock.set(at("2026-11-10T10:00:00Z"));
      long id = t.apiJson("POST", "/api/v1/teams/" + team.id() + "/reviews", null).path("id").asLong();
      JsonNode agenda = t.apiJson("GET", "/api/v1/reviews/" + id, null);
      assertThat(agenda.at("/review/facilitator_name").asText()).isEqualTo("Ben");
      JsonNode incidents = agenda.path("incidents");
      assertThat(incidents.path("total").asInt()).isEqualTo(3);
      assertThat(incidents.path("unlogged").asInt()).isEqualTo(2);
      assertThat(incidents.path("mtta_minutes").asDouble()).isEqualTo(4.0);
      assertThat(incidents.path("mttr_minutes").asDouble()).isEqualTo(24.0);
      assertThat(incidents.at("/groups/0/title").asText()).as("repeat offenders first").isEqualTo("Disk 95% full on db-1");
      assertThat(incidents.at("/groups/0/count").asInt()).isEqualTo(2);
      assertThat(incidents.at("/groups/0/unlogged").asInt()).isEqualTo(1);
      assertThat(incidents.at("/groups/0/incidents/0/log/action").asText()).isEqualTo("restarted");
      assertThat(incidents.at("/groups/0/incidents/0/log/note").asText()).isEqualTo("cleared old WAL");
      assertThat(incidents.at("/groups/0/incidents/1/log").isNull()).as("flagged: no log entry").isTrue();
      assertThat(agenda.at("/dashboards/services/0/total_incidents").asInt()).isEqualTo(3);
      assertThat(agenda.at("/dashboards/services/0/incidents").size()).isEqualTo(7 * 24);
      assertThat(agenda.at("/new_work/changes/0/summary").asText()).isEqualTo("deployed checkout v42");
      JsonNode carried = agenda.at("/actions/carried/0");
      assertThat(carried.path("id").asLong()).isEqualTo(overdueItem);
      assertThat(carried.path("carried_over").asInt()).isEqualTo(1);
      assertThat(carried.path("overdue").asBoolean()).isTrue();
      assertThat(agenda.at("/actions/overdue_p1").size()).isEqualTo(1);

      // The meeting: sections, notes, attendance, a finding, a launch, an item from an incident.
      JsonNode started = t.apiAs(ben, "PATCH", "/api/v1/reviews/" + id + "/sections/incidents", "{\"enter\":true,\"notes\":\"Disk **fills** weekly\"}")
          .body().transform(Json::parse);
      assertThat(started.path("status").asText()).isEqualTo("in progress");
      assertThat(started.at("/sections/0/started_at").asLong()).isEqualTo(clock.millis());
      clock.advance(12 * MINUTE);
      JsonNode moved = Json.parse(t.apiAs(ben, "PATCH", "/api/v1/reviews/" + id + "/sections/dashboards", "{\"enter\":true}").body());
      assertThat(moved.at("/sections/0/ended_at").asLong() - moved.at("/sections/0/started_at").asLong()).isEqualTo(12 * MINUTE);
      assertThat(t.apiAs(ben, "PUT", "/api/v1/reviews/" + id + "/attendance", "{\"attended\":[" + team.ben().id() + "," + t.admin().id() + "]}")
          .statusCode()).isEqualTo(200);
      JsonNode finding = Json.parse(t.apiAs(ben, "POST", "/api/v1/reviews/" + id + "/findings",
          "{\"kind\":\"log-that\",\"text\":\"which tenant filled the disk\",\"service_id\":" + team.serviceId() + "}").body());
      assertThat(finding.path("action_item_id").isIntegralNumber()).as("observability debt is tracked as an item").isTrue();
      JsonNode launch = Json.parse(t.apiAs(ben, "POST", "/api/v1/reviews/" + id + "/launches",
          "{\"title\":\"new payment provider\",\"launch_date\":\"2026-11-20\",\"checks\":[\"dashboard\"]}").body());
      assertThat(launch.path("ready").isMissingNode() || !launch.path("ready").asBoolean()).isTrue();
      assertThat(launch.at("/checklist/0/done").asBoolean()).isTrue();
      JsonNode item = Json.parse(t.apiAs(ben, "POST", "/api/v1/reviews/" + id + "/action-items", "{\"title\":\"Alert on disk growth, not 95%\","
          + "\"owner_id\":" + team.cat().id() + ",\"mentor_id\":" + team.ann().id() + ",\"priority\":\"P2\",\"incident_id\":" + second + "}").body());
      assertThat(item.path("mentor_id").asLong()).isEqualTo(team.ann().id());
      assertThat(item.path("fingerprints").size()).isEqualTo(1);
      JsonNode after = t.apiJson("GET", "/api/v1/reviews/" + id, null);
      assertThat(after.at("/actions/created").findValuesAsText("title")).containsExactly("Log: which tenant filled the disk", "Alert on disk growth, not 95%");

      // Closing waits for the facilitator to acknowledge the overdue P1 item.
      HttpResponse<String> refused = t.apiAs(ben, "POST", "/api/v1/reviews/" + id + "/close", null);
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(Json.parse(refused.body()).path("error").asText()).isEqualTo("overdue_p1");
      assertThat(Json.parse(refused.body()).path("detail").asText()).contains("Grow the db-1 disk");
      assertThat(t.apiAs(t.tokenOf(team.ann()), "POST", "/api/v1/reviews/" + id + "/acknowledge-overdue", "{\"note\":\"x\"}").statusCode())
          .as("only the facilitator acknowledges").isEqualTo(403);
      JsonNode acked = Json.parse(t.apiAs(ben, "POST", "/api/v1/reviews/" + id + "/acknowledge-overdue", "{\"note\":\"disk order delayed\"}").body());
      assertThat(acked.at("/overdue_ack/item_ids/0").asLong()).isEqualTo(overdueItem);
      JsonNode closed = Json.parse(t.apiAs(ben, "POST", "/api/v1/reviews/" + id + "/close", null).body());
      assertThat(closed.path("status").asText()).isEqualTo("closed");
      assertThat(closed.path("minutes").asText()).contains("# Weekly review: Test team", "Facilitator: Ben", "Attended: ", "Disk **fills** weekly",
          "We should really log that: checkout: which tenant filled the disk", "Carried over:", "Grow the db-1 disk",
          "**overdue**", "Launch: new payment provider on 2026-11-20", "took 12, over time", "acknowledged by Ben");
      HttpResponse<String> md = t.api("GET", "/api/v1/reviews/" + id + "/minutes", null);
      assertThat(md.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
      assertThat(md.body()).isEqualTo(closed.path("minutes").asText());
      assertThat(t.apiAs(ben, "PATCH", "/api/v1/reviews/" + id + "/sections/incidents", "{\"notes\":\"too late\"}").statusCode())
          .as("closed minutes are final").isEqualTo(409);

      // Minutes are searchable across weeks.
      assertThat(t.apiJson("GET", "/api/v1/teams/" + team.id() + "/reviews?q=FILLS", null).size()).isEqualTo(1);
      assertThat(t.apiJson("GET", "/api/v1/teams/" + team.id() + "/reviews?q=tenant", null).size()).isEqualTo(1);
      assertThat(t.apiJson("GET", "/api/v1/teams/" + team.id() + "/reviews?q=kubernetes", null).size()).isZero();
      assertThat(t.count("SELECT COUNT(*) FROM audit_log WHERE subject = :v", "review:" + id)).isGreaterThanOrEqualTo(6);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void badInputNamesTheFieldAndOtherTeamsSeeNothing(StoreKind store) {
    ManualClock clock = new ManualClock(at("2026-11-10T10:00:00Z"));
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      Team team = team(t);
      long id = t.apiJson("POST", "/api/v1/teams/" + team.id() + "/reviews", null).path("id").asLong();
      assertThat(field(t.api("PUT", "/api/v1/teams/" + team.id() + "/review-settings", "{\"incidents_minutes\":0}"))).isEqualTo("incidents_minutes");
      assertThat(field(t.api("PUT", "/api/v1/teams/" + team.id() + "/review-settings", "{\"meeting_delay_minutes\":\"soon\"}")))
          .isEqualTo("meeting_delay_minutes");
      assertThat(field(t.api("PATCH", "/api/v1/reviews/" + id + "/sections/lunch", "{\"enter\":true}"))).isEqualTo("section");
      assertThat(field(t.api("POST", "/api/v1/reviews/" + id + "/findings", "{\"kind\":\"rumour\",\"text\":\"x\"}"))).isEqualTo("kind");
      assertThat(field(t.api("POST", "/api/v1/reviews/" + id + "/findings", "{\"text\":\"  \"}"))).isEqualTo("text");
      assertThat(field(t.api("POST", "/api/v1/reviews/" + id + "/launches", "{\"title\":\"x\",\"checks\":[\"unicorn\"]}"))).isEqualTo("checks");
      assertThat(field(t.api("POST", "/api/v1/reviews/" + id + "/launches", "{\"title\":\"x\",\"launch_date\":\"friday\"}"))).isEqualTo("launch_date");
      assertThat(field(t.api("PUT", "/api/v1/reviews/" + id + "/attendance", "{\"attended\":[999999]}"))).isEqualTo("attended");
      assertThat(field(t.api("GET", "/api/v1/teams/" + team.id() + "/reviews?q=" + "x".repeat(201), null))).isEqualTo("q");

      JsonNode saved = t.apiJson("PUT", "/api/v1/teams/" + team.id() + "/review-settings", "{\"dashboards_minutes\":15}");
      assertThat(saved.at("/timeboxes/dashboards").asInt()).isEqualTo(15);
      assertThat(t.apiJson("GET", "/api/v1/reviews/" + id, null).at("/review/sections/1/minutes").asInt())
          .as("a review not yet started takes the new timebox").isEqualTo(15);

      long other = t.hush().people().createTeam("Other", null).id();
      User outsider = t.hush().people().createUser("o@x.io", "Olga", "long-enough-pw", false, "UTC", null);
      t.hush().people().addMember(other, outsider.id(), TeamRole.MANAGER, null);
      String token = t.tokenOf(outsider);
      HttpResponse<String> hidden = t.apiAs(token, "GET", "/api/v1/reviews/" + id, null);
      assertThat(hidden.statusCode()).isEqualTo(404);
      assertThat(t.apiAs(token, "POST", "/api/v1/reviews/" + id + "/close", null).statusCode()).isEqualTo(404);
      assertThat(t.apiAs(token, "GET", "/api/v1/teams/" + team.id() + "/reviews", null).statusCode()).isEqualTo(404);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aRuleThatFiredOftenShowsAFewExamplesNotEveryLine(StoreKind store) {
    ManualClock clock = new ManualClock(at("2026-11-03T10:00:00Z"));
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      Team team = team(t);
      for (int i = 0; i < 12; i++) {
        long id = t.trigger(team.key(), "flappy", "Queue depth above 1000");
        t.api("POST", "/api/v1/incidents/" + id + "/resolve", null);
        clock.advance(60 * MINUTE);
      }
      clock.set(at("2026-11-10T10:00:00Z"));
      long review = t.apiJson("POST", "/api/v1/teams/" + team.id() + "/reviews", null).path("id").asLong();
      assertThat(t.apiJson("GET", "/api/v1/reviews/" + review, null).at("/incidents/groups/0/incidents").size()).as("the API has them all")
          .isEqualTo(12);
      String page = t.api("GET", "/reviews/" + review, null).body();
      assertThat(page).contains("12×", "and 4 more like these");
    }
  }

  private static String field(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return Json.parse(r.body()).path("field").asText();
  }
}
