package dev.hush.people;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Json;
import dev.hush.store.Database;
import dev.hush.store.Rows;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Who changed what and when: one row per change to people, teams, roles, services, keys,
 * schedules, overrides, swaps, policies, contact methods and settings, with the state before and
 * after as small JSON and the team that owns what changed. Callers pass what may be shown to a
 * team's managers: never a secret, only that it changed. Other features write through
 * {@link PeopleService#audit}.
 */
public final class AuditLog {
  private final Database db;
  private final Clock clock;

  AuditLog(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Writes one entry in the caller's transaction. {@code subject} names what changed as
   * {@code kind:id} ({@code service:3}); {@code teamId} is its owner (null: no team, org admins
   * only); {@code before} and {@code after} are small maps or records (null for a creation or a
   * deletion), written as JSON.
   */
  public void record(Handle h, Long actorId, String action, String subject, Long teamId, Object before, Object after) {
    insert(h, actorId, action, subject, teamId, "", before, after);
  }

  /** The same in a transaction of its own, or in the one this thread has open on the store. */
  public void record(Long actorId, String action, String subject, Long teamId, Object before, Object after) {
    db.useTransaction(h -> record(h, actorId, action, subject, teamId, before, after));
  }

  private void insert(Handle h, Long actorId, String action, String subject, Long teamId, String detail, Object before, Object after) {
    h.createUpdate("""
            INSERT INTO audit_log (at, actor_user_id, action, subject, team_id, detail, before_json, after_json)
            VALUES (:at, :actor, :action, :subject, :team, :detail, :before, :after)""")
        .bind("at", clock.millis()).bind("actor", actorId).bind("action", action).bind("subject", subject).bind("team", teamId)
        .bind("detail", detail).bind("before", before == null ? null : Json.write(before)).bind("after", after == null ? null : Json.write(after))
        .execute();
  }

  /** The entries the filter asks for, newest first. */
  public List<AuditEntry> search(AuditFilter f) {
    if (f.teamsVisible() != null && f.teamsVisible().isEmpty()) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder("""
        SELECT a.id, a.at, a.actor_user_id, u.name AS actor_name, a.action, a.subject, a.team_id, a.detail, a.before_json, a.after_json
        FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE 1 = 1""");
    if (f.actorId() != null) {
      sql.append(" AND a.actor_user_id = :actor");
    }
    if (f.subject() != null) {
      sql.append(f.subject().contains(":") ? " AND a.subject = :subject" : " AND substr(a.subject, 1, :kindLength) = :kind");
    }
    if (f.teamId() != null) {
      sql.append(" AND a.team_id = :team");
    }
    if (f.teamsVisible() != null) {
      sql.append(" AND a.team_id IN (<teams>)");
    }
    if (f.since() != null) {
      sql.append(" AND a.at >= :since");
    }
    if (f.until() != null) {
      sql.append(" AND a.at < :until");
    }
    if (f.beforeId() != null) {
      sql.append(" AND a.id < :beforeId");
    }
    sql.append(" ORDER BY a.id DESC LIMIT :limit");
    String kind = f.subject() == null ? "" : f.subject() + ":";
    return db.withHandle(h -> {
      Query q = h.createQuery(sql.toString())
          .bind("actor", f.actorId()).bind("subject", f.subject()).bind("kind", kind).bind("kindLength", kind.length())
          .bind("team", f.teamId()).bind("since", f.since()).bind("until", f.until()).bind("beforeId", f.beforeId())
          .bind("limit", f.limit());
      if (f.teamsVisible() != null) {
        q.bindList("teams", List.copyOf(f.teamsVisible()));
      }
      return q.map((rs, ctx) -> new AuditEntry(rs.getLong("id"), rs.getLong("at"), Rows.nullableLong(rs, "actor_user_id"),
              rs.getString("actor_name"), rs.getString("action"), rs.getString("subject"), Rows.nullableLong(rs, "team_id"),
              rs.getString("detail"), json(rs.getString("before_json")), json(rs.getString("after_json"))))
          .list();
    });
  }

  private static JsonNode json(String stored) {
    if (stored == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit row holds malformed JSON", e);
    }
  }

  /**
   * A small state for {@code before} or {@code after}: names and values in turn, kept in that
   * order; null values are kept (a field that was cleared shows as null).
   */
  public static Map<String, Object> state(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Map<String, Object> state = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      state.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return state;
  }
}
