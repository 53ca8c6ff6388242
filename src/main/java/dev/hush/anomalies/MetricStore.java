package dev.hush.anomalies;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The imported metric series and their samples (metric_series, metric_samples). */
final class MetricStore {
  private MetricStore() {}

  record SeriesRow(long id, long serviceId, String name, long stepMs) {}

  record Sample(long seriesId, long at, double value) {}

  static Optional<SeriesRow> series(Handle h, long serviceId, String name) {
    return h.createQuery("SELECT id, service_id, name, step_ms FROM metric_series WHERE service_id = :s AND name = :n")
        .bind("s", serviceId).bind("n", name).map((rs, ctx) -> new SeriesRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4)))
        .findOne();
  }

  static List<SeriesRow> seriesOf(Handle h, Collection<Long> services) {
    if (services.isEmpty()) {
      return List.of();
    }
    return h.createQuery("SELECT id, service_id, name, step_ms FROM metric_series WHERE service_id IN (<s>) ORDER BY service_id, name")
        .bindList("s", List.copyOf(services)).map((rs, ctx) -> new SeriesRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4)))
        .list();
  }

  static long insertSeries(Handle h, long serviceId, String name, long stepMs, long now) {
    return h.createUpdate("INSERT INTO metric_series (service_id, name, step_ms, created_at) VALUES (:s, :n, :step, :now)")
        .bind("s", serviceId).bind("n", name).bind("step", stepMs).bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
  }

  /** Writes the samples, replacing any already at the same instant. */
  static void putSamples(Handle h, long seriesId, long[] at, double[] values) {
    PreparedBatch batch = h.prepareBatch("""
        INSERT INTO metric_samples (series_id, at, value) VALUES (:series, :at, :value)
        ON CONFLICT (series_id, at) DO UPDATE SET value = excluded.value""");
    for (int i = 0; i < at.length; i++) {
      batch.bind("series", seriesId).bind("at", at[i]).bind("value", values[i]).add();
    }
    if (at.length > 0) {
      batch.execute();
    }
  }

  /** The samples of these series in [from, to), oldest first. */
  static List<Sample> samples(Handle h, Collection<Long> series, long from, long to) {
    if (series.isEmpty()) {
      return List.of();
    }
    return h.createQuery("SELECT series_id, at, value FROM metric_samples WHERE series_id IN (<ids>) AND at >= :from AND at < :to ORDER BY series_id, at")
        .bindList("ids", List.copyOf(series)).bind("from", from).bind("to", to)
        .map((rs, ctx) -> new Sample(rs.getLong(1), rs.getLong(2), rs.getDouble(3))).list();
  }
}
