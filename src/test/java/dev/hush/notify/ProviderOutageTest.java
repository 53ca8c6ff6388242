package dev.hush.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.LoopbackReceiver;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.jobs.Job;
import dev.hush.oncall.Schedule;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.User;
import dev.hush.services.ServiceCatalog;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A provider that is down for ten minutes (on a clock the test moves): everything queued arrives once when it is back. */
class ProviderOutageTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void pagesQueuedDuringATenMinuteOutageAreDeliveredOnceWhenTheProviderIsBack(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(System.currentTimeMillis());
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver provider = new LoopbackReceiver()) {
      User dana = t.person("dana@x.io", "Dana", "long-enough-pw", false, "UTC", null);
      t.hush().notifications().addContactMethod(dana.id(), ChannelKind.SLACK, "slack", provider.url("/services/x"), null);
      var rotation = t.hush().oncall().createRotation(t.team(), "r", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
          LocalDate.now().minusWeeks(1), List.of(dana.id()));
      Schedule schedule = t.hush().oncall().createSchedule(t.team(), "s");
      t.hush().oncall().addLayer(schedule.id(), rotation.id(), 1, null);
      var policy = t.hush().escalation().createPolicy(t.team(), "p", 0, List.of(EscalationPolicy.Step.of(0, 30, EscalationPolicy.TargetKind.SCHEDULE, schedule.id())));
      long serviceId = t.hush().services().create("api", "", t.team(), null, false).id();
      t.hush().escalation().assign(serviceId, policy.id());
      ServiceCatalog.Route route = new ServiceCatalog.Route(-1, t.hush().services().require(serviceId));

      provider.respondWith(503);
      for (int i = 0; i < 5; i++) {
        var body = Json.parse("{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"dedup_key\":\"out-" + i
            + "\",\"payload\":{\"summary\":\"outage " + i + "\",\"source\":\"s\",\"severity\":\"critical\"}}");
        t.hush().ingest().pagerDuty(route, body);
      }
      LoopbackReceiver.await("the direct attempts failed and handed over to the jobs",
          () -> t.hush().jobs().nextDueAt() != null && t.hush().jobs().nextDueAt() <= clock.millis() + 2_000, 10);

      long outageEnds = clock.millis() + Duration.ofMinutes(10).toMillis();
      int attempts = 0;
      for (int tick = 0; tick < 2_000 && provider.received().size() < 5; tick++) {
        clock.advance(1_000);
        if (clock.millis() >= outageEnds) {
          provider.respondWith(200);
        }
        for (Job job : t.hush().jobs().claim("test", 50, 30_000, List.of(NotifyService.DELIVER_JOB))) {
          attempts++;
          try {
            t.hush().notifications().deliver(job);
            t.hush().jobs().complete(job, "test");
          } catch (Exception providerDown) {
            t.hush().jobs().fail(job, "test", providerDown.toString());
          }
        }
      }
      assertThat(clock.millis()).as("nothing got through during the outage").isGreaterThanOrEqualTo(outageEnds);
      assertThat(provider.received()).hasSize(5);
      assertThat(provider.received().stream().map(r -> Json.parse(r.body()).path("text").asText()).distinct()).hasSize(5);
      assertThat(attempts).as("exponential back-off: a handful of tries per page in ten minutes, not hundreds").isLessThanOrEqualTo(5 * 11);
      for (int i = 0; i < 50; i++) {
        clock.advance(60_000);
        for (Job job : t.hush().jobs().claim("test", 50, 30_000, List.of(NotifyService.DELIVER_JOB))) {
          t.hush().notifications().deliver(job);
          t.hush().jobs().complete(job, "test");
        }
      }
      assertThat(provider.received()).as("and nothing twice afterwards").hasSize(5);
    }
  }
}
