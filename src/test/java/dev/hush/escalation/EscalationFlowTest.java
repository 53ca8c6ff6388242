package dev.hush.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.LoopbackReceiver;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentFilter;
import dev.hush.incidents.IncidentStatus;
import dev.hush.notify.ChannelKind;
import dev.hush.notify.ContactMethod;
import dev.hush.oncall.Schedule;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.User;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Alert → incident → escalation step → the person on call's webhook → one-click ack. */
class EscalationFlowTest {

  record Setup(User dana, ContactMethod hook, String key, long serviceId) {}

  private static Setup setUp(TestHush t, LoopbackReceiver receiver) {
    User dana = t.person("dana@x.io", "Dana On-call", "long-enough-pw", false, "Europe/Berlin", null);
    ContactMethod hook = t.hush().notifications().addContactMethod(dana.id(), ChannelKind.WEBHOOK, "pager", receiver.url("/page"), null);
    var rotation = t.hush().oncall().createRotation(t.team(), "primary", "Europe/Berlin", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
        LocalDate.now().minusDays(14), List.of(dana.id()));
    Schedule schedule = t.hush().oncall().createSchedule(t.team(), "payments");
    t.hush().oncall().addLayer(schedule.id(), rotation.id(), 1, null);
    EscalationPolicy policy = t.hush().escalation().createPolicy(t.team(), "payments", 1,
        List.of(EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.SCHEDULE, schedule.id())));
    long serviceId = t.hush().services().create("payments", "", t.team(), null, false).id();
    String key = t.hush().services().createKey(serviceId, "k").secret();
    t.hush().escalation().assign(serviceId, policy.id());
    return new Setup(dana, hook, key, serviceId);
  }

  private static String trigger(String key, String dedup) {
    return "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"" + dedup
        + "\",\"payload\":{\"summary\":\"Payments failing\",\"source\":\"api-1\",\"severity\":\"critical\","
        + "\"custom_details\":{\"bid\":\"" + dedup + "\",\"region\":\"eu\"}}}";
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anAlertPagesWhoeverIsOnCallAndTheirAckLinkAcknowledgesAsThem(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      Setup s = setUp(t, receiver);
      assertThat(t.postJson("/v2/enqueue", trigger(s.key(), "pay-1")).statusCode()).isEqualTo(202);
      LoopbackReceiver.await("the page", () -> !receiver.received().isEmpty(), 10);
      JsonNode page = Json.parse(receiver.received().get(0).body());
      assertThat(page.path("title").asText()).isEqualTo("Payments failing");
      assertThat(page.path("recipient").asText()).isEqualTo("Dana On-call");
      assertThat(page.path("details").path("labels").path("bid").asText()).as("the alert's labels travel with the page").isEqualTo("pay-1");
      assertThat(receiver.received().get(0).body()).contains("\"bid\":\"pay-1\"");
      Incident incident = t.hush().incidents().list(new IncidentFilter(Set.of(), s.serviceId(), null, null, 5, null)).get(0);
      LoopbackReceiver.await("timeline", () -> t.hush().incidents().detail(incident.id()).timeline().stream()
          .anyMatch(e -> e.kind().equals("notified")), 5);
      assertThat(t.hush().incidents().detail(incident.id()).timeline()).anySatisfy(e -> {
        assertThat(e.kind()).isEqualTo("escalated");
        assertThat(e.detail()).contains("paging Dana On-call");
      });

      String ackUrl = page.path("ack_url").asText();
      String path = URI.create(ackUrl).getPath();
      HttpResponse<String> preview = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + path)));
      assertThat(preview.statusCode()).isEqualTo(200);
      assertThat(preview.body()).contains("Acknowledge as Dana On-call");
      assertThat(t.hush().incidents().require(incident.id()).status()).as("a GET (a link preview) never acknowledges")
          .isEqualTo(IncidentStatus.TRIGGERED);
      HttpResponse<String> ack = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(ack.body()).contains("Acknowledged by Dana On-call");
      Incident acked = t.hush().incidents().require(incident.id());
      assertThat(acked.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
      assertThat(acked.ackedBy()).isEqualTo(s.dana().id());

      HttpResponse<String> forged = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + path.substring(0, path.length() - 3) + "AAA"))
          .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(forged.statusCode()).isEqualTo(403);
      assertThat(receiver.received()).as("one page, no duplicates").hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void whileTheProviderIsDownPagesWaitAndAreDeliveredOnceWhenItIsBack(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      Setup s = setUp(t, receiver);
      receiver.respondWith(503);
      for (int i = 0; i < 3; i++) {
        assertThat(t.postJson("/v2/enqueue", trigger(s.key(), "down-" + i)).statusCode()).isEqualTo(202);
      }
      long firstIncident = t.hush().incidents().list(new IncidentFilter(Set.of(), s.serviceId(), null, null, 5, null)).get(2).id();
      LoopbackReceiver.await("a failed attempt on the timeline", () -> t.hush().incidents().detail(firstIncident).timeline().stream()
          .anyMatch(e -> e.kind().equals("notify_failed")), 10);
      Thread.sleep(2_500);
      assertThat(receiver.received()).isEmpty();
      receiver.respondWith(200);
      LoopbackReceiver.await("all three pages", () -> receiver.received().size() >= 3, 30);
      Thread.sleep(1_500);
      assertThat(receiver.received()).hasSize(3);
      assertThat(receiver.received().stream().map(r -> Json.parse(r.body()).path("incident_id").asLong()).distinct()).hasSize(3);
      assertThat(t.hush().notifications().countSent(firstIncident)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(value = StoreKind.class, names = "SQLITE")
  void aServiceWithoutAPolicyPagesNobody(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      setUp(t, receiver);
      String other = t.serviceWithKey("quiet");
      assertThat(t.postJson("/v2/enqueue", trigger(other, "q")).statusCode()).isEqualTo(202);
      Thread.sleep(1_000);
      assertThat(receiver.received()).isEmpty();
      long waiting = t.hush().db().withHandle(h -> h.createQuery(
          "SELECT COUNT(*) FROM jobs WHERE status IN ('pending', 'running') AND kind IN ('escalation.step', 'notify.deliver')").mapTo(Long.class).one());
      assertThat(waiting).as("no escalation step or delivery waits").isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aProviderThatRefusesThePageForGoodIsNotRetriedAndThePersonIsToldAtOnce(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver gone = new LoopbackReceiver(); LoopbackReceiver backup = new LoopbackReceiver()) {
      Setup s = setUp(t, gone);
      t.hush().notifications().addContactMethod(s.dana().id(), ChannelKind.NTFY, "phone", backup.url("/dana"), null);
      t.hush().notifications().addRule(s.dana().id(), s.hook().id(), 0);
      gone.respondWith(410);
      assertThat(t.postJson("/v2/enqueue", trigger(s.key(), "webhook-deleted")).statusCode()).isEqualTo(202);
      long incidentId = t.incidents().get(0).id();
      LoopbackReceiver.await("the person told through their other method", () -> !backup.received().isEmpty(), 10);
      assertThat(backup.received().get(0).header("Title")).contains("keeps failing");
      Thread.sleep(2_500);
      assertThat(gone.requestCount()).as("a 410 is final: no retry after the first back-off").isEqualTo(1);
      assertThat(t.hush().incidents().detail(incidentId).timeline()).filteredOn(e -> e.kind().equals("notify_failed"))
          .singleElement().satisfies(e -> assertThat(e.detail()).contains("refused for good").contains("HTTP 410"));
    }
  }

  @ParameterizedTest
  @EnumSource(value = StoreKind.class, names = "SQLITE")
  void aChannelThatKeepsFailingIsReportedOnTheIncidentAndToThePersonByTheirNextMethod(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver broken = new LoopbackReceiver(); LoopbackReceiver backup = new LoopbackReceiver()) {
      Setup s = setUp(t, broken);
      t.hush().notifications().addContactMethod(s.dana().id(), ChannelKind.NTFY, "phone", backup.url("/dana"), null);
      t.hush().notifications().addRule(s.dana().id(), s.hook().id(), 0);
      broken.respondWith(500);
      assertThat(t.postJson("/v2/enqueue", trigger(s.key(), "flaky")).statusCode()).isEqualTo(202);
      long incidentId = t.incidents().get(0).id();
      LoopbackReceiver.await("the person told through their other method", () -> !backup.received().isEmpty(), 30);
      assertThat(backup.received().get(0).header("Title")).contains("keeps failing");
      assertThat(t.hush().incidents().detail(incidentId).timeline()).filteredOn(e -> e.kind().equals("notify_failed")).hasSizeGreaterThanOrEqualTo(3);
      assertThat(t.hush().notifications().contactMethods(s.dana().id())).filteredOn(m -> m.id() == s.hook().id())
          .singleElement().satisfies(m -> assertThat(m.failingSince()).isNotNull());
    }
  }

  @ParameterizedTest
  @EnumSource(value = StoreKind.class, names = "POSTGRESQL")
  void aStepCanPostToATeamChannelAsWellAsPagingPeople(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver people = new LoopbackReceiver(); LoopbackReceiver room = new LoopbackReceiver()) {
      Setup s = setUp(t, people);
      ContactMethod slackRoom = t.hush().notifications().addContactMethod(t.admin().id(), ChannelKind.SLACK, "#payments", room.url("/services/T/B/x"), null);
      var schedule = t.hush().oncall().schedules().get(0);
      EscalationPolicy policy = t.hush().escalation().createPolicy(t.team(), "with room", 0, List.of(
          EscalationPolicy.Step.of(0, 0, EscalationPolicy.TargetKind.CHANNEL, slackRoom.id()),
          EscalationPolicy.Step.of(1, 5, EscalationPolicy.TargetKind.SCHEDULE, schedule.id())));
      t.hush().escalation().assign(s.serviceId(), policy.id());
      assertThat(t.postJson("/v2/enqueue", trigger(s.key(), "room-1")).statusCode()).isEqualTo(202);
      LoopbackReceiver.await("the room gets the incident", () -> !room.received().isEmpty(), 10);
      assertThat(Json.parse(room.received().get(0).body()).path("text").asText()).isEqualTo("[critical] Payments failing");
      LoopbackReceiver.await("then the on-call person is paged", () -> !people.received().isEmpty(), 10);
      long incidentId = t.incidents().get(0).id();
      assertThat(t.hush().incidents().detail(incidentId).timeline()).anySatisfy(e -> assertThat(e.detail()).contains("posting to #payments (slack)"));
    }
  }
}
