package dev.hush.escalation;

import dev.hush.escalation.EscalationPolicy.Mode;
import dev.hush.escalation.EscalationPolicy.Step;
import dev.hush.escalation.EscalationPolicy.Target;
import dev.hush.escalation.EscalationPolicy.TargetKind;
import dev.hush.store.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for escalation policies, their steps and targets, round-robin turns, and which service uses which policy. */
final class EscalationStore {
  private final Database db;

  EscalationStore(Database db) {
    this.db = db;
  }

  long insert(long teamId, String name, int repeatCount, List<Step> steps, long now) {
    return db.inTransaction(h -> {
      long id = h.createUpdate("INSERT INTO escalation_policies (team_id, name, repeat_count, created_at) VALUES (:t, :n, :r, :now)")
          .bind("t", teamId).bind("n", name).bind("r", repeatCount).bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      insertSteps(h, id, steps, Map.of());
      return id;
    });
  }

  /**
   * Replaces a policy's name, repeat count and steps. A step at a position that still exists keeps
   * its round-robin count, so an edit does not send the next incident back to the first target.
   */
  void replace(long id, String name, int repeatCount, List<Step> steps) {
    db.useTransaction(h -> {
      h.createUpdate("UPDATE escalation_policies SET name = :n, repeat_count = :r WHERE id = :p")
          .bind("n", name).bind("r", repeatCount).bind("p", id).execute();
      record Turns(int position, long taken) {}
      Map<Integer, Long> turnsTaken = new HashMap<>();
      for (Turns t : h.createQuery("SELECT position, turns_taken FROM escalation_steps WHERE policy_id = :p").bind("p", id)
          .map((rs, ctx) -> new Turns(rs.getInt("position"), rs.getLong("turns_taken"))).list()) {
        turnsTaken.put(t.position(), t.taken());
      }
      deleteSteps(h, id);
      insertSteps(h, id, steps, turnsTaken);
    });
  }

  /** Deletes a policy no service uses; returns the ids of the services that use it (and then deletes nothing). */
  List<Long> deleteUnlessUsed(long id) {
    return db.inTransaction(h -> {
      List<Long> users = servicesUsing(h, id);
      if (users.isEmpty()) {
        deleteSteps(h, id);
        h.createUpdate("DELETE FROM escalation_policies WHERE id = :p").bind("p", id).execute();
      }
      return users;
    });
  }

  private static void insertSteps(Handle h, long policyId, List<Step> steps, Map<Integer, Long> turnsTaken) {
    for (Step s : steps) {
      long stepId = h.createUpdate("""
              INSERT INTO escalation_steps (policy_id, position, delay_minutes, mode, turns_taken) VALUES (:p, :pos, :d, :m, :t)""")
          .bind("p", policyId).bind("pos", s.position()).bind("d", s.delayMinutes()).bind("m", s.mode().dbValue())
          .bind("t", turnsTaken.getOrDefault(s.position(), 0L)).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      for (int i = 0; i < s.targets().size(); i++) {
        Target t = s.targets().get(i);
        h.createUpdate("INSERT INTO escalation_step_targets (step_id, position, target_kind, target_id) VALUES (:s, :pos, :k, :t)")
            .bind("s", stepId).bind("pos", i).bind("k", t.kind().dbValue()).bind("t", t.id()).execute();
      }
    }
  }

  private static void deleteSteps(Handle h, long policyId) {
    h.createUpdate("DELETE FROM escalation_step_targets WHERE step_id IN (SELECT id FROM escalation_steps WHERE policy_id = :p)")
        .bind("p", policyId).execute();
    h.createUpdate("DELETE FROM escalation_steps WHERE policy_id = :p").bind("p", policyId).execute();
  }

  Optional<EscalationPolicy> policy(long id) {
    return db.withHandle(h -> {
      record StepRow(long id, int position, int delayMinutes, Mode mode) {}
      List<StepRow> rows = h.createQuery("SELECT id, position, delay_minutes, mode FROM escalation_steps WHERE policy_id = :p ORDER BY position, id")
          .bind("p", id)
          .map((rs, ctx) -> new StepRow(rs.getLong("id"), rs.getInt("position"), rs.getInt("delay_minutes"), Mode.parse("mode", rs.getString("mode"))))
          .list();
      record TargetRow(long stepId, Target target) {}
      Map<Long, List<Target>> targets = new HashMap<>();
      for (TargetRow t : h.createQuery("""
              SELECT t.step_id, t.target_kind, t.target_id FROM escalation_step_targets t
              JOIN escalation_steps s ON s.id = t.step_id WHERE s.policy_id = :p ORDER BY t.step_id, t.position""")
          .bind("p", id)
          .map((rs, ctx) -> new TargetRow(rs.getLong("step_id"),
              new Target(TargetKind.parse("target_kind", rs.getString("target_kind")), rs.getLong("target_id"))))
          .list()) {
        targets.computeIfAbsent(t.stepId(), k -> new ArrayList<>()).add(t.target());
      }
      List<Step> steps = rows.stream()
          .map(r -> new Step(r.position(), r.delayMinutes(), r.mode(), targets.getOrDefault(r.id(), List.of())))
          .toList();
      return h.createQuery("SELECT id, team_id, name, repeat_count FROM escalation_policies WHERE id = :p").bind("p", id)
          .map((rs, ctx) -> new EscalationPolicy(rs.getLong("id"), rs.getLong("team_id"), rs.getString("name"), rs.getInt("repeat_count"),
              steps))
          .findOne();
    });
  }

  List<Long> policyIds() {
    return db.withHandle(h -> h.createQuery("SELECT id FROM escalation_policies ORDER BY name").mapTo(Long.class).list());
  }

  /**
   * The turn a firing of a round-robin step takes, in the caller's transaction: the one it took
   * before if this step key already ran, else the step's next turn. The counter moves with one
   * UPDATE … RETURNING, which on PostgreSQL locks the step's row until the commit, so two nodes
   * paging at once take consecutive turns rather than the same one.
   */
  static long takeTurn(Handle h, long policyId, int position, String stepKey) {
    Optional<Long> taken = h.createQuery("SELECT turn FROM escalation_turns WHERE step_key = :k").bind("k", stepKey)
        .mapTo(Long.class).findOne();
    if (taken.isPresent()) {
      return taken.get();
    }
    long turn = h.createQuery("""
            UPDATE escalation_steps SET turns_taken = turns_taken + 1 WHERE policy_id = :p AND position = :pos RETURNING turns_taken""")
        .bind("p", policyId).bind("pos", position).mapTo(Long.class)
        // no row: the policy lost this step since the caller read it; its first target is as good as any
        .findOne().orElse(1L) - 1;
    h.createUpdate("INSERT INTO escalation_turns (step_key, turn) VALUES (:k, :t)").bind("k", stepKey).bind("t", turn).execute();
    return turn;
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

  List<Long> servicesUsing(long policyId) {
    return db.withHandle(h -> servicesUsing(h, policyId));
  }

  private static List<Long> servicesUsing(Handle h, long policyId) {
    return h.createQuery("SELECT service_id FROM service_escalation WHERE policy_id = :p ORDER BY service_id")
        .bind("p", policyId).mapTo(Long.class).list();
  }

  /** Which of these services have a policy, in one query. */
  java.util.Set<Long> withPolicy(java.util.Collection<Long> serviceIds) {
    if (serviceIds.isEmpty()) {
      return java.util.Set.of();
    }
    return db.withHandle(h -> h.createQuery("SELECT service_id FROM service_escalation WHERE service_id IN (<services>)")
        .bindList("services", List.copyOf(serviceIds)).mapTo(Long.class).set());
  }

  /** Where an incident's escalation stands: the step that paged last, of which round, in which run. */
  record Position(int run, int round, int step) {
    /** Where ingest leaves a new incident: its first step paged, in run 0. */
    static final Position START = new Position(0, 0, 0);
  }

  static Position position(Handle h, long incidentId) {
    return h.createQuery("SELECT run_no, round_no, step_index FROM escalation_positions WHERE incident_id = :id").bind("id", incidentId)
        .map((rs, ctx) -> new Position(rs.getInt("run_no"), rs.getInt("round_no"), rs.getInt("step_index"))).findOne().orElse(Position.START);
  }

  /** A queued step of its run fires: the position moves there, unless a newer run started; false then. */
  static boolean stepped(Handle h, StepJob firing) {
    return h.createUpdate("""
            INSERT INTO escalation_positions (incident_id, run_no, round_no, step_index) VALUES (:id, :run, :round, :step)
            ON CONFLICT (incident_id) DO UPDATE SET round_no = excluded.round_no, step_index = excluded.step_index
            WHERE escalation_positions.run_no = excluded.run_no""")
        .bind("id", firing.incidentId()).bind("run", firing.run()).bind("round", firing.round()).bind("step", firing.step())
        .execute() == 1;
  }

  /** Starts {@code firing}'s run where run {@code fromRun} stood; false when another run started first. */
  static boolean startRun(Handle h, int fromRun, StepJob firing) {
    return h.createUpdate("""
            INSERT INTO escalation_positions (incident_id, run_no, round_no, step_index) VALUES (:id, :run, :round, :step)
            ON CONFLICT (incident_id) DO UPDATE SET run_no = excluded.run_no, round_no = excluded.round_no, step_index = excluded.step_index
            WHERE escalation_positions.run_no = :from""")
        .bind("id", firing.incidentId()).bind("run", firing.run()).bind("round", firing.round()).bind("step", firing.step())
        .bind("from", fromRun).execute() == 1;
  }
}
