package dev.hush.review;

import java.util.List;

/**
 * Where the dashboards section gets each service's metric charts and flagged findings for a
 * review's week; the anomalies feature provides it. Services without findings come last.
 */
public interface DashboardSource {
  DashboardSource NONE = review -> List.of();

  List<Board> boards(Review review);

  /**
   * A service's week: its charts and its findings, the most severe first; {@code sourceError} says
   * why some of its metrics could not be read (e.g. "Prometheus unreachable: …"), else null.
   */
  record Board(long serviceId, String name, List<Chart> charts, List<Anomaly> findings, String sourceError) {}

  /** A chart in the chart contract's shape (values null where there was no sample). */
  record Chart(String title, String kind, long[] x, List<Line> series, List<Mark> marks) {}

  record Line(String label, Double[] values) {}

  record Mark(long x, String label) {}

  /**
   * One flagged window and the team's answer: {@code response} null (none yet), {@code expected},
   * {@code investigate} or {@code log-that}, the latter two with their action item.
   */
  record Anomaly(long id, String series, String kind, long fromMs, long toMs, double severity, String explanation, String response,
      String note, Long actionItemId) {}
}
