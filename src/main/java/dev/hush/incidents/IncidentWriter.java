package dev.hush.incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;

/**
 * The ingest side of incidents, for one transaction of the group commit: each statement is
 * prepared once and executed for every event of the batch, which is what lets one commit
 * carry thousands of events. What it counts for the rollup is gathered per incident and handed over
 * once, by {@link #finish}, so a batch costs one rollup row write per incident it touched.
 */
public final class IncidentWriter implements AutoCloseable {
  private static final String UPSERT = """
      INSERT INTO incidents (service_id, dedup_key, fingerprint, status, title, severity, source, opened_at,
        last_event_at, trigger_count)
      VALUES (?, ?, ?, 'triggered', ?, ?, ?, ?, ?, 1)
      ON CONFLICT (service_id, dedup_key) WHERE status <> 'resolved'
      DO UPDATE SET last_event_at = excluded.last_event_at, trigger_count = incidents.trigger_count + 1
      RETURNING id, trigger_count""";
  private static final String ACK = """
      UPDATE incidents SET status = 'acknowledged', acked_at = COALESCE(acked_at, ?), last_event_at = ?
      WHERE service_id = ? AND dedup_key = ? AND status = 'triggered' RETURNING id, fingerprint, opened_at, episode, acked_at""";
  private static final String RESOLVE = """
      UPDATE incidents SET status = 'resolved', resolved_at = ?, snoozed_until = NULL, last_event_at = ?
      WHERE service_id = ? AND dedup_key = ? AND status <> 'resolved' RETURNING id, fingerprint, opened_at, episode, resolved_at""";
  private static final String OPEN_ID = "SELECT id FROM incidents WHERE service_id = ? AND dedup_key = ? AND status <> 'resolved'";
  private static final String ACTION = "INSERT INTO incident_actions (incident_id, at, kind, actor_user_id, detail) VALUES (?, ?, ?, ?, ?)";

  private final Handle handle;
  private final Connection connection;
  private final List<OpenedListener> listeners;
  private final List<IncidentCounts.Listener> counters;
  private final Runnable onClose;
  private final Map<Long, IncidentCounts> counts = new LinkedHashMap<>();
  private final List<PreparedStatement> prepared = new ArrayList<>();
  private final List<Runnable> afterCommit = new ArrayList<>();
  private PreparedStatement upsert;
  private PreparedStatement ack;
  private PreparedStatement resolve;
  private PreparedStatement openId;
  private PreparedStatement action;
  private long openingAt;

  IncidentWriter(Handle handle, List<OpenedListener> listeners, List<IncidentCounts.Listener> counters, Runnable onClose) {
    this.handle = handle;
    this.connection = handle.getConnection();
    this.listeners = listeners;
    this.counters = counters;
    this.onClose = onClose;
  }

  /** The outcome of a trigger: the incident it landed in and whether that incident is new. */
  public record TriggerOutcome(long incidentId, boolean opened) {}

  /**
   * A trigger opens an incident, or folds into the open one with the same dedup key and counts a
   * repeat. {@code body} is the event as it arrived, handed to whoever pages for a new incident.
   */
  public TriggerOutcome trigger(long serviceId, String dedupKey, String fingerprint, String title, String severity, String source,
      String body, long at) throws SQLException {
    if (upsert == null) {
      upsert = prepare(UPSERT);
    }
    upsert.setLong(1, serviceId);
    upsert.setString(2, dedupKey);
    upsert.setString(3, fingerprint);
    upsert.setString(4, title);
    upsert.setString(5, severity);
    upsert.setString(6, source);
    upsert.setLong(7, at);
    upsert.setLong(8, at);
    TriggerOutcome outcome;
    try (ResultSet rs = upsert.executeQuery()) {
      rs.next();
      // The insights count triggers from the stored events later (insights.TriggerRollup), not here.
      outcome = new TriggerOutcome(rs.getLong(1), rs.getLong(2) == 1);
    }
    if (outcome.opened()) {
      openingAt = at;
      IncidentFacts facts = new IncidentFacts(outcome.incidentId(), serviceId, dedupKey, fingerprint, title, severity, source, body, 1);
      for (OpenedListener l : listeners) {
        Runnable then = l.opened(this, facts);
        if (then != null) {
          afterCommit.add(then);
        }
      }
    }
    return outcome;
  }

  /** The ingest transaction, for a listener's own statements. */
  public Handle handle() {
    return handle;
  }

  /**
   * Adds a line to the timeline of the incident being opened, at its opening instant, on this
   * batch's prepared statement: at a hundred new incidents a batch, a statement built per line cost
   * the writer two thirds of its time.
   */
  public void note(long incidentId, String kind, String detail) throws SQLException {
    action(incidentId, openingAt, kind, detail);
  }

  /** What the listeners asked to do once this transaction has committed. */
  public List<Runnable> afterCommit() {
    return List.copyOf(afterCommit);
  }

  /** The sender says it is being handled. Returns the open incident it applies to, if any. */
  public Optional<Long> senderAcknowledge(long serviceId, String dedupKey, String format, long at) throws SQLException {
    if (ack == null) {
      ack = prepare(ACK);
    }
    Optional<Long> changed = transition(ack, serviceId, dedupKey, at, c -> c.withAck(at));
    if (changed.isPresent()) {
      action(changed.get(), at, "acknowledged", "by the sender (" + format + ")");
      return changed;
    }
    if (openId == null) {
      openId = prepare(OPEN_ID);
    }
    openId.setLong(1, serviceId);
    openId.setString(2, dedupKey);
    try (ResultSet rs = openId.executeQuery()) {
      return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
    }
  }

  /** The sender says the condition is gone. Returns the incident it resolved, if one was open. */
  public Optional<Long> senderResolve(long serviceId, String dedupKey, String format, long at) throws SQLException {
    if (resolve == null) {
      resolve = prepare(RESOLVE);
    }
    Optional<Long> changed = transition(resolve, serviceId, dedupKey, at, c -> c.withResolve(at, true));
    if (changed.isPresent()) {
      action(changed.get(), at, "resolved", "by the sender (" + format + ")");
    }
    return changed;
  }

  /** Applies an ack or resolve; {@code counted} adds what it means to the rollup when it is the first episode's. */
  private Optional<Long> transition(PreparedStatement st, long serviceId, String dedupKey, long at,
      UnaryOperator<IncidentCounts> counted) throws SQLException {
    st.setLong(1, at);
    st.setLong(2, at);
    st.setLong(3, serviceId);
    st.setString(4, dedupKey);
    try (ResultSet rs = st.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      long id = rs.getLong(1);
      // Counted once per incident: an incident paging again after a snooze keeps its first acknowledgement.
      if (rs.getInt(4) == 1 && rs.getLong(5) == at) {
        count(id, serviceId, rs.getString(2), rs.getLong(3), counted);
      }
      return Optional.of(id);
    }
  }

  /** Adds to what this batch counts about an incident. */
  void count(long incidentId, long serviceId, String fingerprint, long openedAt, UnaryOperator<IncidentCounts> change) {
    counts.compute(incidentId, (id, c) -> change.apply(c == null ? IncidentCounts.none(serviceId, fingerprint, openedAt) : c));
  }

  /** Hands what the batch counted to the rollup, in this transaction; call it once every event is applied. */
  public void finish() {
    if (!counts.isEmpty()) {
      List<IncidentCounts> changes = List.copyOf(counts.values());
      counts.clear();
      counters.forEach(l -> l.counted(handle, changes));
    }
  }

  private void action(long incidentId, long at, String kind, String detail) throws SQLException {
    if (action == null) {
      action = prepare(ACTION);
    }
    action.setLong(1, incidentId);
    action.setLong(2, at);
    action.setString(3, kind);
    action.setNull(4, Types.BIGINT);
    action.setString(5, detail);
    action.executeUpdate();
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement st = connection.prepareStatement(sql);
    prepared.add(st);
    return st;
  }

  @Override
  public void close() throws SQLException {
    onClose.run();
    for (PreparedStatement st : prepared) {
      st.close();
    }
  }
}
