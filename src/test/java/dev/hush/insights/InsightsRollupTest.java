package dev.hush.insights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.LoopbackReceiver;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InsightsRollupTest {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;

  /** What the rollup should hold, recomputed from the raw rows (the same query V13 backfills with). */
  static final String RECOUNT = """
      SELECT i.service_id, (i.opened_at / 3600000) * 3600000 AS hour_start, i.fingerprint,
        SUM(i.trigger_count) AS alert_events, COUNT(*) AS incidents_opened,
        SUM(CASE WHEN i.paged_at IS NOT NULL THEN 1 ELSE 0 END) AS pages,
        SUM(CASE WHEN a.first_at IS NOT NULL AND (r.first_at IS NULL OR a.first_at <= r.first_at) THEN 1 ELSE 0 END) AS acked,
        SUM(CASE WHEN a.first_at IS NOT NULL AND (r.first_at IS NULL OR a.first_at <= r.first_at) THEN a.first_at - i.opened_at ELSE 0 END)
          AS ack_ms_sum,
        SUM(CASE WHEN r.first_at IS NOT NULL THEN 1 ELSE 0 END) AS resolved,
        SUM(CASE WHEN r.first_at IS NOT NULL THEN r.first_at - i.opened_at ELSE 0 END) AS resolve_ms_sum,
        SUM(CASE WHEN s.first_at IS NOT NULL AND s.first_at = r.first_at AND r.first_at - i.opened_at <= 300000 THEN 1 ELSE 0 END)
          AS sender_resolved_fast,
        SUM(CASE WHEN l.action IS NOT NULL AND l.action <> 'no action' THEN 1 ELSE 0 END) AS acted_on
      FROM incidents i
      LEFT JOIN (SELECT incident_id, MIN(at) AS first_at FROM incident_actions WHERE kind = 'acknowledged' GROUP BY incident_id) a
        ON a.incident_id = i.id
      LEFT JOIN (SELECT incident_id, MIN(at) AS first_at FROM incident_actions WHERE kind = 'resolved' GROUP BY incident_id) r
        ON r.incident_id = i.id
      LEFT JOIN (SELECT incident_id, MIN(at) AS first_at FROM incident_actions WHERE kind = 'resolved' AND actor_user_id IS NULL
        GROUP BY incident_id) s ON s.incident_id = i.id
      LEFT JOIN oncall_log_entries l ON l.incident_id = i.id
      GROUP BY i.service_id, (i.opened_at / 3600000) * 3600000, i.fingerprint""";

  static final String ROLLUP = """
      SELECT service_id, hour_start, fingerprint, alert_events, incidents_opened, pages, acked, ack_ms_sum, resolved, resolve_ms_sum,
        sender_resolved_fast, acted_on FROM insights_hourly""";

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theRollupEqualsWhatTheRawRowsSay(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T09:10:00Z").toEpochMilli());
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver receiver = new LoopbackReceiver()) {
      InsightsFixture paged = InsightsFixture.start(t, receiver, "payments", "UTC", true);
      InsightsFixture quiet = InsightsFixture.start(t, receiver, "batch", "UTC", false);

      long a1 = paged.trigger("a1", "Payments failing");
      clock.advance(MINUTE);
      paged.trigger("a1", "Payments failing");
      paged.trigger("a1", "Payments failing");
      long a2 = paged.trigger("a2", "Checkout slow");
      long b1 = quiet.trigger("b1", "Batch late");
      clock.advance(2 * MINUTE);
      paged.ack(a1);
      paged.event("resolve", "a2", "Checkout slow");
      quiet.event("acknowledge", "b1", "Batch late");
      clock.advance(HOUR);
      // Opened in the next hour: its repeat an hour later still counts in its opening hour.
      long a3 = paged.trigger("a3", "Payments failing");
      clock.advance(HOUR);
      paged.trigger("a3", "Payments failing");
      quiet.event("resolve", "b1", "Batch late");
      paged.resolve(a1);
      paged.log(a1, "restarted");
      paged.log(a2, "no action");
      paged.log(a2, "restarted");
      paged.log(b1, "tuned alert");
      paged.log(b1, "no action");
      // A reopen's second ack and resolve are not the incident's first ones.
      assertThat(t.apiAs(paged.token(), "POST", "/api/v1/incidents/" + a1 + "/reopen", null).statusCode()).isEqualTo(200);
      clock.advance(MINUTE);
      paged.ack(a1);
      paged.resolve(a1);
      paged.event("resolve", "a3", "Payments failing");

      t.hush().triggerRollup().catchUp();
      List<Map<String, Object>> rollup = rows(t, ROLLUP);
      assertThat(rollup).containsExactlyInAnyOrderElementsOf(rows(t, RECOUNT));
      assertThat(rollup).as("payments' three alerts and batch's one, in two hours").hasSize(4);
      assertThat(rollup).filteredOn(r -> r.get("hour_start").equals(Instant.parse("2026-11-02T10:00:00Z").toEpochMilli()))
          .singleElement().satisfies(r -> assertThat(r.get("alert_events")).isEqualTo(2L));
      long pages = rollup.stream().mapToLong(r -> ((Number) r.get("pages")).longValue()).sum();
      assertThat(pages).as("a1, a2 and a3 paged Dana once each; batch pages nobody").isEqualTo(3);
      assertThat(rollup.stream().mapToLong(r -> ((Number) r.get("alert_events")).longValue()).sum()).isEqualTo(7);
      assertThat(rollup.stream().mapToLong(r -> ((Number) r.get("acted_on")).longValue()).sum()).isEqualTo(2);
      assertThat(rollup.stream().mapToLong(r -> ((Number) r.get("sender_resolved_fast")).longValue()).sum()).isEqualTo(1);
      assertThat(rollup.stream().mapToLong(r -> ((Number) r.get("acked")).longValue()).sum()).isEqualTo(2);

      // The migration's backfill, run again over the same rows, builds the same rollup and marks the same pages.
      List<Map<String, Object>> pagedAt = rows(t, "SELECT id, paged_at FROM incidents");
      String migration = new String(InsightsRollupTest.class.getResourceAsStream("/db/migration/V13__insights_rollup.sql").readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      String markPages = migration.substring(migration.indexOf("UPDATE incidents SET paged_at"), migration.indexOf(';',
          migration.indexOf("UPDATE incidents SET paged_at")));
      String backfill = migration.substring(migration.indexOf("INSERT INTO insights_hourly"), migration.lastIndexOf(';'));
      t.hush().db().useTransaction(h -> {
        h.execute("UPDATE incidents SET paged_at = NULL");
        h.execute("DELETE FROM insights_hourly");
        h.execute(markPages);
        h.execute(backfill);
      });
      assertThat(rows(t, "SELECT id, paged_at FROM incidents")).containsExactlyInAnyOrderElementsOf(pagedAt);
      assertThat(rows(t, ROLLUP)).containsExactlyInAnyOrderElementsOf(rollup);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theNoiseRankingAndTheWeeklySumsAddWholeDaysAndTheEdgeHoursAsTheHoursAloneWould(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T21:10:00Z").toEpochMilli());
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver receiver = new LoopbackReceiver()) {
      InsightsFixture web = InsightsFixture.start(t, receiver, "web", "UTC", false);
      // Alerts over three days and a bit, some repeated, every five hours (each dedup key is a rule of its own here).
      for (int i = 0; i < 16; i++) {
        web.trigger("disk-" + i, "Disk full");
        web.trigger("disk-" + i, "Disk full");
        if (i % 2 == 0) {
          web.trigger("cpu-" + i, "CPU hot");
        }
        if (i % 5 == 0) {
          web.trigger("5xx-" + i, "Errors");
        }
        clock.advance(5 * HOUR);
      }
      t.hush().triggerRollup().catchUp();

      assertThat(rows(t, "SELECT service_id, day_start, fingerprint, alert_events, incidents_opened FROM insights_daily"))
          .as("a day's row is its hours summed").containsExactlyInAnyOrderElementsOf(rows(t, """
              SELECT service_id, (hour_start / 86400000) * 86400000 AS day_start, fingerprint, SUM(alert_events) AS alert_events,
                SUM(incidents_opened) AS incidents_opened FROM insights_hourly GROUP BY service_id, (hour_start / 86400000) * 86400000, fingerprint"""));
      String[][] windows = {
          {"2026-11-02T22:00:00Z", "2026-11-05T13:00:00Z"}, // partial days at both edges
          {"2026-11-03T00:00:00Z", "2026-11-05T00:00:00Z"}, // whole days only
          {"2026-11-03T04:00:00Z", "2026-11-03T19:00:00Z"}, // inside one day
          {"2026-11-03T19:00:00Z", "2026-11-04T03:00:00Z"}, // across one midnight, no whole day
      };
      for (String[] w : windows) {
        long from = Instant.parse(w[0]).toEpochMilli();
        long to = Instant.parse(w[1]).toEpochMilli();
        List<InsightsStore.RuleSums> ranked = t.hush().db().withHandle(h -> InsightsStore.noisiest(h, List.of(web.serviceId()), from, to, 100));
        List<Map<String, Object>> fromHours = rows(t, "SELECT fingerprint, SUM(incidents_opened) AS opened, SUM(alert_events) AS events "
            + "FROM insights_hourly WHERE hour_start >= " + from + " AND hour_start < " + to + " GROUP BY fingerprint HAVING SUM(incidents_opened) > 0");
        assertThat(ranked).as(w[0] + " to " + w[1]).isNotEmpty()
            .extracting(r -> Map.<String, Object>of("fingerprint", r.fingerprint(), "opened", r.opened(), "events", r.alertEvents()))
            .containsExactlyInAnyOrderElementsOf(fromHours);
        List<InsightsStore.Hour> window = t.hush().db().withHandle(h -> InsightsStore.perWindow(h, List.of(web.serviceId()),
            List.of(new long[] {from, to}), false));
        assertThat(window).as(w[0] + " to " + w[1]).singleElement()
            .extracting(r -> Map.<String, Object>of("opened", r.opened(), "events", r.alertEvents()))
            .isEqualTo(rows(t, "SELECT SUM(incidents_opened) AS opened, SUM(alert_events) AS events "
                + "FROM insights_hourly WHERE hour_start >= " + from + " AND hour_start < " + to).getFirst());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void howARuleIsUsuallyFixedCountsEachIncidentsCurrentLogActionOverWholeDaysAndEdges(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T21:10:00Z").toEpochMilli());
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver receiver = new LoopbackReceiver()) {
      InsightsFixture web = InsightsFixture.start(t, receiver, "web", "UTC", false);
      String[] actions = {"restarted", "no action", "fixed bug"};
      for (int i = 0; i < 16; i++) {
        long incident = web.trigger("disk", "Disk full");
        web.log(incident, actions[i % 3]);
        if (i % 4 == 0) {
          web.log(incident, "restarted"); // rewritten: only the last action counts
        }
        web.resolve(incident);
        clock.advance(5 * HOUR);
      }
      List<String> fingerprints = rows(t, "SELECT DISTINCT fingerprint FROM incidents").stream().map(r -> (String) r.get("fingerprint")).toList();
      String[][] windows = {
          {"2026-11-02T22:00:00Z", "2026-11-05T13:00:00Z"}, // partial days at both edges
          {"2026-11-03T00:00:00Z", "2026-11-05T00:00:00Z"}, // whole days only
          {"2026-11-03T04:00:00Z", "2026-11-03T19:00:00Z"}, // inside one day
      };
      for (String[] w : windows) {
        long from = Instant.parse(w[0]).toEpochMilli();
        long to = Instant.parse(w[1]).toEpochMilli();
        Map<String, Map<String, Long>> fromEntries = new java.util.HashMap<>();
        rows(t, "SELECT i.fingerprint, l.action, COUNT(*) AS n FROM oncall_log_entries l JOIN incidents i ON i.id = l.incident_id "
            + "WHERE i.opened_at >= " + from + " AND i.opened_at < " + to + " GROUP BY i.fingerprint, l.action")
            .forEach(r -> fromEntries.computeIfAbsent((String) r.get("fingerprint"), f -> new java.util.HashMap<>())
                .put((String) r.get("action"), (Long) r.get("n")));

        assertThat(t.hush().incidents().logActionCounts(fingerprints, from, to)).as(w[0] + " to " + w[1]).isNotEmpty().isEqualTo(fromEntries);
      }
    }
  }

  static List<Map<String, Object>> rows(TestHush t, String sql) {
    return t.hush().db().withHandle(h -> h.createQuery(sql).map((rs, ctx) -> {
      java.util.Map<String, Object> row = new java.util.TreeMap<>();
      for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
        Object v = rs.getObject(c);
        row.put(rs.getMetaData().getColumnLabel(c).toLowerCase(java.util.Locale.ROOT), v instanceof Number n ? (Object) n.longValue() : v);
      }
      return row;
    }).list());
  }
}
