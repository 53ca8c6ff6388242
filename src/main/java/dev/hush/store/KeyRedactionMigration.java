package dev.hush.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Json;
import dev.hush.core.Redaction;
import dev.hush.core.Secrets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 8: integration keys out of the received events stored before Hush redacted them. A
 * PagerDuty body's {@code routing_key} becomes {@link Redaction#MARK}; so does any integration key
 * found elsewhere in a body (a sender echoing its own webhook URL), recognised by its stored prefix
 * and SHA-256, since only those are kept. In Java because SQLite and PostgreSQL share no JSON
 * functions, and PostgreSQL's jsonb refuses some text that stored bodies may hold ({@code \u0000}).
 */
final class KeyRedactionMigration implements JavaMigration {
  private static final int PAGE = 500;
  private static final int SHORTEST_KEY = 16;
  private static final int LONGEST_KEY = 128;
  private static final int PREFIX = 6;

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("8");
  }

  @Override
  public String getDescription() {
    return "redact integration keys in stored events";
  }

  @Override
  public Integer getChecksum() {
    return 8_001;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    Keys keys = Keys.load(c);
    redact(c, keys, "alert_events", "format = 'pagerduty'");
    redact(c, keys, "change_events", "1 = 1");
  }

  /** Rewrites the bodies of {@code table} page by page; {@code pagerDuty} selects the rows whose routing_key is a key. */
  private static void redact(Connection c, Keys keys, String table, String pagerDuty) throws SQLException {
    long after = 0;
    while (true) {
      List<long[]> ids = new ArrayList<>();
      List<String> bodies = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT id, body, CASE WHEN " + pagerDuty + " THEN 1 ELSE 0 END AS pd FROM "
          + table + " WHERE id > ? ORDER BY id LIMIT " + PAGE)) {
        q.setLong(1, after);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            ids.add(new long[] {rs.getLong(1), rs.getInt(3)});
            bodies.add(rs.getString(2));
          }
        }
      }
      if (ids.isEmpty()) {
        return;
      }
      try (PreparedStatement u = c.prepareStatement("UPDATE " + table + " SET body = ? WHERE id = ?")) {
        int pending = 0;
        for (int i = 0; i < ids.size(); i++) {
          String body = bodies.get(i);
          String redacted = body == null ? null : redact(body, keys, ids.get(i)[1] == 1);
          if (redacted != null && !redacted.equals(body)) {
            u.setString(1, redacted);
            u.setLong(2, ids.get(i)[0]);
            u.addBatch();
            pending++;
          }
        }
        if (pending > 0) {
          u.executeBatch();
        }
      }
      after = ids.get(ids.size() - 1)[0];
    }
  }

  /** One body without its keys: JSON rewritten with the keys redacted, or text that is not JSON redacted as text. */
  static String redact(String body, Keys keys, boolean pagerDuty) {
    Set<String> found = keys.foundIn(body);
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException notJson) {
      return Redaction.redact(body, found);
    }
    if (tree == null) {
      return body;
    }
    JsonNode redacted = Redaction.redact(tree, found);
    if (pagerDuty) {
      redacted = Redaction.markField(redacted, "routing_key");
    }
    return redacted == tree ? body : redacted.toString();
  }

  /** The integration keys' SHA-256 digests by their stored prefix. */
  record Keys(Map<String, Set<String>> hashesByPrefix) {
    static Keys load(Connection c) throws SQLException {
      Map<String, Set<String>> byPrefix = new HashMap<>();
      try (PreparedStatement q = c.prepareStatement("SELECT prefix, key_hash FROM integration_keys");
          ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          byPrefix.computeIfAbsent(rs.getString(1), p -> new HashSet<>()).add(rs.getString(2));
        }
      }
      return new Keys(byPrefix);
    }

    /**
     * The keys that occur in {@code text}: runs of the characters keys are made of that start with a
     * key's prefix and hash to that key. Nothing else is taken for a key.
     */
    Set<String> foundIn(String text) {
      Set<String> found = new LinkedHashSet<>();
      if (hashesByPrefix.isEmpty()) {
        return found;
      }
      int i = 0;
      while (i < text.length()) {
        if (!keyChar(text.charAt(i))) {
          i++;
          continue;
        }
        int end = i;
        while (end < text.length() && keyChar(text.charAt(end))) {
          end++;
        }
        for (int start = i; end - start >= SHORTEST_KEY; start++) {
          Set<String> hashes = hashesByPrefix.get(text.substring(start, start + PREFIX));
          if (hashes == null) {
            continue;
          }
          for (int stop = Math.min(end, start + LONGEST_KEY); stop - start >= SHORTEST_KEY; stop--) {
            String candidate = text.substring(start, stop);
            if (hashes.contains(Secrets.sha256(candidate))) {
              found.add(candidate);
              break;
            }
          }
        }
        i = end;
      }
      return found;
    }

    /** The characters of generated and imported keys. */
    private static boolean keyChar(char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '~'
          || ch == '-';
    }
  }
}
