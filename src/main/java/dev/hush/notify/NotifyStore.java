package dev.hush.notify;

import dev.hush.store.Database;
import dev.hush.store.Rows;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for contact methods, notification rules, the outbox and shared secrets. */
final class NotifyStore {
  static final RowMapper<ContactMethod> METHOD = (rs, ctx) -> new ContactMethod(rs.getLong("id"), rs.getLong("user_id"),
      ChannelKind.parse("kind", rs.getString("kind")), rs.getString("name"), rs.getString("address"), rs.getString("secret"),
      Rows.nullableLong(rs, "failing_since"));
  private static final String METHOD_COLUMNS = "id, user_id, kind, name, address, secret, failing_since";


  /** An outbox row. */
  record Outbound(String key, Long incidentId, long userId, long contactMethodId, String status, int attempts) {}

  private final Database db;

  NotifyStore(Database db) {
    this.db = db;
  }

  long insertMethod(long userId, ChannelKind kind, String name, String address, String secret, long now) {
    return db.withHandle(h -> h.createUpdate("""
            INSERT INTO contact_methods (user_id, kind, name, address, secret, created_at) VALUES (:u, :k, :n, :a, :s, :now)""")
        .bind("u", userId).bind("k", kind.dbValue()).bind("n", name).bind("a", address).bind("s", secret).bind("now", now)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  Optional<ContactMethod> method(long id) {
    return db.withHandle(h -> h.createQuery("SELECT " + METHOD_COLUMNS + " FROM contact_methods WHERE id = :id").bind("id", id)
        .map(METHOD).findOne());
  }

  List<ContactMethod> methods(long userId) {
    return db.withHandle(h -> h.createQuery("SELECT " + METHOD_COLUMNS + " FROM contact_methods WHERE user_id = :u ORDER BY id")
        .bind("u", userId).map(METHOD).list());
  }

  void deleteMethod(long userId, long id) {
    db.useTransaction(h -> {
      h.createUpdate("DELETE FROM notification_rules WHERE contact_method_id = :id AND user_id = :u").bind("id", id).bind("u", userId).execute();
      h.createUpdate("DELETE FROM contact_methods WHERE id = :id AND user_id = :u").bind("id", id).bind("u", userId).execute();
    });
  }

  void setFailing(long methodId, Long since) {
    db.useTransaction(h -> h.createUpdate("UPDATE contact_methods SET failing_since = :s WHERE id = :id")
        .bind("s", since).bind("id", methodId).execute());
  }

  long insertRule(long userId, long methodId, int delayMinutes) {
    return db.withHandle(h -> h.createUpdate("INSERT INTO notification_rules (user_id, contact_method_id, delay_minutes) VALUES (:u, :m, :d)")
        .bind("u", userId).bind("m", methodId).bind("d", delayMinutes).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  List<Rule> rules(long userId) {
    return db.withHandle(h -> h.createQuery(
            "SELECT id, user_id, contact_method_id, delay_minutes FROM notification_rules WHERE user_id = :u ORDER BY delay_minutes, id")
        .bind("u", userId)
        .map((rs, ctx) -> new Rule(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("contact_method_id"), rs.getInt("delay_minutes")))
        .list());
  }

  /** Adds an outbox row; false when this key is queued already. */
  static boolean insertOutbound(Handle h, String key, Long incidentId, long userId, long methodId, long now, boolean sentDirectly) {
    return h.createUpdate("""
            INSERT INTO notifications (idempotency_key, incident_id, user_id, contact_method_id, status, created_at, sent_directly)
            VALUES (:k, :i, :u, :m, 'queued', :now, :direct) ON CONFLICT (idempotency_key) DO NOTHING""")
        .bind("k", key).bind("i", incidentId).bind("u", userId).bind("m", methodId).bind("now", now).bind("direct", sentDirectly ? 1 : 0)
        .execute() == 1;
  }

  Optional<Outbound> outbound(String key) {
    return db.withHandle(h -> h.createQuery("""
            SELECT idempotency_key, incident_id, user_id, contact_method_id, status, attempts FROM notifications WHERE idempotency_key = :k""")
        .bind("k", key)
        .map((rs, ctx) -> new Outbound(rs.getString("idempotency_key"), Rows.nullableLong(rs, "incident_id"),
            rs.getLong("user_id"), rs.getLong("contact_method_id"), rs.getString("status"), rs.getInt("attempts")))
        .findOne());
  }

  /** Marks the attempt's outcome; "sent" only moves from "queued", so a message counts as sent once. */
  static boolean markSent(Handle h, String key, long now) {
    return h.createUpdate("""
            UPDATE notifications SET status = 'sent', sent_at = :now, attempts = attempts + 1 WHERE idempotency_key = :k AND status = 'queued'""")
        .bind("now", now).bind("k", key).execute() == 1;
  }

  static void markAttemptFailed(Handle h, String key, String error, boolean last) {
    h.createUpdate("""
            UPDATE notifications SET attempts = attempts + 1, last_error = :e, status = :s WHERE idempotency_key = :k AND status = 'queued'""")
        .bind("e", error.length() > 500 ? error.substring(0, 500) : error).bind("s", last ? "failed" : "queued").bind("k", key).execute();
  }

  static void markSkipped(Handle h, String key, String why) {
    h.createUpdate("UPDATE notifications SET status = 'skipped', last_error = :w WHERE idempotency_key = :k AND status = 'queued'")
        .bind("w", why).bind("k", key).execute();
  }

  /** Pages meant to be sent straight after their commit, queued before {@code before} and never attempted. */
  List<String> unsentDirectPages(long before, int limit) {
    return db.withHandle(h -> h.createQuery("""
            SELECT idempotency_key FROM notifications
            WHERE status = 'queued' AND attempts = 0 AND sent_directly = 1 AND created_at < :before ORDER BY created_at LIMIT :limit""")
        .bind("before", before).bind("limit", limit).mapTo(String.class).list());
  }

  long countSent(long incidentId) {
    return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM notifications WHERE incident_id = :i AND status = 'sent'")
        .bind("i", incidentId).mapTo(Long.class).one());
  }

  /** A secret shared by every node, created by whichever node asks first. */
  String nodeSecret(String name, String candidate, long now) {
    return db.inTransaction(h -> {
      h.createUpdate("INSERT INTO node_secrets (name, value, created_at) VALUES (:n, :v, :now) ON CONFLICT (name) DO NOTHING")
          .bind("n", name).bind("v", candidate).bind("now", now).execute();
      return h.createQuery("SELECT value FROM node_secrets WHERE name = :n").bind("n", name).mapTo(String.class).one();
    });
  }
}
