package dev.hush.services;

import dev.hush.store.Rows;
import dev.hush.store.Database;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for services and integration keys. */
final class ServiceStore {
  private static final String SERVICE_COLUMNS = "id, name, description, team_id, am_grouping, require_log_on_resolve, created_at";
  private static final RowMapper<Service> SERVICE = (rs, ctx) -> new Service(rs.getLong("id"), rs.getString("name"),
      rs.getString("description"), Rows.nullableLong(rs, "team_id"),
      AlertmanagerGrouping.parse("am_grouping", rs.getString("am_grouping")),
      rs.getInt("require_log_on_resolve") == 1, rs.getLong("created_at"));
  private static final RowMapper<IntegrationKey> KEY = (rs, ctx) -> new IntegrationKey(rs.getLong("id"),
      rs.getLong("service_id"), rs.getString("name"), rs.getString("prefix"), rs.getLong("created_at"),
      Rows.nullableLong(rs, "revoked_at"));

  private final Database db;

  ServiceStore(Database db) {
    this.db = db;
  }

  long insert(String name, String description, Long teamId, AlertmanagerGrouping grouping, boolean requireLog, long now) {
    return db.withHandle(h -> h.createUpdate("""
            INSERT INTO services (name, description, team_id, am_grouping, require_log_on_resolve, created_at)
            VALUES (:name, :description, :team, :grouping, :requireLog, :now)""")
        .bind("name", name).bind("description", description).bind("team", teamId)
        .bind("grouping", grouping.dbValue()).bind("requireLog", requireLog ? 1 : 0).bind("now", now)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  void update(long id, String description, Long teamId, AlertmanagerGrouping grouping, boolean requireLog) {
    db.useTransaction(h -> h.createUpdate("""
            UPDATE services SET description = :description, team_id = :team, am_grouping = :grouping,
              require_log_on_resolve = :requireLog WHERE id = :id""")
        .bind("description", description).bind("team", teamId).bind("grouping", grouping.dbValue())
        .bind("requireLog", requireLog ? 1 : 0).bind("id", id).execute());
  }

  Optional<Service> byId(long id) {
    return db.withHandle(h -> h.createQuery("SELECT " + SERVICE_COLUMNS + " FROM services WHERE id = :id")
        .bind("id", id).map(SERVICE).findOne());
  }

  Optional<Service> byName(String name) {
    return db.withHandle(h -> h.createQuery("SELECT " + SERVICE_COLUMNS + " FROM services WHERE name = :name")
        .bind("name", name).map(SERVICE).findOne());
  }

  List<Service> all() {
    return db.withHandle(h -> h.createQuery("SELECT " + SERVICE_COLUMNS + " FROM services ORDER BY name").map(SERVICE).list());
  }

  long insertKey(long serviceId, String name, String keyHash, String prefix, long now) {
    return db.withHandle(h -> h.createUpdate("""
            INSERT INTO integration_keys (service_id, name, key_hash, prefix, created_at)
            VALUES (:service, :name, :hash, :prefix, :now)""")
        .bind("service", serviceId).bind("name", name).bind("hash", keyHash).bind("prefix", prefix).bind("now", now)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  List<IntegrationKey> keys(long serviceId) {
    return db.withHandle(h -> h.createQuery("""
            SELECT id, service_id, name, prefix, created_at, revoked_at FROM integration_keys
            WHERE service_id = :service ORDER BY created_at DESC, id DESC""")
        .bind("service", serviceId).map(KEY).list());
  }

  int revokeKey(long serviceId, long keyId, long now) {
    return db.inTransaction(h -> h.createUpdate("""
            UPDATE integration_keys SET revoked_at = :now WHERE id = :id AND service_id = :service AND revoked_at IS NULL""")
        .bind("now", now).bind("id", keyId).bind("service", serviceId).execute());
  }

  /** The key (active or revoked) with this hash, if any. */
  Optional<IntegrationKey> keyByHash(String keyHash) {
    return db.withHandle(h -> h.createQuery("""
            SELECT id, service_id, name, prefix, created_at, revoked_at FROM integration_keys WHERE key_hash = :hash""")
        .bind("hash", keyHash).map(KEY).findOne());
  }
}
