package dev.hush.insights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.LoopbackReceiver;
import dev.hush.TestHush;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.notify.ChannelKind;
import dev.hush.oncall.Schedule;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.User;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** A team whose service pages its on-call person, driven through the real API. */
record InsightsFixture(TestHush t, User dana, String token, long serviceId, String key) {

  /** {@code zone}: the rotation's, which makes it the team's; {@code paging}: whether the service has a policy. */
  static InsightsFixture start(TestHush t, LoopbackReceiver receiver, String service, String zone, boolean paging) {
    User dana = t.hush().people().users().stream().filter(u -> u.email().equals("dana@x.io")).findFirst()
        .orElseGet(() -> t.person("dana@x.io", "Dana", "long-enough-pw", false, zone, null));
    long serviceId = t.hush().services().create(service, "", t.team(), null, false).id();
    String key = t.hush().services().createKey(serviceId, "k").secret();
    if (paging) {
      t.hush().notifications().addContactMethod(dana.id(), ChannelKind.WEBHOOK, "pager-" + service, receiver.url("/page"), null);
      var rotation = t.hush().oncall().createRotation(t.team(), "primary-" + service, zone, ShiftKind.WEEKLY, 1, LocalTime.of(9, 0),
          DayOfWeek.MONDAY, LocalDate.of(2020, 1, 6), List.of(dana.id()));
      Schedule schedule = t.hush().oncall().createSchedule(t.team(), service);
      t.hush().oncall().addLayer(schedule.id(), rotation.id(), 1, null);
      EscalationPolicy policy = t.hush().escalation().createPolicy(t.team(), service, 0,
          List.of(EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.SCHEDULE, schedule.id())));
      t.hush().escalation().assign(serviceId, policy.id());
    }
    return new InsightsFixture(t, dana, t.tokenOf(dana), serviceId, key);
  }

  /** Sends a PagerDuty event; returns the incident it touched (the newest of the service). */
  long event(String action, String dedup, String summary) {
    HttpResponse<String> r = t.postJson("/v2/enqueue", "{\"routing_key\":\"" + key + "\",\"event_action\":\"" + action + "\",\"dedup_key\":\""
        + dedup + "\",\"payload\":{\"summary\":\"" + summary + "\",\"source\":\"test\",\"severity\":\"critical\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return t.incidents().stream().filter(i -> i.serviceId() == serviceId && i.dedupKey().equals(dedup)).findFirst().orElseThrow().id();
  }

  long trigger(String dedup, String summary) {
    return event("trigger", dedup, summary);
  }

  void ack(long incident) {
    assertThat(t.apiAs(token, "POST", "/api/v1/incidents/" + incident + "/ack", null).statusCode()).isEqualTo(200);
  }

  void resolve(long incident) {
    assertThat(t.apiAs(token, "POST", "/api/v1/incidents/" + incident + "/resolve", null).statusCode()).isEqualTo(200);
  }

  void log(long incident, String action) {
    HttpResponse<String> r = t.apiAs(token, "PUT", "/api/v1/incidents/" + incident + "/log",
        "{\"action\":\"" + action + "\",\"note\":\"\",\"verdict\":\"actionable\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
