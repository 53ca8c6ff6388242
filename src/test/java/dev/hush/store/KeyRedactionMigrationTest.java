package dev.hush.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.Hush;
import dev.hush.HushConfig;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.core.Redaction;
import dev.hush.core.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Migration 8 takes the integration keys out of events stored before Hush redacted them, on both stores. */
class KeyRedactionMigrationTest {
  private static final String KEY = "AbCdEf23456789ghijkmnopqrstuvwxyz";
  private static final String IMPORTED = "legacy.routing-key_0001";
  private static final String REVOKED = "Revok3dKeyOfAnotherService99";

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void eventsStoredBeforeTheUpgradeLoseTheirKeysAndNothingElse(StoreKind store, @TempDir Path dir) throws Exception {
    String url = store == StoreKind.POSTGRESQL ? TestHush.PG_URL : HushConfig.sqliteUrl(Files.createDirectories(dir));
    String schema = store == StoreKind.POSTGRESQL ? "hush_k_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : null;
    Flyway.configure().dataSource(url, null, null).schemas(schema == null ? new String[0] : new String[] {schema})
        .placeholders(Dialect.of(url).migrationPlaceholders()).locations("classpath:db/migration").target("6").load().migrate();
    String pd = "{\"routing_key\": \"" + KEY + "\", \"event_action\": \"trigger\", \"dedup_key\": \"disk\",\n"
        + " \"payload\": {\"summary\": \"Disk full\", \"source\": \"db-1\", \"severity\": \"critical\", \"custom_details\": {\"nul\": \"a\\u0000b\"}}}";
    String escaped = "{\"routing_key\":\"\\u0041" + KEY.substring(1) + "\",\"event_action\":\"resolve\",\"dedup_key\":\"disk\"}";
    String am = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"Hook\"},\"annotations\":{\"summary\":\"posting to "
        + "http://hush/api/v1/integrations/alertmanager/" + IMPORTED + "/ failed\"},\"generatorURL\":\"x?token=" + KEY + "&y=1\"}";
    String lookalike = "{\"summary\":\"" + KEY.substring(0, 20) + "Zz and " + IMPORTED.replace("0001", "0002") + "\",\"details\":\"" + REVOKED + ".\"}";
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      if (schema != null) {
        s.execute("SET search_path TO \"" + schema + "\"");
      }
      s.execute("INSERT INTO services (id, name, created_at) VALUES (1, 'checkout', 0), (2, 'legacy', 0)");
      try (PreparedStatement k = c.prepareStatement("INSERT INTO integration_keys (service_id, name, key_hash, prefix, created_at, revoked_at)"
          + " VALUES (?, 'k', ?, ?, 0, ?)")) {
        for (Object[] row : new Object[][] {{1, KEY, null}, {2, IMPORTED, null}, {2, REVOKED, 5L}}) {
          k.setInt(1, (Integer) row[0]);
          k.setString(2, Secrets.sha256((String) row[1]));
          k.setString(3, ((String) row[1]).substring(0, 6));
          k.setObject(4, row[2]);
          k.executeUpdate();
        }
      }
      try (PreparedStatement e = c.prepareStatement("INSERT INTO alert_events (service_id, incident_id, format, action, dedup_key, received_at, body)"
          + " VALUES (1, NULL, ?, 'trigger', 'd', 0, ?)")) {
        for (String[] row : new String[][] {{"pagerduty", pd}, {"pagerduty", escaped}, {"alertmanager", am}, {"generic", lookalike},
            {"generic", "not json: " + KEY}, {"generic", "{\"summary\":\"nothing secret\"}"}}) {
          e.setString(1, row[0]);
          e.setString(2, row[1]);
          e.executeUpdate();
        }
      }
      try (PreparedStatement ch = c.prepareStatement("INSERT INTO change_events (service_id, summary, source, happened_at, received_at, body)"
          + " VALUES (1, 'deploy', 'ci', 0, 0, ?)")) {
        ch.setString(1, "{\"routing_key\":\"" + KEY + "\",\"payload\":{\"summary\":\"deploy\"}}");
        ch.executeUpdate();
      }
    }

    try (Hush hush = Hush.open(dev.hush.TestHush.config(url, schema, "http://127.0.0.1:1", HushConfig.DEFAULT_DELIVERY), Clock.systemUTC())) {
      String[] bodies = hush.db().withHandle(h -> h.createQuery("SELECT body FROM alert_events ORDER BY id").mapTo(String.class).list())
          .toArray(String[]::new);
      String change = hush.db().withHandle(h -> h.createQuery("SELECT body FROM change_events").mapTo(String.class).one());
      for (String body : bodies) {
        assertThat(body).doesNotContain(KEY).doesNotContain(IMPORTED + "/").doesNotContain(KEY.substring(1));
      }
      JsonNode first = Json.parse(bodies[0]);
      assertThat(first.path("routing_key").asText()).isEqualTo(Redaction.MARK);
      assertThat(first.path("payload").path("custom_details").path("nul").asText()).isEqualTo("a\u0000b");
      assertThat(first.path("payload").path("summary").asText()).isEqualTo("Disk full");
      assertThat(Json.parse(bodies[1]).path("routing_key").asText()).isEqualTo(Redaction.MARK);
      JsonNode alert = Json.parse(bodies[2]);
      assertThat(alert.path("annotations").path("summary").asText())
          .isEqualTo("posting to http://hush/api/v1/integrations/alertmanager/" + Redaction.MARK + "/ failed");
      assertThat(alert.path("generatorURL").asText()).isEqualTo("x?token=" + Redaction.MARK + "&y=1");
      assertThat(bodies[3]).as("text that only looks like a key is kept; a revoked key is still a key")
          .isEqualTo("{\"summary\":\"" + KEY.substring(0, 20) + "Zz and " + IMPORTED.replace("0001", "0002") + "\",\"details\":\"" + Redaction.MARK + ".\"}");
      assertThat(bodies[4]).isEqualTo("not json: " + Redaction.MARK);
      assertThat(bodies[5]).isEqualTo("{\"summary\":\"nothing secret\"}");
      assertThat(Json.parse(change).path("routing_key").asText()).isEqualTo(Redaction.MARK);
      long keys = hush.db().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM integration_keys").mapTo(Long.class).one());
      assertThat(keys).isEqualTo(3);
    } finally {
      if (schema != null) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
      }
    }
  }
}
