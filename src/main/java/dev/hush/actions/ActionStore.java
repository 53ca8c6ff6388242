package dev.hush.actions;

import dev.hush.store.Rows;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** SQL for action items and their linked fingerprints. Every method takes the caller's handle. */
final class ActionStore {
  private static final String COLUMNS = "id, team_id, title, owner_user_id, mentor_user_id, priority, due_date, status, status_reason, "
      + "origin_kind, origin_id, created_at, updated_at, done_at, carried_over";

  /** A row before its fingerprints are attached and its computed fields are known. */
  record Row(long id, long teamId, String title, long ownerId, Long mentorId, Priority priority, LocalDate due, ActionStatus status,
      String reason, OriginKind originKind, Long originId, long createdAt, long updatedAt, Long doneAt, int carriedOver) {}

  /** What the list asks for; null fields do not filter. */
  record Filter(Long teamId, Long ownerId, Long personId, ActionStatus status, Long originIncidentId) {}

  private ActionStore() {}

  static long insert(Handle h, long teamId, NewActionItem n, Long createdBy, long now) {
    long id = h.createUpdate("""
            INSERT INTO action_items (team_id, title, owner_user_id, mentor_user_id, priority, due_date, status, status_reason,
              origin_kind, origin_id, created_by, created_at, updated_at, carried_over)
            VALUES (:team, :title, :owner, :mentor, :priority, :due, 'open', '', :originKind, :originId, :createdBy, :now, :now, 0)""")
        .bind("team", teamId).bind("title", n.title()).bind("owner", n.ownerId()).bind("mentor", n.mentorId())
        .bind("priority", n.priority().dbValue()).bind("due", n.due() == null ? null : n.due().toString())
        .bind("originKind", n.originKind().dbValue()).bind("originId", n.originId()).bind("createdBy", createdBy).bind("now", now)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    replaceFingerprints(h, id, n.fingerprints());
    return id;
  }

  static void update(Handle h, Row r, long now) {
    h.createUpdate("""
            UPDATE action_items SET title = :title, owner_user_id = :owner, mentor_user_id = :mentor, priority = :priority,
              due_date = :due, status = :status, status_reason = :reason, done_at = :doneAt, updated_at = :now WHERE id = :id""")
        .bind("title", r.title()).bind("owner", r.ownerId()).bind("mentor", r.mentorId()).bind("priority", r.priority().dbValue())
        .bind("due", r.due() == null ? null : r.due().toString()).bind("status", r.status().dbValue()).bind("reason", r.reason())
        .bind("doneAt", r.doneAt()).bind("now", now).bind("id", r.id()).execute();
  }

  static void replaceFingerprints(Handle h, long itemId, List<String> fingerprints) {
    h.createUpdate("DELETE FROM action_item_fingerprints WHERE action_item_id = :id").bind("id", itemId).execute();
    var batch = h.prepareBatch("INSERT INTO action_item_fingerprints (action_item_id, fingerprint) VALUES (:id, :fp)");
    for (String fp : fingerprints) {
      batch.bind("id", itemId).bind("fp", fp).add();
    }
    if (!fingerprints.isEmpty()) {
      batch.execute();
    }
  }

  /** Counts one more carry-over for each pending item of the team. Returns how many were carried. */
  static int carryOver(Handle h, long teamId, long now) {
    return h.createUpdate("""
            UPDATE action_items SET carried_over = carried_over + 1, last_carried_at = :now
            WHERE team_id = :team AND status IN ('open', 'in_progress')""")
        .bind("now", now).bind("team", teamId).execute();
  }

  static Optional<Row> byId(Handle h, long id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM action_items WHERE id = :id").bind("id", id).map(ActionStore::row).findOne();
  }

  static List<Row> byIds(Handle h, java.util.Collection<Long> ids) {
    return h.createQuery("SELECT " + COLUMNS + " FROM action_items WHERE id IN (<ids>) ORDER BY id").bindList("ids", List.copyOf(ids))
        .map(ActionStore::row).list();
  }

  static Optional<Long> teamOf(Handle h, long id) {
    return h.createQuery("SELECT team_id FROM action_items WHERE id = :id").bind("id", id).mapTo(Long.class).findOne();
  }

  /** Pending first, then P1 before P2 before P3, then by due day (none last), then oldest first. */
  static List<Row> list(Handle h, Filter f) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM action_items WHERE 1 = 1");
    if (f.teamId() != null) {
      sql.append(" AND team_id = :team");
    }
    if (f.ownerId() != null) {
      sql.append(" AND owner_user_id = :owner");
    }
    if (f.personId() != null) {
      sql.append(" AND (owner_user_id = :person OR mentor_user_id = :person)");
    }
    if (f.status() != null) {
      sql.append(" AND status = :status");
    }
    if (f.originIncidentId() != null) {
      sql.append(" AND origin_kind = 'incident' AND origin_id = :incident");
    }
    sql.append(" ").append("""
         ORDER BY CASE WHEN status IN ('open', 'in_progress') THEN 0 ELSE 1 END, priority,
          CASE WHEN due_date IS NULL THEN 1 ELSE 0 END, due_date, created_at, id LIMIT 1000""");
    Query q = h.createQuery(sql.toString());
    if (f.teamId() != null) {
      q.bind("team", f.teamId());
    }
    if (f.ownerId() != null) {
      q.bind("owner", f.ownerId());
    }
    if (f.personId() != null) {
      q.bind("person", f.personId());
    }
    if (f.status() != null) {
      q.bind("status", f.status().dbValue());
    }
    if (f.originIncidentId() != null) {
      q.bind("incident", f.originIncidentId());
    }
    return q.map(ActionStore::row).list();
  }

  /** The fingerprints of these items, read in one query. */
  static Map<Long, List<String>> fingerprints(Handle h, List<Long> itemIds) {
    Map<Long, List<String>> out = new HashMap<>();
    if (itemIds.isEmpty()) {
      return out;
    }
    h.createQuery("""
            SELECT action_item_id, fingerprint FROM action_item_fingerprints WHERE action_item_id IN (<ids>)
            ORDER BY action_item_id, fingerprint""")
        .bindList("ids", itemIds)
        .map((rs, ctx) -> out.computeIfAbsent(rs.getLong("action_item_id"), k -> new ArrayList<>()).add(rs.getString("fingerprint")))
        .list();
    return out;
  }

  private static Row row(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
    String due = rs.getString("due_date");
    return new Row(rs.getLong("id"), rs.getLong("team_id"), rs.getString("title"), rs.getLong("owner_user_id"),
        Rows.nullableLong(rs, "mentor_user_id"), Priority.parse("priority", rs.getString("priority")),
        due == null ? null : LocalDate.parse(due), ActionStatus.parse("status", rs.getString("status")), rs.getString("status_reason"),
        OriginKind.parse("origin_kind", rs.getString("origin_kind")), Rows.nullableLong(rs, "origin_id"), rs.getLong("created_at"),
        rs.getLong("updated_at"), Rows.nullableLong(rs, "done_at"), rs.getInt("carried_over"));
  }
}
