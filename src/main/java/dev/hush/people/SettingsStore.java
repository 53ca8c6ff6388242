package dev.hush.people;

import dev.hush.store.Database;
import java.util.Optional;

/** SQL for the settings an admin changes at run time: one row per setting, absent means its default. */
final class SettingsStore {
  private final Database db;

  SettingsStore(Database db) {
    this.db = db;
  }

  Optional<String> value(String name) {
    return db.withHandle(h -> h.createQuery("SELECT value FROM settings WHERE name = :name")
        .bind("name", name).mapTo(String.class).findOne());
  }

  void put(String name, String value, long actorId, long now) {
    db.useTransaction(h -> h.createUpdate("""
            INSERT INTO settings (name, value, updated_at, updated_by) VALUES (:name, :value, :now, :actor)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by""")
        .bind("name", name).bind("value", value).bind("now", now).bind("actor", actorId).execute());
  }
}
