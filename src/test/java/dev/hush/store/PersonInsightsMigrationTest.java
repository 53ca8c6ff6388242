package dev.hush.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.Hush;
import dev.hush.HushConfig;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pages sent before the interruptions rollup existed are counted by the upgrade: once per incident and person, in their bands. */
class PersonInsightsMigrationTest {
  /** A Tuesday, 09:00 in Berlin: business hours. */
  private static final long WORK = Instant.parse("2026-11-03T08:00:00Z").toEpochMilli();
  /** The Wednesday after, 03:00 in Berlin: sleep hours. */
  private static final long NIGHT = Instant.parse("2026-11-04T02:00:00Z").toEpochMilli();
  private static final long HOUR = 3_600_000L;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void pagesFromBeforeTheUpgradeAreCountedOnce(StoreKind store, @TempDir Path dir) throws Exception {
    String url = store == StoreKind.POSTGRESQL ? TestHush.PG_URL : HushConfig.sqliteUrl(Files.createDirectories(dir));
    String schema = store == StoreKind.POSTGRESQL ? "hush_p_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : null;
    Flyway.configure().dataSource(url, null, null).schemas(schema == null ? new String[0] : new String[] {schema})
        .placeholders(Dialect.of(url).migrationPlaceholders()).locations("classpath:db/migration").javaMigrations(new KeyRedactionMigration())
        .target("12").load().migrate();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      if (schema != null) {
        s.execute("SET search_path TO \"" + schema + "\"");
      }
      s.execute("INSERT INTO users (id, email, name, time_zone, created_at) VALUES (101, 'bea@x.io', 'Bea', 'Europe/Berlin', 0)");
      s.execute("INSERT INTO services (id, name, created_at) VALUES (201, 'db', 0)");
      for (long[] i : new long[][] {{301, WORK}, {302, NIGHT}}) {
        s.execute("INSERT INTO incidents (id, service_id, dedup_key, fingerprint, status, title, severity, opened_at, last_event_at, trigger_count)"
            + " VALUES (" + i[0] + ", 201, 'd" + i[0] + "', 'fp', 'triggered', 't', 'critical', " + i[1] + ", " + i[1] + ", 1)");
      }
      String insert = "INSERT INTO notifications (idempotency_key, incident_id, user_id, contact_method_id, status, created_at) VALUES ";
      // Incident 301: two contact methods, then a repeat of the step: one interruption, at the first page.
      s.execute(insert + "('inc301:r0:s0:u101:cm1', 301, 101, 1, 'sent', " + WORK + ")");
      s.execute(insert + "('inc301:r0:s0:u101:cm2', 301, 101, 2, 'sent', " + (WORK + 1_000) + ")");
      s.execute(insert + "('inc301:r1:s0:u101:cm1', 301, 101, 1, 'sent', " + (WORK + 20 * 60_000) + ")");
      // Incident 302: a post to the team's channel (owned by Bea) and a failing-method notice are not pages to her...
      s.execute(insert + "('inc302:r0:s0:channel9', 302, 101, 9, 'sent', " + (NIGHT - 60_000) + ")");
      s.execute(insert + "('failing:1:302:u101:cm2:immediate', 302, 101, 2, 'sent', " + (NIGHT - 30_000) + ")");
      // ...this one is.
      s.execute(insert + "('inc302:r0:s1:u101:cm1', 302, 101, 1, 'sent', " + NIGHT + ")");
    }
    try (Hush hush = Hush.open(TestHush.config(url, schema, "http://127.0.0.1:1", HushConfig.DEFAULT_DELIVERY), Clock.systemUTC())) {
      List<List<Long>> pages = hush.db().withHandle(h -> h.createQuery(
              "SELECT incident_id, paged_at, counted FROM insights_person_pages WHERE user_id = 101 ORDER BY incident_id")
          .map((rs, ctx) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).list());
      assertThat(pages).containsExactly(List.of(301L, WORK, 1L), List.of(302L, NIGHT, 1L));
      List<List<Long>> hours = hush.db().withHandle(h -> h.createQuery(
              "SELECT hour_start, business, off_hours, sleep FROM insights_person_hourly WHERE user_id = 101 ORDER BY hour_start")
          .map((rs, ctx) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list());
      assertThat(hours).containsExactly(List.of(WORK - WORK % HOUR, 1L, 0L, 0L), List.of(NIGHT - NIGHT % HOUR, 0L, 0L, 1L));
    } finally {
      if (schema != null) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
      }
    }
  }
}
