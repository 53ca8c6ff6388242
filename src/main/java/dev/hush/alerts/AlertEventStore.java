package dev.hush.alerts;

import dev.hush.incidents.EventHistory;
import dev.hush.incidents.TimelineEntry;
import dev.hush.store.Database;
import dev.hush.store.Dialect;
import dev.hush.store.EventFence;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for received alert events and change events; also the incident timeline's event source. */
final class AlertEventStore implements EventHistory {
  /** How many received events an incident page shows; a flapping alert can send thousands. */
  private static final int TIMELINE_EVENTS = 2_000;

  private final Database db;

  AlertEventStore(Database db) {
    this.db = db;
  }

  /** Appends received events within the group commit's transaction, with one prepared statement for the batch. */
  static final class Appender implements AutoCloseable {
    private final PreparedStatement insert;

    Appender(Handle h, Dialect dialect) throws SQLException {
      EventFence.writing(h, dialect);
      this.insert = h.getConnection().prepareStatement("""
          INSERT INTO alert_events (service_id, incident_id, format, action, dedup_key, received_at, body)
          VALUES (?, ?, ?, ?, ?, ?, ?)""");
    }

    void append(long serviceId, Long incidentId, AlertEvent e, long receivedAt) throws SQLException {
      insert.setLong(1, serviceId);
      if (incidentId == null) {
        insert.setNull(2, Types.BIGINT);
      } else {
        insert.setLong(2, incidentId);
      }
      insert.setString(3, e.format().label());
      insert.setString(4, e.action().dbValue());
      insert.setString(5, e.dedupKey());
      insert.setLong(6, receivedAt);
      insert.setString(7, e.body());
      insert.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
      insert.close();
    }
  }

  static void insertChange(Handle h, long serviceId, ChangeEvent c, long receivedAt) {
    h.createUpdate("""
            INSERT INTO change_events (service_id, summary, source, happened_at, received_at, body)
            VALUES (:service, :summary, :source, :happened, :received, :body)""")
        .bind("service", serviceId).bind("summary", c.summary()).bind("source", c.source())
        .bind("happened", c.happenedAt()).bind("received", receivedAt).bind("body", c.body())
        .execute();
  }

  /** Received events, with runs of the same action folded into one entry with a count. */
  @Override
  public List<TimelineEntry> eventsOf(long incidentId) {
    List<Row> rows = db.withHandle(h -> h.createQuery("""
            SELECT format, action, received_at FROM alert_events WHERE incident_id = :id ORDER BY id LIMIT :limit""")
        .bind("id", incidentId).bind("limit", TIMELINE_EVENTS)
        .map((rs, ctx) -> new Row(rs.getString("format"), rs.getString("action"), rs.getLong("received_at")))
        .list());
    List<TimelineEntry> out = new ArrayList<>();
    for (Row row : rows) {
      String kind = "event:" + row.action;
      int last = out.size() - 1;
      if (last >= 0 && out.get(last).kind().equals(kind) && out.get(last).actor().equals(row.format)) {
        TimelineEntry prev = out.get(last);
        out.set(last, new TimelineEntry(prev.at(), row.receivedAt, kind, row.format, prev.detail(), prev.count() + 1));
      } else {
        out.add(new TimelineEntry(row.receivedAt, row.receivedAt, kind, row.format, "", 1));
      }
    }
    return out;
  }

  private record Row(String format, String action, long receivedAt) {}

  @Override
  public java.util.Optional<String> firstEventBody(long incidentId) {
    return db.withHandle(h -> h.createQuery("SELECT body FROM alert_events WHERE incident_id = :id ORDER BY id LIMIT 1")
        .bind("id", incidentId).mapTo(String.class).findOne());
  }

  /** The raw bodies of an incident's events, oldest first (for the API). */
  List<StoredEvent> rawEvents(long incidentId, int limit) {
    return db.withHandle(h -> h.createQuery("""
            SELECT id, format, action, dedup_key, received_at, body FROM alert_events WHERE incident_id = :id ORDER BY id LIMIT :limit""")
        .bind("id", incidentId).bind("limit", limit)
        .map((rs, ctx) -> new StoredEvent(rs.getLong("id"), rs.getString("format"), rs.getString("action"),
            rs.getString("dedup_key"), rs.getLong("received_at"), rs.getString("body")))
        .list());
  }

  List<StoredChange> changes(Collection<Long> serviceIds, long from, long to, int limit) {
    if (serviceIds != null && serviceIds.isEmpty()) {
      return List.of();
    }
    return db.withHandle(h -> {
      var q = h.createQuery("SELECT id, service_id, summary, source, happened_at FROM change_events"
          + " WHERE happened_at >= :from AND happened_at < :to" + (serviceIds == null ? "" : " AND service_id IN (<services>)")
          + " ORDER BY happened_at DESC LIMIT :limit");
      if (serviceIds != null) {
        q.bindList("services", List.copyOf(serviceIds));
      }
      return q.bind("from", from).bind("to", to).bind("limit", limit)
          .map((rs, ctx) -> new StoredChange(rs.getLong("id"), rs.getLong("service_id"), rs.getString("summary"),
              rs.getString("source"), rs.getLong("happened_at")))
          .list();
    });
  }

  long countEvents() {
    return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM alert_events").mapTo(Long.class).one());
  }
}
