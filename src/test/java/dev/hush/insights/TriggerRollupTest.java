package dev.hush.insights;

import static dev.hush.insights.InsightsRollupTest.RECOUNT;
import static dev.hush.insights.InsightsRollupTest.ROLLUP;
import static dev.hush.insights.InsightsRollupTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hush.LoopbackReceiver;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.store.Dialect;
import dev.hush.store.EventFence;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TriggerRollupTest {
  private static final String INSERT_EVENT = """
      INSERT INTO alert_events (service_id, incident_id, format, action, dedup_key, received_at, body)
      VALUES (?, ?, 'pagerduty', 'trigger', ?, 0, '{}')""";

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void nodesCountingAtOnceCountEveryTriggerOnce(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      InsightsFixture payments = InsightsFixture.start(t, receiver, "payments", "UTC", false);
      for (int round = 0; round < 3; round++) {
        for (int alert = 0; alert < 40; alert++) {
          payments.trigger("a" + alert, "Payments failing " + alert);
        }
      }
      // Three nodes (and the server's own tick) race over the same 120 events, seven at a time.
      List<TriggerRollup> nodes = List.of(new TriggerRollup(t.hush().db(), 7), new TriggerRollup(t.hush().db(), 7),
          new TriggerRollup(t.hush().db(), 7));
      ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
      try {
        List<Future<Long>> counted = new ArrayList<>();
        nodes.forEach(n -> counted.add(pool.submit(n::catchUp)));
        for (Future<Long> f : counted) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      t.hush().triggerRollup().catchUp();

      assertThat(rows(t, ROLLUP)).containsExactlyInAnyOrderElementsOf(rows(t, RECOUNT));
      assertThat(rows(t, "SELECT SUM(alert_events) AS events, SUM(incidents_opened) AS opened FROM insights_hourly"))
          .singleElement().satisfies(r -> {
            assertThat(r.get("events")).isEqualTo(120L);
            assertThat(r.get("opened")).isEqualTo(40L);
          });
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theTickGivesWayToAnAlertStormAndCountsOnceItPasses(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store); LoopbackReceiver receiver = new LoopbackReceiver()) {
      t.hush().triggerRollup().close();
      InsightsFixture payments = InsightsFixture.start(t, receiver, "payments", "UTC", false);
      // Any arrival counts as a storm here; the backlog bound is far away.
      TriggerRollup tick = new TriggerRollup(t.hush().db(), 7, 1, 1_000);
      tick.catchUpUnlessBusy();
      for (int alert = 0; alert < 40; alert++) {
        payments.trigger("a" + alert, "Payments failing " + alert);
      }

      assertThat(tick.catchUpUnlessBusy()).as("alerts arrived since the last look").isZero();
      assertThat(tick.backlog()).isGreaterThanOrEqualTo(40);
      assertThat(tick.catchUpUnlessBusy()).as("none arrived since").isEqualTo(40);
      assertThat(rows(t, ROLLUP)).containsExactlyInAnyOrderElementsOf(rows(t, RECOUNT));
    }
  }

  @Test
  void aBacklogPastItsBoundIsCountedEvenDuringAStorm() throws Exception {
    try (TestHush t = TestHush.start(StoreKind.SQLITE); LoopbackReceiver receiver = new LoopbackReceiver()) {
      t.hush().triggerRollup().close();
      InsightsFixture payments = InsightsFixture.start(t, receiver, "payments", "UTC", false);
      TriggerRollup tick = new TriggerRollup(t.hush().db(), 7, 1, 30);
      tick.catchUpUnlessBusy();
      for (int alert = 0; alert < 40; alert++) {
        payments.trigger("a" + alert, "Payments failing " + alert);
      }

      assertThat(tick.catchUpUnlessBusy()).isEqualTo(40);
      assertThat(rows(t, ROLLUP)).containsExactlyInAnyOrderElementsOf(rows(t, RECOUNT));
    }
  }

  /** On PostgreSQL an event with a lower id can commit after a higher one: the count must wait for it, not skip it. */
  @Test
  void anEventStillBeingWrittenIsNeverSkipped() throws Exception {
    try (TestHush t = TestHush.start(StoreKind.POSTGRESQL); LoopbackReceiver receiver = new LoopbackReceiver()) {
      InsightsFixture payments = InsightsFixture.start(t, receiver, "payments", "UTC", false);
      long incident = payments.trigger("a", "Payments failing");
      t.hush().triggerRollup().catchUp();
      try (Handle slow = t.hush().db().jdbi().open(); Handle fast = t.hush().db().jdbi().open()) {
        // Two writers append events as ingest does, inside the fence: the one that took the lower id commits last.
        slow.begin();
        EventFence.writing(slow, Dialect.POSTGRESQL);
        slow.execute(INSERT_EVENT, payments.serviceId(), incident, "a");
        fast.useTransaction(f -> {
          EventFence.writing(f, Dialect.POSTGRESQL);
          f.execute(INSERT_EVENT, payments.serviceId(), incident, "a");
        });

        assertThatThrownBy(() -> t.hush().triggerRollup().catchUp()).as("the slow writer holds the table past the lock timeout")
            .hasMessageContaining("lock timeout");
        assertThat(rows(t, "SELECT alert_events FROM insights_hourly")).singleElement()
            .satisfies(r -> assertThat(r.get("alert_events")).as("nothing counted past the slow event").isEqualTo(1L));

        slow.commit();
      }
      t.hush().triggerRollup().catchUp();
      assertThat(rows(t, "SELECT alert_events, incidents_opened FROM insights_hourly")).singleElement().satisfies(r -> {
        assertThat(r.get("alert_events")).isEqualTo(3L);
        assertThat(r.get("incidents_opened")).isEqualTo(1L);
      });
    }
  }
}
