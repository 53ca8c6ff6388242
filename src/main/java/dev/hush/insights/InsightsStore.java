package dev.hush.insights;

import dev.hush.core.WholeDays;
import dev.hush.incidents.IncidentCounts;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The rollup (insights_hourly, and insights_daily for long windows): written in the transaction of what it
 * counts (triggers: by {@link TriggerRollup}), read by the insights.
 */
final class InsightsStore {
  static final long HOUR = 3_600_000L;

  static final long DAY = WholeDays.DAY;

  // The same upsert on both stores and both tables: a counter row per service, opening hour (day) and fingerprint.
  private static final String ADD = """
      INSERT INTO insights_hourly (service_id, hour_start, fingerprint, alert_events, incidents_opened, pages, acked, ack_ms_sum,
        resolved, resolve_ms_sum, sender_resolved_fast, acted_on)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (service_id, hour_start, fingerprint) DO UPDATE SET
        alert_events = insights_hourly.alert_events + excluded.alert_events,
        incidents_opened = insights_hourly.incidents_opened + excluded.incidents_opened,
        pages = insights_hourly.pages + excluded.pages,
        acked = insights_hourly.acked + excluded.acked,
        ack_ms_sum = insights_hourly.ack_ms_sum + excluded.ack_ms_sum,
        resolved = insights_hourly.resolved + excluded.resolved,
        resolve_ms_sum = insights_hourly.resolve_ms_sum + excluded.resolve_ms_sum,
        sender_resolved_fast = insights_hourly.sender_resolved_fast + excluded.sender_resolved_fast,
        acted_on = insights_hourly.acted_on + excluded.acted_on""";
  /** The counters of a rollup row, in the order of {@link Hour}. */
  private static final List<String> COUNTS = List.of("alert_events", "incidents_opened", "pages", "acked", "ack_ms_sum", "resolved",
      "resolve_ms_sum", "sender_resolved_fast", "acted_on");
  private static final String ADD_DAILY = ADD.replace("insights_hourly", "insights_daily").replace("hour_start", "day_start");

  private InsightsStore() {}

  /** One rollup row: the counts of the incidents of a service and fingerprint that opened in one UTC hour. */
  record Hour(long serviceId, long hourStart, String fingerprint, long alertEvents, long opened, long pages, long acked, long ackMillis,
      long resolved, long resolveMillis, long senderResolvedFast, long actedOn) {}

  private record Key(long serviceId, long start, String fingerprint) {}

  /**
   * Adds the changes to the rollup, one row write per service, hour and fingerprint they touch, as
   * one JDBC batch: the trigger rollup adds thousands of rows a chunk while ingest waits for the lock.
   */
  static void add(Handle h, Collection<IncidentCounts> changes) {
    write(h, ADD, sum(changes, HOUR));
    write(h, ADD_DAILY, sum(changes, DAY));
  }

  /** The changes summed per service, fingerprint and opening hour (or day). */
  private static Map<Key, IncidentCounts> sum(Collection<IncidentCounts> changes, long period) {
    Map<Key, IncidentCounts> rows = new LinkedHashMap<>();
    for (IncidentCounts c : changes) {
      rows.merge(new Key(c.serviceId(), Math.floorDiv(c.openedAt(), period) * period, c.fingerprint()), c, IncidentCounts::plus);
    }
    return rows;
  }

  private static void write(Handle h, String sql, Map<Key, IncidentCounts> rows) {
    try (PreparedStatement st = h.getConnection().prepareStatement(sql)) {
      for (Map.Entry<Key, IncidentCounts> row : rows.entrySet()) {
        Key k = row.getKey();
        IncidentCounts c = row.getValue();
        st.setLong(1, k.serviceId());
        st.setLong(2, k.start());
        st.setString(3, k.fingerprint());
        long[] counts = {c.alertEvents(), c.opened(), c.pages(), c.acked(), c.ackMillis(), c.resolved(), c.resolveMillis(),
            c.senderResolvedFast(), c.actedOn()};
        for (int i = 0; i < counts.length; i++) {
          st.setLong(4 + i, counts[i]);
        }
        st.addBatch();
      }
      st.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException("adding to the insights rollup failed: " + e.getMessage(), e);
    }
  }

  /**
   * The rollup rows of these services whose hour starts in [from, to), oldest first. An hour belongs
   * to the window its start falls in (which matters only in zones half an hour off UTC).
   */
  static List<Hour> hours(Handle h, Collection<Long> services, long from, long to) {
    if (services.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
            SELECT service_id, hour_start, fingerprint, alert_events, incidents_opened, pages, acked, ack_ms_sum, resolved,
              resolve_ms_sum, sender_resolved_fast, acted_on
            FROM insights_hourly WHERE service_id IN (<services>) AND hour_start >= :from AND hour_start < :to
            ORDER BY hour_start""")
        .bindList("services", List.copyOf(services)).bind("from", from).bind("to", to)
        .map(InsightsStore::hour)
        .list();
  }

  private static Hour hour(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
    return new Hour(rs.getLong("service_id"), rs.getLong("hour_start"), rs.getString("fingerprint"), rs.getLong("alert_events"),
        rs.getLong("incidents_opened"), rs.getLong("pages"), rs.getLong("acked"), rs.getLong("ack_ms_sum"), rs.getLong("resolved"),
        rs.getLong("resolve_ms_sum"), rs.getLong("sender_resolved_fast"), rs.getLong("acted_on"));
  }

  /** One rule's sums over a window. */
  record RuleSums(long serviceId, String fingerprint, long opened, long alertEvents, long pages, long actedOn, long senderResolvedFast) {}

  /**
   * The rules of these services that opened incidents in [from, to), summed in the store, most
   * incidents first (then most pages), at most {@code limit}: a year of a busy team's hours never
   * has to fit in memory.
   */
  static List<RuleSums> noisiest(Handle h, Collection<Long> services, long from, long to, int limit) {
    if (services.isEmpty()) {
      return List.of();
    }
    // Whole UTC days inside the window from the daily rows, the partial days at its edges from the
    // hourly ones: the same sums as the hours alone, from a 24th of the rows.
    WholeDays days = WholeDays.of(from, to);
    long firstDay = days.first();
    long endDay = days.end();
    String columns = "service_id, fingerprint, incidents_opened, alert_events, pages, acted_on, sender_resolved_fast";
    return h.createQuery("SELECT service_id, fingerprint, SUM(incidents_opened) AS opened, SUM(alert_events) AS events, SUM(pages) AS pages, "
            + "SUM(acted_on) AS acted, SUM(sender_resolved_fast) AS fast FROM ("
            + "SELECT " + columns + " FROM insights_daily WHERE service_id IN (<services>) AND day_start >= :firstDay AND day_start < :endDay "
            + "UNION ALL SELECT " + columns + " FROM insights_hourly WHERE service_id IN (<services>) "
            + "AND ((hour_start >= :from AND hour_start < :firstDay) OR (hour_start >= :endDay AND hour_start < :to))) rows "
            + "GROUP BY service_id, fingerprint HAVING SUM(incidents_opened) > 0 "
            + "ORDER BY SUM(incidents_opened) DESC, SUM(pages) DESC LIMIT :limit")
        .bindList("services", List.copyOf(services)).bind("from", from).bind("to", to).bind("firstDay", firstDay).bind("endDay", endDay)
        .bind("limit", limit)
        .map((rs, ctx) -> new RuleSums(rs.getLong("service_id"), rs.getString("fingerprint"), rs.getLong("opened"), rs.getLong("events"),
            rs.getLong("pages"), rs.getLong("acted"), rs.getLong("fast")))
        .list();
  }

  /** A rule's pages in one hour. */
  record Paged(long serviceId, String fingerprint, long hourStart, long pages) {}

  /** The hours with pages of these rules in [from, to), for telling night pages apart. */
  static List<Paged> pagedHours(Handle h, Collection<Long> services, Collection<String> fingerprints, long from, long to) {
    if (services.isEmpty() || fingerprints.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
            SELECT service_id, fingerprint, hour_start, pages FROM insights_hourly
            WHERE service_id IN (<services>) AND fingerprint IN (<fingerprints>) AND hour_start >= :from AND hour_start < :to AND pages > 0""")
        .bindList("services", List.copyOf(services)).bindList("fingerprints", List.copyOf(fingerprints)).bind("from", from).bind("to", to)
        .map((rs, ctx) -> new Paged(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
        .list();
  }

  /**
   * The rollup summed in SQL per service and window [start, end), one row per service and window
   * that has any: a year of weeks is a few hundred rows instead of every hour of it. A row's
   * hourStart is its window's start; its fingerprint is empty. Each window's whole UTC days come
   * from insights_daily and only its partial days from insights_hourly, as in {@link #noisiest}. With
   * {@code pagesOnly}, only the pages are summed (the other counts are 0).
   */
  static List<Hour> perWindow(Handle h, Collection<Long> services, List<long[]> windows, boolean pagesOnly) {
    if (services.isEmpty() || windows.isEmpty()) {
      return List.of();
    }
    List<String> columns = pagesOnly ? List.of("pages") : COUNTS;
    String summed = String.join(", ", COUNTS.stream().map(c -> (columns.contains(c) ? "SUM(" + c + ")" : "0") + " AS " + c).toList());
    String read = "service_id, " + String.join(", ", columns);
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < windows.size(); i++) {
      String window = "CAST(:s" + i + " AS BIGINT) AS window_start, ";
      rows.append(i == 0 ? "" : "\nUNION ALL\n")
          .append("SELECT ").append(window).append(read).append(" FROM insights_daily WHERE service_id IN (<services>) AND day_start >= :d")
          .append(i).append(" AND day_start < :f").append(i)
          .append("\nUNION ALL\nSELECT ").append(window).append(read).append(" FROM insights_hourly WHERE service_id IN (<services>) ")
          .append("AND ((hour_start >= :s").append(i).append(" AND hour_start < :d").append(i).append(") OR (hour_start >= :f").append(i)
          .append(" AND hour_start < :e").append(i).append("))");
    }
    var query = h.createQuery("SELECT service_id, window_start, " + summed + " FROM (" + rows + ") windows GROUP BY service_id, window_start")
        .bindList("services", List.copyOf(services));
    for (int i = 0; i < windows.size(); i++) {
      WholeDays days = WholeDays.of(windows.get(i)[0], windows.get(i)[1]);
      query.bind("s" + i, windows.get(i)[0]).bind("e" + i, windows.get(i)[1]).bind("d" + i, days.first()).bind("f" + i, days.end());
    }
    return query.map((rs, ctx) -> new Hour(rs.getLong("service_id"), rs.getLong("window_start"), "", rs.getLong("alert_events"),
        rs.getLong("incidents_opened"), rs.getLong("pages"), rs.getLong("acked"), rs.getLong("ack_ms_sum"), rs.getLong("resolved"),
        rs.getLong("resolve_ms_sum"), rs.getLong("sender_resolved_fast"), rs.getLong("acted_on"))).list();
  }

  /** The start of the last hour in [from, to) in which these services paged, if any: callers ask over the one week that has it. */
  static Optional<Long> lastPaged(Handle h, Collection<Long> services, long from, long to) {
    if (services.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(h.createQuery("SELECT MAX(hour_start) FROM insights_hourly WHERE service_id IN (<services>) AND hour_start >= :from "
            + "AND hour_start < :to AND pages > 0")
        .bindList("services", List.copyOf(services)).bind("from", from).bind("to", to)
        .mapTo(Long.class).one());
  }
}
