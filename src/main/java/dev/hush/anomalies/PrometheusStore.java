package dev.hush.anomalies;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** A team's Prometheus source and its services' queries (prometheus_sources, prometheus_queries). Secrets come and go sealed. */
final class PrometheusStore {
  private PrometheusStore() {}

  /**
   * A stored source: its URL sealed (it may hold credentials, and says where the team's monitoring
   * lives), and {@code sealedSecret} the password (with a username) or the bearer token (without).
   */
  record SourceRow(long teamId, String sealedBaseUrl, String username, String sealedSecret, long updatedAt) {}

  static Optional<SourceRow> source(Handle h, long teamId) {
    return h.createQuery("SELECT team_id, base_url, username, secret, updated_at FROM prometheus_sources WHERE team_id = :t").bind("t", teamId)
        .map((rs, ctx) -> new SourceRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5))).findOne();
  }

  static void putSource(Handle h, long teamId, String sealedBaseUrl, String username, String sealedSecret, Long by, long now) {
    h.createUpdate("""
            INSERT INTO prometheus_sources (team_id, base_url, username, secret, updated_by, updated_at) VALUES (:t, :url, :user, :secret, :by, :now)
            ON CONFLICT (team_id) DO UPDATE SET base_url = excluded.base_url, username = excluded.username, secret = excluded.secret,
              updated_by = excluded.updated_by, updated_at = excluded.updated_at""")
        .bind("t", teamId).bind("url", sealedBaseUrl).bind("user", username).bind("secret", sealedSecret).bind("by", by).bind("now", now).execute();
  }

  static boolean deleteSource(Handle h, long teamId) {
    return h.createUpdate("DELETE FROM prometheus_sources WHERE team_id = :t").bind("t", teamId).execute() == 1;
  }

  record QueryRow(long serviceId, MetricQuery query) {}

  /** The queries of these services, in each service's order. */
  static List<QueryRow> queries(Handle h, List<Long> serviceIds) {
    if (serviceIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery("SELECT service_id, name, promql FROM prometheus_queries WHERE service_id IN (<s>) ORDER BY service_id, position")
        .bindList("s", serviceIds).map((rs, ctx) -> new QueryRow(rs.getLong(1), new MetricQuery(rs.getString(2), rs.getString(3)))).list();
  }

  static void replaceQueries(Handle h, long serviceId, List<MetricQuery> queries) {
    h.createUpdate("DELETE FROM prometheus_queries WHERE service_id = :s").bind("s", serviceId).execute();
    PreparedBatch b = h.prepareBatch("INSERT INTO prometheus_queries (service_id, position, name, promql) VALUES (:s, :p, :n, :q)");
    for (int i = 0; i < queries.size(); i++) {
      b.bind("s", serviceId).bind("p", i).bind("n", queries.get(i).name()).bind("q", queries.get(i).promql()).add();
    }
    if (!queries.isEmpty()) {
      b.execute();
    }
  }
}
