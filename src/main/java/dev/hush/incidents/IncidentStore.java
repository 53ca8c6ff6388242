package dev.hush.incidents;

import dev.hush.core.WholeDays;

import dev.hush.store.Rows;
import dev.hush.store.Database;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** SQL for incidents, their actions and on-call log entries. */
final class IncidentStore {
  static final String COLUMNS = "id, service_id, dedup_key, fingerprint, status, title, severity, source, opened_at, "
      + "last_event_at, trigger_count, acked_at, acked_by, resolved_at, resolved_by, episode, assignee_id, snoozed_until";
  static final RowMapper<Incident> INCIDENT = (rs, ctx) -> new Incident(rs.getLong("id"), rs.getLong("service_id"),
      rs.getString("dedup_key"), rs.getString("fingerprint"), IncidentStatus.fromDb(rs.getString("status")),
      rs.getString("title"), rs.getString("severity"), rs.getString("source"), rs.getLong("opened_at"),
      rs.getLong("last_event_at"), rs.getInt("trigger_count"), Rows.nullableLong(rs, "acked_at"),
      Rows.nullableLong(rs, "acked_by"), Rows.nullableLong(rs, "resolved_at"), Rows.nullableLong(rs, "resolved_by"), rs.getInt("episode"),
      Rows.nullableLong(rs, "assignee_id"), Rows.nullableLong(rs, "snoozed_until"));
  private static final RowMapper<LogEntry> LOG = (rs, ctx) -> new LogEntry(rs.getLong("incident_id"),
      rs.getLong("author_user_id"), rs.getString("action"), rs.getString("note"),
      NoiseVerdict.parse("verdict", rs.getString("verdict")), rs.getLong("written_at"));

  /** What needs a person first: not yet acknowledged, then the most severe (PagerDuty's four levels). */
  private static final String TRIAGE_ORDER = """
      CASE status WHEN 'triggered' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END,
      CASE severity WHEN 'critical' THEN 0 WHEN 'error' THEN 1 WHEN 'warning' THEN 2 WHEN 'info' THEN 3 ELSE 4 END""";

  private final Database db;

  IncidentStore(Database db) {
    this.db = db;
  }

  /** Adds a line to the timeline; returns its id. */
  static long insertAction(Handle h, long incidentId, long at, String kind, Long actor, String detail) {
    return h.createQuery("""
            INSERT INTO incident_actions (incident_id, at, kind, actor_user_id, detail) VALUES (:id, :at, :kind, :actor, :detail)
            RETURNING id""")
        .bind("id", incidentId).bind("at", at).bind("kind", kind).bind("actor", actor).bind("detail", detail)
        .mapTo(Long.class).one();
  }

  Optional<Incident> byId(long id) {
    return db.withHandle(h -> byId(h, id));
  }

  static Optional<Incident> byId(Handle h, long id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM incidents WHERE id = :id").bind("id", id).map(INCIDENT).findOne();
  }

  /**
   * Person acknowledges: only a triggered incident changes. Returns whether it changed. An incident
   * paging again (a snooze ended, someone escalated it) keeps its first acknowledgement's time, which
   * is what time-to-acknowledge measures.
   */
  static boolean acknowledge(Handle h, long id, long userId, long at) {
    return h.createUpdate("""
            UPDATE incidents SET status = 'acknowledged', acked_at = COALESCE(acked_at, :at), acked_by = :user
            WHERE id = :id AND status = 'triggered'""")
        .bind("at", at).bind("user", userId).bind("id", id).execute() == 1;
  }

  /** Resolving ends a snooze: nothing pages again for a resolved incident. */
  static boolean resolve(Handle h, long id, long userId, long at) {
    return h.createUpdate("""
            UPDATE incidents SET status = 'resolved', resolved_at = :at, resolved_by = :user, snoozed_until = NULL
            WHERE id = :id AND status <> 'resolved'""")
        .bind("at", at).bind("user", userId).bind("id", id).execute() == 1;
  }

  /** Holds an open incident acknowledged until {@code until}. Returns whether it was open. */
  static boolean snooze(Handle h, long id, long until) {
    return h.createUpdate("UPDATE incidents SET snoozed_until = :until WHERE id = :id AND status <> 'resolved'")
        .bind("until", until).bind("id", id).execute() == 1;
  }

  /** The snooze that ends at {@code until} ends: the incident is triggered again. False when it was resolved or snoozed anew. */
  static boolean endSnooze(Handle h, long id, long until) {
    return h.createUpdate("""
            UPDATE incidents SET status = 'triggered', snoozed_until = NULL
            WHERE id = :id AND snoozed_until = :until AND status <> 'resolved'""")
        .bind("until", until).bind("id", id).execute() == 1;
  }

  /** An open incident pages again: triggered, no longer snoozed. Returns whether it was open. */
  static boolean retrigger(Handle h, long id) {
    return h.createUpdate("UPDATE incidents SET status = 'triggered', snoozed_until = NULL WHERE id = :id AND status <> 'resolved'")
        .bind("id", id).execute() == 1;
  }

  static void assign(Handle h, long id, long userId) {
    h.createUpdate("UPDATE incidents SET assignee_id = :user WHERE id = :id").bind("user", userId).bind("id", id).execute();
  }

  static List<Incident> byIds(Handle h, Collection<Long> ids) {
    return h.createQuery("SELECT " + COLUMNS + " FROM incidents WHERE id IN (<ids>) ORDER BY id").bindList("ids", List.copyOf(ids))
        .map(INCIDENT).list();
  }

  /** A person acknowledges several: only triggered ones change. Returns the ids that changed. */
  static List<Long> acknowledgeAll(Handle h, Collection<Long> ids, long userId, long at) {
    return h.createQuery("""
            UPDATE incidents SET status = 'acknowledged', acked_at = :at, acked_by = :user
            WHERE id IN (<ids>) AND status = 'triggered' RETURNING id""")
        .bind("at", at).bind("user", userId).bindList("ids", List.copyOf(ids)).mapTo(Long.class).list();
  }

  /** A person resolves several: only open ones change. Returns the ids that changed. */
  static List<Long> resolveAll(Handle h, Collection<Long> ids, long userId, long at) {
    return h.createQuery("""
            UPDATE incidents SET status = 'resolved', resolved_at = :at, resolved_by = :user
            WHERE id IN (<ids>) AND status <> 'resolved' RETURNING id""")
        .bind("at", at).bind("user", userId).bindList("ids", List.copyOf(ids)).mapTo(Long.class).list();
  }

  /** The same timeline line on each of these incidents, in one batch. */
  static void insertActions(Handle h, Collection<Long> incidentIds, long at, String kind, Long actor) {
    var batch = h.prepareBatch("INSERT INTO incident_actions (incident_id, at, kind, actor_user_id, detail) VALUES (:id, :at, :kind, :actor, '')");
    for (long id : incidentIds) {
      batch.bind("id", id).bind("at", at).bind("kind", kind).bind("actor", actor).add();
    }
    if (!incidentIds.isEmpty()) {
      batch.execute();
    }
  }

  /** Which of these incidents have an on-call log entry. */
  static Set<Long> withLogEntry(Handle h, Collection<Long> incidentIds) {
    return Set.copyOf(h.createQuery("SELECT incident_id FROM oncall_log_entries WHERE incident_id IN (<ids>)")
        .bindList("ids", List.copyOf(incidentIds)).mapTo(Long.class).list());
  }

  /** Starts the incident's next episode. */
  static boolean reopen(Handle h, long id) {
    return h.createUpdate("""
            UPDATE incidents SET status = 'triggered', resolved_at = NULL, resolved_by = NULL, acked_at = NULL, acked_by = NULL,
              episode = episode + 1
            WHERE id = :id AND status = 'resolved'""")
        .bind("id", id).execute() == 1;
  }

  /** {@code services}: only incidents of these services (null: of any). */
  List<Incident> list(IncidentFilter f, Set<Long> services) {
    if (services != null && services.isEmpty()) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM incidents WHERE 1 = 1");
    if (services != null) {
      sql.append(" AND service_id IN (<services>)");
    }
    List<String> statuses = f.statuses().stream().map(IncidentStatus::dbValue).sorted().toList();
    if (!statuses.isEmpty()) {
      sql.append(" AND status IN (<statuses>)");
    }
    if (f.serviceId() != null) {
      sql.append(" AND service_id = :service");
    }
    if (f.openedFrom() != null) {
      sql.append(" AND opened_at >= :from");
    }
    if (f.openedTo() != null) {
      sql.append(" AND opened_at < :to");
    }
    if (f.beforeId() != null) {
      sql.append(" AND id < :before");
    }
    // id grows with opened_at (both are assigned on insert), so ordering by id is newest first and pages stably.
    sql.append(f.triage() ? " ORDER BY " + TRIAGE_ORDER + ", id DESC LIMIT :limit" : " ORDER BY id DESC LIMIT :limit");
    return db.withHandle(h -> {
      Query q = h.createQuery(sql.toString()).bind("limit", f.limit());
      if (services != null) {
        q.bindList("services", List.copyOf(services));
      }
      if (!statuses.isEmpty()) {
        q.bindList("statuses", statuses);
      }
      if (f.serviceId() != null) {
        q.bind("service", f.serviceId());
      }
      if (f.openedFrom() != null) {
        q.bind("from", f.openedFrom());
      }
      if (f.openedTo() != null) {
        q.bind("to", f.openedTo());
      }
      if (f.beforeId() != null) {
        q.bind("before", f.beforeId());
      }
      return q.map(INCIDENT).list();
    });
  }

  /**
   * Incidents opened per week with any of these fingerprints: {@code counts[i]} is the week starting
   * {@code from + i * weekMillis}. One grouped query over the fingerprint index.
   */
  static long[] weeklyCounts(Handle h, List<String> fingerprints, long from, long weekMillis, int weeks) {
    long[] counts = new long[weeks];
    if (fingerprints.isEmpty() || weeks <= 0) {
      return counts;
    }
    h.createQuery("""
            SELECT wk, COUNT(*) AS n FROM (
              SELECT (opened_at - :from) / :week AS wk FROM incidents
              WHERE fingerprint IN (<fingerprints>) AND opened_at >= :from AND opened_at < :to) w
            GROUP BY wk""")
        .bindList("fingerprints", fingerprints).bind("from", from).bind("week", weekMillis).bind("to", from + weekMillis * weeks)
        .map((rs, ctx) -> {
          int week = (int) rs.getLong("wk");
          if (week >= 0 && week < weeks) {
            counts[week] = rs.getLong("n");
          }
          return week;
        }).list();
    return counts;
  }

  /**
   * Who handled the incidents of these services opened in [from, to): per service, the number of
   * incidents ({@code userId} null), and per person the acknowledgements, resolves and log entries.
   */
  static List<IncidentService.Handling> handling(Handle h, List<Long> serviceIds, long from, long to) {
    if (serviceIds.isEmpty()) {
      return List.of();
    }
    // One pass over the window's incidents (not one per kind of count): grouped by who acked, resolved
    // and logged, then split into the four counts here.
    Map<List<Object>, Long> counts = new java.util.LinkedHashMap<>();
    h.createQuery("""
            SELECT i.service_id, i.acked_by, i.resolved_by, l.author_user_id, COUNT(*) AS n
            FROM incidents i LEFT JOIN oncall_log_entries l ON l.incident_id = i.id
            WHERE i.service_id IN (<services>) AND i.opened_at >= :from AND i.opened_at < :to
            GROUP BY i.service_id, i.acked_by, i.resolved_by, l.author_user_id""")
        .bindList("services", serviceIds).bind("from", from).bind("to", to)
        .map((rs, ctx) -> {
          long service = rs.getLong("service_id");
          long n = rs.getLong("n");
          counts.merge(java.util.Arrays.asList(service, "incidents", null), n, Long::sum);
          Long acked = Rows.nullableLong(rs, "acked_by");
          if (acked != null) {
            counts.merge(List.of(service, "ack", acked), n, Long::sum);
          }
          Long resolved = Rows.nullableLong(rs, "resolved_by");
          if (resolved != null) {
            counts.merge(List.of(service, "resolve", resolved), n, Long::sum);
          }
          Long author = Rows.nullableLong(rs, "author_user_id");
          if (author != null) {
            counts.merge(List.of(service, "log", author), n, Long::sum);
          }
          return n;
        })
        .list();
    List<IncidentService.Handling> out = new ArrayList<>(counts.size());
    counts.forEach((k, n) -> out.add(new IncidentService.Handling((Long) k.get(0), (String) k.get(1), (Long) k.get(2), n)));
    return out;
  }

  /** Incidents opened with any of these fingerprints in [from, to), oldest first, at most {@code limit}. */
  static List<Incident> openedWith(Handle h, List<String> fingerprints, long from, long to, int limit) {
    if (fingerprints.isEmpty()) {
      return List.of();
    }
    return h.createQuery("SELECT " + COLUMNS + """
             FROM incidents WHERE fingerprint IN (<fingerprints>) AND opened_at >= :from AND opened_at < :to
            ORDER BY opened_at, id LIMIT :limit""")
        .bindList("fingerprints", fingerprints).bind("from", from).bind("to", to).bind("limit", limit).map(INCIDENT).list();
  }

  /** Open incidents per status, for the list header. */
  long[] openCounts(Set<Long> services) {
    if (services != null && services.isEmpty()) {
      return new long[2];
    }
    return db.withHandle(h -> {
      long[] counts = new long[2];
      Query q = h.createQuery("SELECT status, COUNT(*) AS n FROM incidents WHERE status <> 'resolved'"
          + (services == null ? "" : " AND service_id IN (<services>)") + " GROUP BY status");
      if (services != null) {
        q.bindList("services", List.copyOf(services));
      }
      q.map((rs, ctx) -> {
            counts["triggered".equals(rs.getString("status")) ? 0 : 1] = rs.getLong("n");
            return null;
          }).list();
      return counts;
    });
  }

  List<TimelineEntry> actions(long incidentId) {
    return db.withHandle(h -> h.createQuery("""
            SELECT at, kind, actor_user_id, detail FROM incident_actions WHERE incident_id = :id ORDER BY at, id""")
        .bind("id", incidentId)
        .map((rs, ctx) -> new TimelineEntry(rs.getLong("at"), rs.getLong("at"), rs.getString("kind"),
            String.valueOf(Rows.nullableLong(rs, "actor_user_id")), rs.getString("detail"), 1))
        .list());
  }

  /** The latest "escalated" or "not paged" line of each incident, by incident id: one query for a page of the list. */
  Map<Long, String> latestPaging(List<Long> incidentIds) {
    return db.withHandle(h -> {
      Map<Long, String> out = new java.util.HashMap<>();
      h.createQuery("""
              SELECT a.incident_id, a.detail FROM incident_actions a
              WHERE a.incident_id IN (<ids>) AND a.kind IN ('escalated', 'not paged')
              ORDER BY a.incident_id, a.at, a.id""")
          .bindList("ids", incidentIds)
          .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    });
  }

  Optional<LogEntry> logEntry(long incidentId) {
    return db.withHandle(h -> h.createQuery("""
            SELECT incident_id, author_user_id, action, note, verdict, written_at FROM oncall_log_entries WHERE incident_id = :id""")
        .bind("id", incidentId).map(LOG).findOne());
  }

  static void upsertLogEntry(Handle h, LogEntry e) {
    h.createUpdate("DELETE FROM oncall_log_entries WHERE incident_id = :id").bind("id", e.incidentId()).execute();
    h.createUpdate("""
            INSERT INTO oncall_log_entries (incident_id, author_user_id, action, note, verdict, written_at)
            VALUES (:id, :author, :action, :note, :verdict, :at)""")
        .bind("id", e.incidentId()).bind("author", e.authorUserId()).bind("action", e.action()).bind("note", e.note())
        .bind("verdict", e.verdict().label()).bind("at", e.writtenAt()).execute();
  }

  /** One backwards probe of (fingerprint, opened_at) per rule: a noisy rule's year of incidents is never read for its name. */
  static Map<String, String> latestTitles(Handle h, List<String> fingerprints) {
    Map<String, String> titles = new HashMap<>();
    try (var query = h.createQuery("SELECT title FROM incidents WHERE fingerprint = :fingerprint ORDER BY opened_at DESC, id DESC LIMIT 1")) {
      for (String fingerprint : fingerprints) {
        query.bind("fingerprint", fingerprint).mapTo(String.class).findOne().ifPresent(title -> titles.put(fingerprint, title));
      }
    }
    return titles;
  }

  /**
   * Log entries per fingerprint and action of incidents opened in [from, to): the whole UTC days from
   * log_action_days, the partial days at the edges from the entries themselves, so a year of a
   * noisy rule's incidents is a few hundred summary rows.
   */
  static Map<String, Map<String, Long>> logActionCounts(Handle h, List<String> fingerprints, long from, long to) {
    WholeDays days = WholeDays.of(from, to);
    Map<String, Map<String, Long>> counts = new HashMap<>();
    h.createQuery("""
            SELECT fingerprint, action, SUM(n) AS n FROM (
              SELECT fingerprint, action, entries AS n FROM log_action_days
              WHERE fingerprint IN (<fingerprints>) AND day_start >= :firstDay AND day_start < :endDay
              UNION ALL
              SELECT i.fingerprint, l.action, 1 AS n FROM incidents i JOIN oncall_log_entries l ON l.incident_id = i.id
              WHERE i.fingerprint IN (<fingerprints>)
                AND ((i.opened_at >= :from AND i.opened_at < :firstDay) OR (i.opened_at >= :endDay AND i.opened_at < :to))) entries
            GROUP BY fingerprint, action HAVING SUM(n) > 0""")
        .bindList("fingerprints", fingerprints).bind("from", from).bind("to", to).bind("firstDay", days.first()).bind("endDay", days.end())
        .map((rs, ctx) -> Map.entry(rs.getString("fingerprint"), Map.entry(rs.getString("action"), rs.getLong("n"))))
        .forEach(e -> counts.computeIfAbsent(e.getKey(), f -> new HashMap<>()).put(e.getValue().getKey(), e.getValue().getValue()));
    return counts;
  }

  /** Moves an incident's log entry in log_action_days from its old action (if any) to its new one. */
  static void countLogAction(Handle h, Incident incident, Optional<String> before, String after) {
    if (before.isPresent() && before.get().equals(after)) {
      return;
    }
    long day = WholeDays.dayOf(incident.openedAt());
    before.ifPresent(old -> h.createUpdate("""
            UPDATE log_action_days SET entries = entries - 1 WHERE fingerprint = :fingerprint AND day_start = :day AND action = :action""")
        .bind("fingerprint", incident.fingerprint()).bind("day", day).bind("action", old).execute());
    h.createUpdate("""
            INSERT INTO log_action_days (fingerprint, day_start, action, entries) VALUES (:fingerprint, :day, :action, 1)
            ON CONFLICT (fingerprint, day_start, action) DO UPDATE SET entries = log_action_days.entries + 1""")
        .bind("fingerprint", incident.fingerprint()).bind("day", day).bind("action", after).execute();
  }

  /** The action of the incident's log entry, if it has one. */
  static Optional<String> logAction(Handle h, long incidentId) {
    return h.createQuery("SELECT action FROM oncall_log_entries WHERE incident_id = :id").bind("id", incidentId).mapTo(String.class).findOne();
  }

  /** The rollup's key of an incident. */
  record Counted(long serviceId, String fingerprint, long openedAt) {}

  /** Marks the incident paged unless it was already; returns its rollup key when this is its first page. */
  static Optional<Counted> markPaged(Handle h, long id, long at) {
    return h.createQuery("UPDATE incidents SET paged_at = :at WHERE id = :id AND paged_at IS NULL RETURNING service_id, fingerprint, opened_at")
        .bind("at", at).bind("id", id)
        .map((rs, ctx) -> new Counted(rs.getLong("service_id"), rs.getString("fingerprint"), rs.getLong("opened_at"))).findOne();
  }

  static boolean hasLogEntry(Handle h, long incidentId) {
    return h.createQuery("SELECT COUNT(*) FROM oncall_log_entries WHERE incident_id = :id").bind("id", incidentId)
        .mapTo(Long.class).one() > 0;
  }

  List<String> logActions() {
    return db.withHandle(h -> h.createQuery("SELECT name FROM oncall_log_actions ORDER BY builtin DESC, created_at, name")
        .mapTo(String.class).list());
  }

  void insertLogAction(String name, long now) {
    db.useTransaction(h -> h.createUpdate("INSERT INTO oncall_log_actions (name, builtin, created_at) VALUES (:name, 0, :now)")
        .bind("name", name).bind("now", now).execute());
  }

  /**
   * Incidents a person handled in [from, to): acknowledged, resolved or wrote the log for,
   * with their log entry when there is one.
   */
  List<Handled> handledBy(long userId, long from, long to) {
    return db.withHandle(h -> h.createQuery("SELECT " + prefixed("i") + """
            , l.incident_id AS l_incident_id, l.author_user_id AS l_author, l.action AS l_action, l.note AS l_note,
              l.verdict AS l_verdict, l.written_at AS l_written_at
            FROM incidents i LEFT JOIN oncall_log_entries l ON l.incident_id = i.id
            WHERE (i.acked_by = :user AND i.acked_at >= :from AND i.acked_at < :to)
               OR (i.resolved_by = :user AND i.resolved_at >= :from AND i.resolved_at < :to)
               OR (l.author_user_id = :user AND l.written_at >= :from AND l.written_at < :to)
            ORDER BY i.opened_at DESC""")
        .bind("user", userId).bind("from", from).bind("to", to)
        .map(IncidentStore::handled)
        .list());
  }

  private static Handled handled(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
    Incident incident = INCIDENT.map(rs, ctx);
    LogEntry log = rs.getObject("l_incident_id") == null ? null : new LogEntry(incident.id(), rs.getLong("l_author"),
        rs.getString("l_action"), rs.getString("l_note"), NoiseVerdict.parse("verdict", rs.getString("l_verdict")),
        rs.getLong("l_written_at"));
    return new Handled(incident, log);
  }

  /** Incidents of these services opened in [from, to), oldest first, with their log entries; at most {@code limit}. */
  List<Handled> openedOn(Collection<Long> serviceIds, long from, long to, int limit) {
    if (serviceIds.isEmpty()) {
      return List.of();
    }
    return db.withHandle(h -> h.createQuery("SELECT " + prefixed("i") + """
            , l.incident_id AS l_incident_id, l.author_user_id AS l_author, l.action AS l_action, l.note AS l_note,
              l.verdict AS l_verdict, l.written_at AS l_written_at
            FROM incidents i LEFT JOIN oncall_log_entries l ON l.incident_id = i.id
            WHERE i.service_id IN (<services>) AND i.opened_at >= :from AND i.opened_at < :to
            ORDER BY i.opened_at, i.id LIMIT :limit""")
        .bindList("services", List.copyOf(serviceIds)).bind("from", from).bind("to", to).bind("limit", limit)
        .map(IncidentStore::handled)
        .list());
  }

  /** An incident someone handled, and their log entry or null when it is still to write. */
  record Handled(Incident incident, LogEntry log) {}

  private static String prefixed(String alias) {
    List<String> cols = new ArrayList<>();
    for (String c : COLUMNS.split(",\\s*")) {
      cols.add(alias + "." + c);
    }
    return String.join(", ", cols);
  }
}
