package dev.hush.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.LoopbackReceiver;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.incidents.Incident;
import dev.hush.jobs.Job;
import dev.hush.people.User;
import dev.hush.services.ServiceCatalog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A page is committed to be sent at once, and the node dies before it goes out (here: the send is
 * simply never started). The recovery pass delivers it, once, after it counts as lost, and not before.
 */
class UnsentPageRecoveryTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aPageANodeNeverSentIsDeliveredOnceByTheRecoveryPass(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(System.currentTimeMillis());
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver provider = new LoopbackReceiver()) {
      User dana = t.person("dana@x.io", "Dana", "long-enough-pw", false, "UTC", null);
      t.hush().notifications().addContactMethod(dana.id(), ChannelKind.WEBHOOK, "pager", provider.url("/page"), null);
      long serviceId = t.hush().services().create("api", "", t.team(), null, false).id();
      ServiceCatalog.Route route = new ServiceCatalog.Route(-1, t.hush().services().require(serviceId));
      var body = Json.parse("{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"dedup_key\":\"lost\","
          + "\"payload\":{\"summary\":\"Queue stuck\",\"source\":\"s\",\"severity\":\"critical\"}}");
      long incidentId = t.hush().ingest().pagerDuty(route, body).events().get(0).incidentId();
      Incident incident = t.hush().incidents().byId(incidentId).orElseThrow();
      NotifyService notify = t.hush().notifications();
      List<NotifyService.Notification> queued = t.hush().db().inTransaction(
          h -> notify.page(h, t.hush().incidents().facts(incident), "inc" + incidentId + ":r0:s0", dana.id()));
      assertThat(queued).as("committed, to be sent at once, and then the node died").hasSize(1);

      clock.advance(NotifyService.RECOVER_AFTER.toMillis() - 10_000);
      runDue(t, notify);
      assertThat(provider.received()).as("too early: a live node might still be sending it").isEmpty();

      // A whole recovery interval on, so this pass is a new one wherever the clock started in its 30 s slot.
      clock.advance(30_000);
      runDue(t, notify);
      assertThat(provider.received()).singleElement()
          .satisfies(r -> assertThat(Json.parse(r.body()).path("incident_id").asLong()).isEqualTo(incidentId));
      assertThat(t.hush().incidents().detail(incidentId).timeline()).anySatisfy(e -> assertThat(e.kind()).isEqualTo("notified"));

      for (int i = 0; i < 10; i++) {
        clock.advance(Duration.ofMinutes(1).toMillis());
        runDue(t, notify);
      }
      assertThat(provider.received()).as("and never again").hasSize(1);
    }
  }

  /** One cycle of the engine for the two kinds involved, run by the test on its clock. */
  private static void runDue(TestHush t, NotifyService notify) throws Exception {
    notify.scheduleRecovery(t.hush().clock().millis());
    for (Job job : t.hush().jobs().claim("test", 50, 30_000, List.of(NotifyService.RECOVER_JOB))) {
      notify.recoverUnsent(job);
      t.hush().jobs().complete(job, "test");
    }
    for (Job job : t.hush().jobs().claim("test", 50, 30_000, List.of(NotifyService.DELIVER_JOB))) {
      notify.deliver(job);
      t.hush().jobs().complete(job, "test");
    }
  }
}
