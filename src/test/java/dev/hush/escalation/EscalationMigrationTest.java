package dev.hush.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.Hush;
import dev.hush.HushConfig;
import dev.hush.LoopbackReceiver;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.notify.ChannelKind;
import dev.hush.oncall.ShiftKind;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A policy written before steps had several targets still pages the same people after the upgrade. */
class EscalationMigrationTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aSingleTargetPolicyFromBeforeTheUpgradeKeepsPaging(StoreKind store, @TempDir Path dir) throws Exception {
    String url = store == StoreKind.POSTGRESQL ? TestHush.PG_URL : HushConfig.sqliteUrl(Files.createDirectories(dir));
    String schema = store == StoreKind.POSTGRESQL ? "hush_m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : null;
    Dialect dialect = Dialect.of(url);
    Flyway.configure().dataSource(url, null, null).schemas(schema == null ? new String[0] : new String[] {schema})
        .placeholders(dialect.migrationPlaceholders()).locations("classpath:db/migration").target("4").load().migrate();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      if (schema != null) {
        s.execute("SET search_path TO \"" + schema + "\"");
      }
      // The shape version 4 stored: one target per step, in the step's own row.
      s.execute("INSERT INTO escalation_policies (id, name, repeat_count, created_at) VALUES (7, 'payments', 1, 0)");
      s.execute("INSERT INTO escalation_steps (policy_id, position, delay_minutes, target_kind, target_id) VALUES (7, 0, 5, 'schedule', 1)");
      s.execute("INSERT INTO escalation_steps (policy_id, position, delay_minutes, target_kind, target_id) VALUES (7, 1, 10, 'user', 1)");
    }
    try (LoopbackReceiver receiver = new LoopbackReceiver();
        Hush hush = Hush.open(TestHush.config(url, schema, "http://127.0.0.1:1", HushConfig.DEFAULT_DELIVERY), Clock.systemUTC())) {
      var dana = hush.people().createUser("dana@x.io", "Dana Smith", "long-enough-pw", false, "UTC", null);
      // The policy had no team before; the migration put it, like everything else, in the team everyone is in.
      long everyone = hush.people().teamNamed("Everyone").orElseThrow().id();
      hush.people().addMember(everyone, dana.id(), dev.hush.people.TeamRole.RESPONDER, null);
      hush.notifications().addContactMethod(dana.id(), ChannelKind.WEBHOOK, "pager", receiver.url("/dana"), null);
      var rotation = hush.oncall().createRotation(everyone, "primary", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
          LocalDate.now().minusWeeks(1), List.of(dana.id()));
      var schedule = hush.oncall().createSchedule(everyone, "Primary");
      hush.oncall().addLayer(schedule.id(), rotation.id(), 1, null);
      assertThat(List.of(dana.id(), schedule.id())).as("the ids the old rows point at").containsExactly(1L, 1L);

      NamedPolicy policy = hush.escalation().named(hush.escalation().policy(7));
      assertThat(policy.inWords()).isEqualTo("Step 1: page whoever is on call in Primary, then after 5 min → Step 2: page Dana Smith,"
          + " then after 10 min start over (repeat 1×).");
      assertThat(policy.steps()).allSatisfy(step -> {
        assertThat(step.mode()).isEqualTo(EscalationPolicy.Mode.ALL);
        assertThat(step.targets()).hasSize(1);
      });

      long serviceId = hush.services().create("checkout", "", everyone, null, false).id();
      String key = hush.services().createKey(serviceId, "k").secret();
      hush.escalation().assign(serviceId, 7);
      ServiceCatalog.Route route = hush.services().resolve(key).route().orElseThrow();
      var body = Json.parse("{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\"m\","
          + "\"payload\":{\"summary\":\"Checkout down\",\"source\":\"s\",\"severity\":\"critical\"}}");
      hush.ingest().pagerDuty(route, body);
      LoopbackReceiver.await("the old policy's first step pages the person on call", () -> !receiver.received().isEmpty(), 10);
      assertThat(receiver.received().get(0).path()).isEqualTo("/dana");
    } finally {
      if (schema != null) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
      }
    }
  }
}
