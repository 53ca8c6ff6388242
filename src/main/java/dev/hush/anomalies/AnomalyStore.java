package dev.hush.anomalies;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** A review's flagged anomalies and the team's answers (anomaly_scans, anomaly_findings). */
final class AnomalyStore {
  private AnomalyStore() {}

  record Row(long id, long reviewId, long serviceId, String series, String kind, long fromMs, long toMs, double severity, double rank,
      String explanation, String response, String note, Long actionItemId) {}

  private static final String COLUMNS = "id, review_id, service_id, series, kind, from_ms, to_ms, severity, rank_score, explanation, response, note, "
      + "action_item_id";

  /** Marks the review scanned; false when another caller did first. */
  static boolean claimScan(Handle h, long reviewId, long now) {
    return h.createUpdate("INSERT INTO anomaly_scans (review_id, scanned_at) VALUES (:r, :now) ON CONFLICT (review_id) DO NOTHING")
        .bind("r", reviewId).bind("now", now).execute() == 1;
  }

  static void insert(Handle h, long reviewId, long serviceId, List<Findings.Finding> findings, long now) {
    PreparedBatch b = h.prepareBatch("""
        INSERT INTO anomaly_findings (review_id, service_id, series, kind, from_ms, to_ms, severity, rank_score, explanation, created_at)
        VALUES (:review, :service, :series, :kind, :from, :to, :severity, :rank, :explanation, :now)""");
    for (Findings.Finding f : findings) {
      b.bind("review", reviewId).bind("service", serviceId).bind("series", f.series()).bind("kind", f.kind().dbValue()).bind("from", f.fromMs())
          .bind("to", f.toMs()).bind("severity", f.severity()).bind("rank", f.rank()).bind("explanation", f.explanation()).bind("now", now).add();
    }
    if (!findings.isEmpty()) {
      b.execute();
    }
  }

  static List<Row> ofReview(Handle h, long reviewId) {
    return h.createQuery("SELECT " + COLUMNS + " FROM anomaly_findings WHERE review_id = :r ORDER BY rank_score DESC, id")
        .bind("r", reviewId).map((rs, ctx) -> row(rs)).list();
  }

  static Optional<Row> byId(Handle h, long reviewId, long id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM anomaly_findings WHERE review_id = :r AND id = :id")
        .bind("r", reviewId).bind("id", id).map((rs, ctx) -> row(rs)).findOne();
  }

  /** How many earlier findings of this service, series and kind (before {@code before}) the team called expected. */
  static boolean scanned(Handle h, long reviewId) {
    return h.createQuery("SELECT COUNT(*) FROM anomaly_scans WHERE review_id = :r").bind("r", reviewId).mapTo(Integer.class).one() > 0;
  }

  static void linkActionItem(Handle h, long findingId, long actionItemId) {
    h.createUpdate("UPDATE anomaly_findings SET action_item_id = :item WHERE id = :id").bind("item", actionItemId).bind("id", findingId).execute();
  }

  /** Takes an answer back: the action it asked for could not be made. */
  static void clearResponse(Handle h, long findingId) {
    h.createUpdate("UPDATE anomaly_findings SET response = NULL, note = '', responded_by = NULL, responded_at = NULL WHERE id = :id")
        .bind("id", findingId).execute();
  }

  /** A pattern the team answered: one service's series and kind of finding. */
  record Pattern(long serviceId, String series, String kind) {}

  /** How often each pattern of these services was called expected in findings from [since, before), in one query. */
  static Map<Pattern, Integer> expectedBefore(Handle h, Collection<Long> serviceIds, long since, long before) {
    Map<Pattern, Integer> out = new HashMap<>();
    if (serviceIds.isEmpty()) {
      return out;
    }
    h.createQuery("""
            SELECT service_id, series, kind, COUNT(*) AS n FROM anomaly_findings
            WHERE service_id IN (<services>) AND response = 'expected' AND from_ms >= :since AND from_ms < :before
            GROUP BY service_id, series, kind""")
        .bindList("services", List.copyOf(serviceIds)).bind("since", since).bind("before", before)
        .map((rs, ctx) -> out.put(new Pattern(rs.getLong("service_id"), rs.getString("series"), rs.getString("kind")), rs.getInt("n")))
        .list();
    return out;
  }

  /** Records the answer once; false when the finding already had one. */
  static boolean respond(Handle h, long id, String response, String note, Long actionItemId, long by, long now) {
    return h.createUpdate("""
            UPDATE anomaly_findings SET response = :response, note = :note, action_item_id = :item, responded_by = :by, responded_at = :now
            WHERE id = :id AND response IS NULL""")
        .bind("id", id).bind("response", response).bind("note", note).bind("item", actionItemId).bind("by", by).bind("now", now).execute() == 1;
  }

  private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
    long item = rs.getLong("action_item_id");
    Long itemId = rs.wasNull() ? null : item;
    return new Row(rs.getLong("id"), rs.getLong("review_id"), rs.getLong("service_id"), rs.getString("series"), rs.getString("kind"),
        rs.getLong("from_ms"), rs.getLong("to_ms"), rs.getDouble("severity"), rs.getDouble("rank_score"), rs.getString("explanation"),
        rs.getString("response"), rs.getString("note"), itemId);
  }
}
