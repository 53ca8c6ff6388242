package dev.hush.notify;

import dev.hush.core.SecretBox;
import dev.hush.store.Database;
import dev.hush.store.Rows;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * SQL for contact methods, notification rules, the outbox and shared secrets. A contact method's
 * address and secret (webhook, Slack and Teams URLs, signing secrets, SMS and voice accounts) and
 * the shared secrets are stored sealed ({@link SecretBox}), and opened as they are read.
 */
final class NotifyStore {
  private static final String METHOD_COLUMNS = "id, user_id, kind, name, address, secret, failing_since";
  /** The shared secret whose only job is to tell whether this process has the key the store was sealed with. */
  private static final String KEY_CHECK = "secret_key_check";


  /** An outbox row. */
  record Outbound(String key, Long incidentId, long userId, long contactMethodId, String status, int attempts) {}

  private final Database db;
  private final SecretBox secrets;
  private final RowMapper<ContactMethod> method;

  NotifyStore(Database db, SecretBox secrets) {
    this.db = db;
    this.secrets = secrets;
    this.method = (rs, ctx) -> new ContactMethod(rs.getLong("id"), rs.getLong("user_id"), ChannelKind.parse("kind", rs.getString("kind")),
        rs.getString("name"), secrets.decrypt(rs.getString("address")), secrets.decrypt(rs.getString("secret")),
        Rows.nullableLong(rs, "failing_since"));
  }

  long insertMethod(long userId, ChannelKind kind, String name, String address, String secret, long now) {
    return db.withHandle(h -> h.createUpdate("""
            INSERT INTO contact_methods (user_id, kind, name, address, secret, created_at) VALUES (:u, :k, :n, :a, :s, :now)""")
        .bind("u", userId).bind("k", kind.dbValue()).bind("n", name).bind("a", secrets.encrypt(address)).bind("s", secrets.encrypt(secret))
        .bind("now", now)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  Optional<ContactMethod> method(long id) {
    return db.withHandle(h -> h.createQuery("SELECT " + METHOD_COLUMNS + " FROM contact_methods WHERE id = :id").bind("id", id)
        .map(method).findOne());
  }

  List<ContactMethod> methods(long userId) {
    return db.withHandle(h -> h.createQuery("SELECT " + METHOD_COLUMNS + " FROM contact_methods WHERE user_id = :u ORDER BY id")
        .bind("u", userId).map(method).list());
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
    return secrets.decrypt(db.inTransaction(h -> {
      h.createUpdate("INSERT INTO node_secrets (name, value, created_at) VALUES (:n, :v, :now) ON CONFLICT (name) DO NOTHING")
          .bind("n", name).bind("v", secrets.encrypt(candidate)).bind("now", now).execute();
      return h.createQuery("SELECT value FROM node_secrets WHERE name = :n").bind("n", name).mapTo(String.class).one();
    }));
  }

  /**
   * Whether this process's key opens the store's secrets. The first process to ask seals a check
   * value with its key; every later one (another node, a restart) must be able to open it, so a
   * node started with another key stops at once instead of writing what its peers cannot read.
   */
  boolean keyMatches(long now) {
    try {
      return "hush".equals(nodeSecret(KEY_CHECK, "hush", now));
    } catch (IllegalStateException anotherKey) {
      return false;
    }
  }

  /**
   * Seals what was stored in plaintext before secrets were sealed at rest, recognised by the
   * missing {@link SecretBox#PREFIX}: contact methods' addresses and secrets, and the shared
   * secrets. Each row is rewritten only if it still holds the plaintext it was read with, so two
   * nodes starting at once cannot seal one twice. Returns how many rows it sealed.
   */
  int sealPlaintext() {
    String open = " NOT LIKE '" + SecretBox.PREFIX + "%'";
    return db.inTransaction(h -> {
      List<PlainMethod> methods = h.createQuery("SELECT id, address, secret FROM contact_methods WHERE address" + open + " OR secret" + open)
          .map((rs, ctx) -> new PlainMethod(rs.getLong("id"), rs.getString("address"), rs.getString("secret"))).list();
      List<PlainShared> shared = h.createQuery("SELECT name, value FROM node_secrets WHERE value" + open)
          .map((rs, ctx) -> new PlainShared(rs.getString("name"), rs.getString("value"))).list();
      int sealed = 0;
      if (!methods.isEmpty()) {
        PreparedBatch batch = h.prepareBatch(
            "UPDATE contact_methods SET address = :a, secret = :s WHERE id = :id AND address = :oldA AND secret = :oldS");
        methods.forEach(m -> batch.bind("a", seal(m.address())).bind("s", seal(m.secret())).bind("id", m.id())
            .bind("oldA", m.address()).bind("oldS", m.secret()).add());
        sealed += IntStream.of(batch.execute()).sum();
      }
      if (!shared.isEmpty()) {
        PreparedBatch batch = h.prepareBatch("UPDATE node_secrets SET value = :v WHERE name = :n AND value = :old");
        shared.forEach(n -> batch.bind("v", secrets.encrypt(n.value())).bind("n", n.name()).bind("old", n.value()).add());
        sealed += IntStream.of(batch.execute()).sum();
      }
      return sealed;
    });
  }

  /** A contact method row with a part still in plaintext. */
  private record PlainMethod(long id, String address, String secret) {}

  /** A shared secret still in plaintext. */
  private record PlainShared(String name, String value) {}

  private String seal(String value) {
    return SecretBox.isSealed(value) ? value : secrets.encrypt(value);
  }
}
