package dev.hush.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.Hush;
import dev.hush.LoopbackReceiver;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentStatus;
import dev.hush.incidents.TimelineEntry;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Snooze, escalate now, reassign and add a responder through the API, on a clock the test moves, with real webhook pages. */
class IncidentResponseTest {
  private static final long START = 1_780_000_000_000L;

  private static long trigger(TestHush t, PagedTeam s, LoopbackReceiver pager) throws Exception {
    long id = t.trigger(s.key(), "pay-1", "Payments failing");
    LoopbackReceiver.await("Dana paged by step 1", () -> pages(pager, "/dana") == 1, 10);
    return id;
  }

  private static long pages(LoopbackReceiver pager, String path) {
    return pager.received().stream().filter(r -> r.path().equals(path)).count();
  }

  /** Runs the jobs due on the clock now, and waits until the pages they queued were attempted. */
  private static void runDue(Hush hush) throws Exception {
    hush.runDueJobs();
    assertThat(hush.notifications().awaitSends(Duration.ofSeconds(10))).isTrue();
  }

  private static List<TimelineEntry> timeline(TestHush t, long id) {
    return t.hush().incidents().detail(id).timeline();
  }

  private static JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aSnoozeAcknowledgesAndPagesAgainFromStepOneAfterItsMinutesEvenAcrossARestart(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(START);
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver pager = new LoopbackReceiver()) {
      PagedTeam s = PagedTeam.create(t, pager);
      long id = trigger(t, s, pager);

      JsonNode snoozed = ok(t.apiAs(t.tokenOf(s.dana()), "POST", "/api/v1/incidents/" + id + "/snooze", "{\"minutes\":30}"));
      assertThat(snoozed.path("incident").path("status").asText()).isEqualTo("acknowledged");
      assertThat(snoozed.path("incident").path("snoozed_until").asLong()).isEqualTo(START + 30 * 60_000L);
      assertThat(timeline(t, id)).anySatisfy(e -> {
        assertThat(e.kind()).isEqualTo("snoozed");
        assertThat(e.actor()).isEqualTo("Dana");
        assertThat(e.detail()).contains("for 30 min");
      });

      clock.advance(Duration.ofMinutes(29).toMillis());
      runDue(t.hush());
      assertThat(pager.received()).as("step 2 does not page an acknowledged incident, and the snooze has not ended").hasSize(1);

      clock.advance(Duration.ofMinutes(2).toMillis());
      try (Hush restarted = t.reopened(clock)) {
        runDue(restarted);
      }
      LoopbackReceiver.await("Dana paged again", () -> pages(pager, "/dana") == 2, 10);
      Incident again = t.hush().incidents().require(id);
      assertThat(again.status()).isEqualTo(IncidentStatus.TRIGGERED);
      assertThat(again.snoozedUntil()).isNull();
      assertThat(timeline(t, id)).anySatisfy(e -> assertThat(e.kind()).isEqualTo("snooze ended"));

      clock.advance(Duration.ofMinutes(6).toMillis());
      runDue(t.hush());
      LoopbackReceiver.await("the new run goes on to Bo", () -> pages(pager, "/bo") == 1, 10);
      runDue(t.hush());
      assertThat(pages(pager, "/dana")).as("each page once").isEqualTo(2);
      assertThat(pages(pager, "/bo")).isEqualTo(1);
      assertThat(t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'incident.snooze' AND subject = :v", "incident:" + id)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void resolvingCancelsTheSnooze(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(START);
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver pager = new LoopbackReceiver()) {
      PagedTeam s = PagedTeam.create(t, pager);
      long id = trigger(t, s, pager);
      ok(t.api("POST", "/api/v1/incidents/" + id + "/snooze", "{\"minutes\":15}"));
      ok(t.api("POST", "/api/v1/incidents/" + id + "/resolve", null));
      clock.advance(Duration.ofMinutes(20).toMillis());
      runDue(t.hush());
      assertThat(pager.received()).as("nothing pages a resolved incident").hasSize(1);
      assertThat(t.hush().incidents().require(id).status()).isEqualTo(IncidentStatus.RESOLVED);
      assertThat(timeline(t, id)).anySatisfy(e -> {
        assertThat(e.kind()).isEqualTo("resolved");
        assertThat(e.detail()).isEqualTo("snooze cancelled");
      });

      long second = t.trigger(s.key(), "pay-2", "Payments failing again");
      LoopbackReceiver.await("Dana paged for the second", () -> pages(pager, "/dana") == 2, 10);
      ok(t.api("POST", "/api/v1/incidents/" + second + "/snooze", "{\"minutes\":15}"));
      assertThat(t.postJson("/v2/enqueue", "{\"routing_key\":\"" + s.key() + "\",\"event_action\":\"resolve\",\"dedup_key\":\"pay-2\"}")
          .statusCode()).isEqualTo(202);
      assertThat(t.hush().incidents().require(second).snoozedUntil()).as("the sender's resolve ends the snooze too").isNull();
      clock.advance(Duration.ofMinutes(20).toMillis());
      runDue(t.hush());
      assertThat(pager.received()).hasSize(2);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void escalateNowPagesTheNextStepAtOnceAndSaysSoAtTheLastStep(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(START);
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver pager = new LoopbackReceiver()) {
      PagedTeam s = PagedTeam.create(t, pager);
      long id = trigger(t, s, pager);
      ok(t.apiAs(t.tokenOf(s.dana()), "POST", "/api/v1/incidents/" + id + "/ack", null));

      JsonNode escalated = ok(t.apiAs(t.tokenOf(s.dana()), "POST", "/api/v1/incidents/" + id + "/escalate", null));
      assertThat(escalated.path("said").asText()).isEqualTo("paging Bo");
      assertThat(escalated.path("incident").path("status").asText()).as("the next person must acknowledge").isEqualTo("triggered");
      LoopbackReceiver.await("Bo paged at once", () -> pages(pager, "/bo") == 1, 10);
      assertThat(Json.parse(pager.received().stream().filter(r -> r.path().equals("/bo")).findFirst().orElseThrow().body())
          .path("recipient").asText()).isEqualTo("Bo");
      assertThat(timeline(t, id)).anySatisfy(e -> {
        assertThat(e.kind()).isEqualTo("escalated now");
        assertThat(e.actor()).isEqualTo("Dana");
        assertThat(e.detail()).isEqualTo("to step 2 of payments");
      });

      HttpResponse<String> last = t.api("POST", "/api/v1/incidents/" + id + "/escalate", null);
      assertThat(last.statusCode()).isEqualTo(409);
      assertThat(Json.parse(last.body()).path("field").asText()).isEqualTo("step");
      assertThat(Json.parse(last.body()).path("detail").asText()).contains("already the last step").contains("repeats no more");

      clock.advance(Duration.ofMinutes(6).toMillis());
      runDue(t.hush());
      assertThat(pages(pager, "/bo")).as("the step that was due next before the escalation pages nobody again").isEqualTo(1);
      assertThat(pages(pager, "/dana")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void escalateNowAtTheLastStepOfARepeatingPolicyStartsItsNextRound(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(START);
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver pager = new LoopbackReceiver()) {
      PagedTeam s = PagedTeam.create(t, pager);
      EscalationPolicy policy = t.hush().escalation().policyOf(s.serviceId()).orElseThrow();
      t.hush().escalation().updatePolicy(policy.id(), policy.name(), 1, policy.steps());
      long id = trigger(t, s, pager);
      ok(t.api("POST", "/api/v1/incidents/" + id + "/escalate", null));
      JsonNode repeat = ok(t.api("POST", "/api/v1/incidents/" + id + "/escalate", null));
      assertThat(repeat.path("said").asText()).isEqualTo("paging Dana");
      LoopbackReceiver.await("Dana paged by the repeat", () -> pages(pager, "/dana") == 2, 10);
      assertThat(timeline(t, id)).anySatisfy(e -> assertThat(e.detail()).isEqualTo("to step 1 (repeat 1) of payments"));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void reassignPagesThePersonAndMakesThemTheAssignee(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(START);
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver pager = new LoopbackReceiver()) {
      PagedTeam s = PagedTeam.create(t, pager);
      long id = trigger(t, s, pager);
      JsonNode reassigned = ok(t.apiAs(t.tokenOf(s.dana()), "POST", "/api/v1/incidents/" + id + "/reassign",
          "{\"user_id\":" + s.cy().id() + "}"));
      assertThat(reassigned.path("incident").path("assignee_id").asLong()).isEqualTo(s.cy().id());
      LoopbackReceiver.await("Cy paged", () -> pages(pager, "/cy") == 1, 10);
      assertThat(timeline(t, id)).anySatisfy(e -> {
        assertThat(e.kind()).isEqualTo("reassigned");
        assertThat(e.detail()).isEqualTo("to Cy; paging Cy");
      });
      assertThat(t.hush().incidents().pagingOf(List.of(t.hush().incidents().require(id))).get(id)).startsWith("assigned to Cy");

      ok(t.api("POST", "/api/v1/incidents/" + id + "/reassign", "{\"user_id\":" + s.cy().id() + "}"));
      LoopbackReceiver.await("a second reassign pages again", () -> pages(pager, "/cy") == 2, 10);
      assertThat(t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'incident.reassign' AND subject = :v", "incident:" + id)).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anAddedResponderIsPagedOnceAndTheEscalationGoesOnAsBefore(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(START);
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver pager = new LoopbackReceiver()) {
      PagedTeam s = PagedTeam.create(t, pager);
      long id = trigger(t, s, pager);
      JsonNode added = ok(t.api("POST", "/api/v1/incidents/" + id + "/responders", "{\"user_id\":" + s.cy().id() + "}"));
      assertThat(added.path("said").asText()).isEqualTo("added Cy as responder; paging Cy");
      assertThat(added.path("incident").path("assignee_id").isNull()).isTrue();
      LoopbackReceiver.await("Cy paged", () -> pages(pager, "/cy") == 1, 10);
      assertThat(timeline(t, id)).anySatisfy(e -> {
        assertThat(e.kind()).isEqualTo("responder added");
        assertThat(e.actor()).isEqualTo("Ada Admin");
      });
      clock.advance(Duration.ofMinutes(6).toMillis());
      runDue(t.hush());
      LoopbackReceiver.await("step 2 pages Bo as planned", () -> pages(pager, "/bo") == 1, 10);
      assertThat(pages(pager, "/cy")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void badInputIsRefusedNamingTheFieldAndAnotherTeamIsRefused(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(START);
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver pager = new LoopbackReceiver()) {
      PagedTeam s = PagedTeam.create(t, pager);
      long id = trigger(t, s, pager);
      String base = "/api/v1/incidents/" + id;
      for (String body : List.of("{\"minutes\":0}", "{\"minutes\":1441}", "{}", "{\"minutes\":\"soon\"}")) {
        HttpResponse<String> r = t.api("POST", base + "/snooze", body);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(Json.parse(r.body()).path("field").asText()).isEqualTo("minutes");
      }
      User outsider = t.hush().people().createUser("ed@x.io", "Ed", "long-enough-pw", false, "UTC", null);
      for (String action : List.of("/reassign", "/responders")) {
        HttpResponse<String> r = t.api("POST", base + action, "{\"user_id\":" + outsider.id() + "}");
        assertThat(r.statusCode()).as(action).isEqualTo(400);
        assertThat(Json.parse(r.body()).path("field").asText()).isEqualTo("user_id");
        assertThat(Json.parse(r.body()).path("detail").asText()).contains("not a member");
        assertThat(t.api("POST", base + action, "{}").statusCode()).isEqualTo(400);
      }

      long otherTeam = t.hush().people().createTeam("Other team", t.admin().id()).id();
      t.hush().people().addMember(otherTeam, outsider.id(), TeamRole.RESPONDER, t.admin().id());
      String outsiderToken = t.tokenOf(outsider);
      for (String[] call : List.of(new String[] {"/snooze", "{\"minutes\":15}"}, new String[] {"/escalate", null},
          new String[] {"/reassign", "{\"user_id\":" + outsider.id() + "}"}, new String[] {"/responders", "{\"user_id\":" + outsider.id() + "}"})) {
        assertThat(t.apiAs(outsiderToken, "POST", base + call[0], call[1]).statusCode()).as("another team's member: " + call[0]).isEqualTo(404);
      }
      User viewer = t.hush().people().createUser("vi@x.io", "Vi", "long-enough-pw", false, "UTC", null);
      t.hush().people().addMember(t.team(), viewer.id(), TeamRole.VIEWER, t.admin().id());
      assertThat(t.apiAs(t.tokenOf(viewer), "POST", base + "/escalate", null).statusCode()).as("a viewer only looks").isEqualTo(403);

      ok(t.api("POST", base + "/resolve", null));
      HttpResponse<String> resolved = t.api("POST", base + "/escalate", null);
      assertThat(resolved.statusCode()).isEqualTo(409);
      assertThat(Json.parse(resolved.body()).path("field").asText()).isEqualTo("status");
      assertThat(pager.received()).as("nobody paged by any refused call").hasSize(1);
    }
  }
}
