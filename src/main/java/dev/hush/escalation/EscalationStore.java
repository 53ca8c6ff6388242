package dev.hush.escalation;

import dev.hush.store.Database;
import java.util.List;
import java.util.Optional;

/** SQL for escalation policies, their steps, and which service uses which policy. */
final class EscalationStore {
  private final Database db;

  EscalationStore(Database db) {
    this.db = db;
  }

  long insert(String name, int repeatCount, List<EscalationPolicy.Step> steps, long now) {
    return db.inTransaction(h -> {
      long id = h.createUpdate("INSERT INTO escalation_policies (name, repeat_count, created_at) VALUES (:n, :r, :now)")
          .bind("n", name).bind("r", repeatCount).bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      for (EscalationPolicy.Step s : steps) {
        h.createUpdate("""
                INSERT INTO escalation_steps (policy_id, position, delay_minutes, target_kind, target_id) VALUES (:p, :pos, :d, :k, :t)""")
            .bind("p", id).bind("pos", s.position()).bind("d", s.delayMinutes()).bind("k", s.targetKind().dbValue())
            .bind("t", s.targetId()).execute();
      }
      return id;
    });
  }

  Optional<EscalationPolicy> policy(long id) {
    return db.withHandle(h -> {
      List<EscalationPolicy.Step> steps = h.createQuery("""
              SELECT position, delay_minutes, target_kind, target_id FROM escalation_steps WHERE policy_id = :p ORDER BY position, id""")
          .bind("p", id)
          .map((rs, ctx) -> new EscalationPolicy.Step(rs.getInt("position"), rs.getInt("delay_minutes"),
              EscalationPolicy.TargetKind.parse("target_kind", rs.getString("target_kind")), rs.getLong("target_id")))
          .list();
      return h.createQuery("SELECT id, name, repeat_count FROM escalation_policies WHERE id = :p").bind("p", id)
          .map((rs, ctx) -> new EscalationPolicy(rs.getLong("id"), rs.getString("name"), rs.getInt("repeat_count"), steps))
          .findOne();
    });
  }

  List<Long> policyIds() {
    return db.withHandle(h -> h.createQuery("SELECT id FROM escalation_policies ORDER BY name").mapTo(Long.class).list());
  }

  void assign(long serviceId, long policyId) {
    db.useTransaction(h -> {
      h.createUpdate("DELETE FROM service_escalation WHERE service_id = :s").bind("s", serviceId).execute();
      h.createUpdate("INSERT INTO service_escalation (service_id, policy_id) VALUES (:s, :p)").bind("s", serviceId).bind("p", policyId).execute();
    });
  }

  Optional<Long> policyOf(long serviceId) {
    return db.withHandle(h -> h.createQuery("SELECT policy_id FROM service_escalation WHERE service_id = :s").bind("s", serviceId)
        .mapTo(Long.class).findOne());
  }
}
