package dev.hush.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.Hush;
import dev.hush.LoopbackReceiver;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.incidents.TimelineEntry;
import dev.hush.notify.ChannelKind;
import dev.hush.oncall.Schedule;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.User;
import dev.hush.services.ServiceCatalog;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Steps with several targets: all at once, or one in turn (round-robin), as the people paged see it. */
class EscalationTargetsTest {

  /** Three people, each with a webhook on the receiver under their own path (/ana, /bo, /cy), and a service. */
  record Team(User ana, User bo, User cy, long serviceId, String key) {}

  private static Team team(TestHush t, LoopbackReceiver receiver) {
    List<User> people = new ArrayList<>();
    for (String name : List.of("Ana", "Bo", "Cy")) {
      User u = t.person(name.toLowerCase() + "@x.io", name + " Lee", "long-enough-pw", false, "UTC", null);
      t.hush().notifications().addContactMethod(u.id(), ChannelKind.WEBHOOK, "pager", receiver.url("/" + name.toLowerCase()), null);
      people.add(u);
    }
    long serviceId = t.hush().services().create("payments", "", t.team(), null, false).id();
    String key = t.hush().services().createKey(serviceId, "k").secret();
    return new Team(people.get(0), people.get(1), people.get(2), serviceId, key);
  }

  private static String trigger(String key, String dedup) {
    return "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"" + dedup
        + "\",\"payload\":{\"summary\":\"Payments failing " + dedup + "\",\"source\":\"api-1\",\"severity\":\"critical\"}}";
  }

  private static long open(TestHush t, String key, String dedup) {
    HttpResponse<String> r = t.postJson("/v2/enqueue", trigger(key, dedup));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return t.incidents().stream().filter(i -> i.title().endsWith(dedup)).findFirst().orElseThrow().id();
  }

  /** Which receiver path (whose webhook) got a page for which incident, in the order they arrived. */
  private static Map<Long, List<String>> pagesByIncident(LoopbackReceiver receiver) {
    return receiver.received().stream().collect(Collectors.groupingBy(r -> Json.parse(r.body()).path("incident_id").asLong(),
        Collectors.mapping(LoopbackReceiver.Received::path, Collectors.toList())));
  }

  private static List<String> escalations(TestHush t, long incidentId) {
    return t.hush().incidents().detail(incidentId).timeline().stream().filter(e -> e.kind().equals("escalated"))
        .map(TimelineEntry::detail).toList();
  }

  private static long policy(TestHush t, String json) {
    return t.apiJson("POST", "/api/v1/escalation-policies", json).path("id").asLong();
  }

  private static void assign(TestHush t, long serviceId, long policyId) {
    t.apiJson("PUT", "/api/v1/services/" + serviceId + "/escalation-policy", "{\"policy_id\":" + policyId + "}");
  }

  private static String users(String mode, User... people) {
    return "{\"mode\":\"" + mode + "\",\"delay_minutes\":0,\"targets\":["
        + String.join(",", java.util.Arrays.stream(people).map(u -> "{\"target\":\"user\",\"target_id\":" + u.id() + "}").toList()) + "]}";
  }

  private static Schedule scheduleWith(TestHush t, String name, List<Long> people) {
    Schedule schedule = t.hush().oncall().createSchedule(t.team(), name);
    if (!people.isEmpty()) {
      var rotation = t.hush().oncall().createRotation(t.team(), name, "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
          LocalDate.now().minusWeeks(1), people);
      t.hush().oncall().addLayer(schedule.id(), rotation.id(), 1, null);
    }
    return schedule;
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aStepWithTwoPeoplePagesBoth(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      Team team = team(t, receiver);
      assign(t, team.serviceId(), policy(t, "{\"name\":\"both\",\"steps\":[" + users("all", team.ana(), team.bo()) + "]}"));
      long incident = open(t, team.key(), "two-1");
      LoopbackReceiver.await("both pages", () -> receiver.received().size() >= 2, 10);
      Thread.sleep(500);
      assertThat(pagesByIncident(receiver).get(incident)).containsExactlyInAnyOrder("/ana", "/bo");
      assertThat(escalations(t, incident)).containsExactly("step 1: paging Ana Lee, Bo Lee");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void roundRobinPagesTheNextPersonForEachNewIncident(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      Team team = team(t, receiver);
      assign(t, team.serviceId(), policy(t, "{\"name\":\"turns\",\"steps\":[" + users("round_robin", team.ana(), team.bo(), team.cy()) + "]}"));
      List<Long> incidents = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        incidents.add(open(t, team.key(), "rr-" + i));
        int pages = i;
        LoopbackReceiver.await("page " + i, () -> receiver.received().size() >= pages, 10);
      }
      Map<Long, List<String>> pages = pagesByIncident(receiver);
      assertThat(incidents.stream().map(pages::get).toList()).as("A, B, C, then A again")
          .containsExactly(List.of("/ana"), List.of("/bo"), List.of("/cy"), List.of("/ana"));
      assertThat(escalations(t, incidents.get(1))).containsExactly("step 1: paging Bo Lee (round-robin)");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aRepeatOfTheSameIncidentGoesToTheNextInTurnAndLaterStepsStillRun(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      Team team = team(t, receiver);
      assign(t, team.serviceId(), policy(t, "{\"name\":\"turns\",\"repeat_count\":1,\"steps\":[" + users("round_robin", team.ana(), team.bo())
          + "," + users("all", team.cy()) + "]}"));
      long incident = open(t, team.key(), "rep-1");
      LoopbackReceiver.await("two rounds of two steps", () -> receiver.received().size() >= 4, 20);
      Thread.sleep(500);
      assertThat(pagesByIncident(receiver).get(incident)).as("pages of steps due at once may arrive in any order")
          .containsExactlyInAnyOrder("/ana", "/cy", "/bo", "/cy");
      assertThat(escalations(t, incident)).containsExactly("step 1: paging Ana Lee (round-robin)", "step 2: paging Cy Lee",
          "step 1 (repeat 1): paging Bo Lee (round-robin)", "step 2 (repeat 1): paging Cy Lee");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void roundRobinTurnsLiveInTheStoreSoAnotherNodeOrARestartContinuesThem(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      Team team = team(t, receiver);
      assign(t, team.serviceId(), policy(t, "{\"name\":\"turns\",\"steps\":[" + users("round_robin", team.ana(), team.bo(), team.cy()) + "]}"));
      open(t, team.key(), "node-1");
      LoopbackReceiver.await("the first page", () -> receiver.received().size() >= 1, 10);
      for (int i = 2; i <= 3; i++) {
        try (Hush restarted = t.anotherNode()) {
          ServiceCatalog.Route route = restarted.services().resolve(team.key()).route().orElseThrow();
          JsonNode body = Json.parse(trigger(team.key(), "node-" + i));
          restarted.ingest().pagerDuty(route, body);
          int pages = i;
          LoopbackReceiver.await("page " + i, () -> receiver.received().size() >= pages, 10);
        }
      }
      assertThat(receiver.received().stream().map(LoopbackReceiver.Received::path).toList()).containsExactly("/ana", "/bo", "/cy");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void concurrentIncidentsOnTwoNodesNeverTakeTheSameTurn(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver(); Hush second = t.anotherNode()) {
      Team team = team(t, receiver);
      assign(t, team.serviceId(), policy(t, "{\"name\":\"turns\",\"steps\":[" + users("round_robin", team.ana(), team.bo(), team.cy()) + "]}"));
      List<Hush> nodes = List.of(t.hush(), second);
      try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          Hush node = nodes.get(i % 2);
          JsonNode body = Json.parse(trigger(team.key(), "burst-" + i));
          sent.add(pool.submit(() -> node.ingest().pagerDuty(node.services().resolve(team.key()).route().orElseThrow(), body)));
        }
        for (Future<?> f : sent) {
          f.get();
        }
      }
      LoopbackReceiver.await("twelve pages", () -> receiver.received().size() >= 12, 20);
      Thread.sleep(500);
      Map<String, Long> perPerson = receiver.received().stream().collect(Collectors.groupingBy(LoopbackReceiver.Received::path, Collectors.counting()));
      assertThat(perPerson).as("twelve incidents spread evenly over three people").containsOnly(
          Map.entry("/ana", 4L), Map.entry("/bo", 4L), Map.entry("/cy", 4L));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aStepCanPageWhoeverIsOnCallAndPostToATeamChannelAtOnce(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver(); LoopbackReceiver room = new LoopbackReceiver()) {
      Team team = team(t, receiver);
      Schedule primary = scheduleWith(t, "Primary", List.of(team.bo().id()));
      long slack = t.hush().notifications().addContactMethod(t.admin().id(), ChannelKind.SLACK, "#payments", room.url("/services/T/B/x"), null).id();
      assign(t, team.serviceId(), policy(t, "{\"name\":\"mixed\",\"steps\":[{\"targets\":[{\"target\":\"schedule\",\"target_id\":" + primary.id()
          + "},{\"target\":\"channel\",\"target_id\":" + slack + "}]}]}"));
      long incident = open(t, team.key(), "mix-1");
      LoopbackReceiver.await("the on-call person and the room", () -> !receiver.received().isEmpty() && !room.received().isEmpty(), 10);
      assertThat(pagesByIncident(receiver).get(incident)).containsExactly("/bo");
      assertThat(Json.parse(room.received().get(0).body()).path("text").asText()).isEqualTo("[critical] Payments failing mix-1");
      assertThat(escalations(t, incident)).containsExactly("step 1: paging Bo Lee; posting to #payments (slack)");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aScheduleWithNobodyOnCallIsNotedAndTheNextStepStillRuns(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      Team team = team(t, receiver);
      Schedule empty = scheduleWith(t, "Weekend", List.of());
      assign(t, team.serviceId(), policy(t, "{\"name\":\"gap\",\"steps\":[{\"target\":\"schedule\",\"target_id\":" + empty.id()
          + ",\"delay_minutes\":0}," + users("all", team.cy()) + "]}"));
      long incident = open(t, team.key(), "gap-1");
      LoopbackReceiver.await("the second step's page", () -> !receiver.received().isEmpty(), 10);
      assertThat(pagesByIncident(receiver).get(incident)).containsExactly("/cy");
      assertThat(escalations(t, incident)).containsExactly("step 1: no one notified: nobody is on call in Weekend", "step 2: paging Cy Lee");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void roundRobinSkipsAScheduleWithNobodyOnCall(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      Team team = team(t, receiver);
      Schedule empty = scheduleWith(t, "Weekend", List.of());
      assign(t, team.serviceId(), policy(t, "{\"name\":\"gap\",\"steps\":[{\"mode\":\"round_robin\",\"targets\":[{\"target\":\"schedule\",\"target_id\":"
          + empty.id() + "},{\"target\":\"user\",\"target_id\":" + team.ana().id() + "}]}]}"));
      long incident = open(t, team.key(), "skip-1");
      LoopbackReceiver.await("the page", () -> !receiver.received().isEmpty(), 10);
      assertThat(pagesByIncident(receiver).get(incident)).containsExactly("/ana");
      assertThat(escalations(t, incident)).containsExactly("step 1: nobody is on call in Weekend; paging Ana Lee (round-robin)");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void refusedPoliciesNameTheFieldAtFault(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      Schedule primary = scheduleWith(t, "Primary", List.of(t.admin().id()));
      String ok = "{\"target\":\"schedule\",\"target_id\":" + primary.id() + "}";
      Map<String, String> bodies = new java.util.LinkedHashMap<>();
      bodies.put("{\"name\":\"p\",\"steps\":[{\"targets\":[" + ok + "]},{\"targets\":[{\"target\":\"user\",\"target_id\":99999}]}]}",
          "steps[1].targets[0].target_id");
      bodies.put("{\"name\":\"p\",\"steps\":[{\"targets\":[" + ok + ",{\"target\":\"room\",\"target_id\":1}]}]}", "steps[0].targets[1].target");
      bodies.put("{\"name\":\"p\",\"steps\":[{\"targets\":[{\"target\":\"user\"}]}]}", "steps[0].targets[0].target_id");
      bodies.put("{\"name\":\"p\",\"steps\":[{\"targets\":[{\"target\":\"user\",\"target_id\":\"dana\"}]}]}", "steps[0].targets[0].target_id");
      bodies.put("{\"name\":\"p\",\"steps\":[{\"targets\":[]}]}", "steps[0].targets");
      bodies.put("{\"name\":\"p\",\"steps\":[{\"delay_minutes\":5}]}", "steps[0].targets");
      bodies.put("{\"name\":\"p\",\"steps\":[{\"mode\":\"sometimes\",\"targets\":[" + ok + "]}]}", "steps[0].mode");
      bodies.put("{\"name\":\"p\",\"steps\":[{\"targets\":[" + ok + "],\"delay_minutes\":5000}]}", "steps[0].delay_minutes");
      bodies.put("{\"name\":\"p\",\"steps\":[{\"targets\":[" + ok + "," + ok + "]}]}", "steps[0].targets[1]");
      bodies.put("{\"name\":\"p\",\"steps\":[{\"target\":\"rota\",\"target_id\":1}]}", "steps[0].target");
      bodies.put("{\"name\":\"p\",\"steps\":[{\"target\":\"channel\",\"target_id\":424242}]}", "steps[0].targets[0].target_id");
      bodies.put("{\"name\":\"p\",\"steps\":[]}", "steps");
      for (var e : bodies.entrySet()) {
        HttpResponse<String> r = t.api("POST", "/api/v1/escalation-policies", e.getKey());
        assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
        JsonNode problem = Json.parse(r.body());
        assertThat(problem.path("error").asText()).isEqualTo("invalid_request");
        assertThat(problem.path("field").asText()).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(problem.path("detail").asText()).isNotBlank();
      }
      assertThat(t.hush().escalation().policies(team -> true)).as("nothing half-created").isEmpty();
      assertThat(Json.parse(t.api("POST", "/api/v1/escalation-policies",
          "{\"name\":\"p\",\"steps\":[{\"targets\":[{\"target\":\"user\",\"target_id\":99999}]}]}").body()).path("detail").asText())
          .isEqualTo("step 1: no user 99999 in this team");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void editingAPolicySendsTheNextIncidentToItsNewSteps(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      Team team = team(t, receiver);
      long policy = policy(t, "{\"name\":\"first\",\"steps\":[" + users("all", team.ana()) + "]}");
      assign(t, team.serviceId(), policy);
      long first = open(t, team.key(), "edit-1");
      LoopbackReceiver.await("the first page", () -> receiver.received().size() >= 1, 10);

      JsonNode edited = t.apiJson("PUT", "/api/v1/escalation-policies/" + policy, "{\"name\":\"second\",\"repeat_count\":1,\"steps\":["
          + users("all", team.bo(), team.cy()) + "]}");
      assertThat(edited.path("name").asText()).isEqualTo("second");
      assertThat(edited.path("steps").get(0).path("targets").findValuesAsText("name")).containsExactly("Bo Lee", "Cy Lee");
      long second = open(t, team.key(), "edit-2");
      LoopbackReceiver.await("the edited step's pages", () -> pagesByIncident(receiver).getOrDefault(second, List.of()).size() >= 2, 10);
      assertThat(pagesByIncident(receiver).get(first)).containsExactly("/ana");
      assertThat(pagesByIncident(receiver).get(second).subList(0, 2)).containsExactlyInAnyOrder("/bo", "/cy");
      assertThat(t.apiJson("GET", "/api/v1/services/" + team.serviceId() + "/escalation-policy", null).path("repeat_count").asInt()).isEqualTo(1);

      assertThat(t.api("PUT", "/api/v1/escalation-policies/99999", "{\"name\":\"x\",\"steps\":[" + users("all", team.ana()) + "]}").statusCode())
          .isEqualTo(404);
      long other = policy(t, "{\"name\":\"other\",\"steps\":[" + users("all", team.ana()) + "]}");
      HttpResponse<String> taken = t.api("PUT", "/api/v1/escalation-policies/" + other, "{\"name\":\"second\",\"steps\":[" + users("all", team.ana()) + "]}");
      assertThat(taken.statusCode()).isEqualTo(409);
      assertThat(Json.parse(taken.body()).path("field").asText()).isEqualTo("name");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aPolicyInUseCannotBeDeletedAndAnUnusedOneCan(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      Schedule primary = scheduleWith(t, "Primary", List.of(t.admin().id()));
      long serviceId = t.hush().services().create("search", "", t.team(), null, false).id();
      String step = "{\"target\":\"schedule\",\"target_id\":" + primary.id() + "}";
      long used = policy(t, "{\"name\":\"used\",\"steps\":[" + step + "]}");
      assign(t, serviceId, used);
      HttpResponse<String> refused = t.api("DELETE", "/api/v1/escalation-policies/" + used, null);
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(Json.parse(refused.body()).path("detail").asText()).contains("search");
      assign(t, serviceId, policy(t, "{\"name\":\"replacement\",\"steps\":[" + step + "]}"));
      assertThat(t.api("DELETE", "/api/v1/escalation-policies/" + used, null).statusCode()).isEqualTo(204);
      assertThat(t.api("GET", "/api/v1/escalation-policies/" + used, null).statusCode()).isEqualTo(404);
      assertThat(t.apiJson("GET", "/api/v1/escalation-policies", null).findValuesAsText("name")).contains("replacement").doesNotContain("used");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theOldSingleTargetShapeStillWorksAndReadsBackAsOneTargetWithItsName(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      Schedule primary = scheduleWith(t, "Primary", List.of(t.admin().id()));
      JsonNode created = t.apiJson("POST", "/api/v1/escalation-policies", "{\"name\":\"old\",\"repeat_count\":2,\"steps\":[{\"target\":\"schedule\","
          + "\"target_id\":" + primary.id() + ",\"delay_minutes\":5},{\"target\":\"user\",\"target_id\":" + t.admin().id() + ",\"delay_minutes\":10}]}");
      JsonNode read = t.apiJson("GET", "/api/v1/escalation-policies/" + created.path("id").asLong(), null);
      assertThat(read).isEqualTo(created);
      JsonNode first = read.path("steps").get(0);
      assertThat(first.path("mode").asText()).isEqualTo("all");
      assertThat(first.path("delay_minutes").asInt()).isEqualTo(5);
      assertThat(first.path("targets")).hasSize(1);
      assertThat(first.path("targets").get(0).path("target").asText()).isEqualTo("schedule");
      assertThat(first.path("targets").get(0).path("target_id").asLong()).isEqualTo(primary.id());
      assertThat(first.path("targets").get(0).path("name").asText()).isEqualTo("Primary");
      assertThat(read.path("steps").get(1).path("targets").get(0).path("name").asText()).isEqualTo("Ada Admin");
      assertThat(t.hush().escalation().named(t.hush().escalation().policy(created.path("id").asLong())).inWords())
          .isEqualTo("Step 1: page whoever is on call in Primary, then after 5 min → Step 2: page Ada Admin, then after 10 min start over (repeat 2×).");
    }
  }
}
