package dev.hush.review;

import dev.hush.actions.ActionItem;
import dev.hush.insights.NoiseRanking;
import java.util.List;

/**
 * Everything the meeting goes through, generated from the week: the incidents, each service's week,
 * new work, and the action items. Instants are UTC epoch ms.
 */
public record Agenda(Review review, Incidents incidents, Dashboards dashboards, NewWork newWork, Actions actions) {

  /** The overdue P1 items the facilitator has not acknowledged: while there are any, the review does not close. */
  public List<ActionItem> unacknowledgedOverdue() {
    java.util.Set<Long> acknowledged = review.overdueAck() == null ? java.util.Set.of() : java.util.Set.copyOf(review.overdueAck().itemIds());
    return actions.overdueP1().stream().filter(i -> !acknowledged.contains(i.id())).toList();
  }

  /**
   * The week's incidents grouped by rule (fingerprint) and service, repeat offenders first, with
   * pages in the facilitator's sleep hours, mean time to acknowledge and to resolve (null when no
   * incident was), the count without a log entry, and the rules the week's noise ranking would change.
   */
  public record Incidents(int total, int sleepHourPages, Double mttaMinutes, Double mttrMinutes, int unlogged, boolean truncated,
      List<IncidentGroup> groups, List<NoiseRanking.Rule> noisyRules) {}

  public record IncidentGroup(long serviceId, String serviceName, String fingerprint, String title, int count, int triggers,
      int sleepHourPages, int unlogged, List<IncidentLine> incidents) {}

  /** One incident and what the on-call person wrote about it ({@code log} null: nothing yet). */
  public record IncidentLine(long id, String title, String status, long openedAt, Long ackedAt, Long resolvedAt, String ackedBy,
      boolean sleepHours, Log log) {}

  public record Log(String author, String action, String note, String verdict) {}

  /**
   * A week view per service, the findings recorded in this review, and the metric boards with
   * their flagged anomalies (services with findings first).
   */
  public record Dashboards(List<ServiceWeek> services, List<Finding> findings, List<DashboardSource.Board> boards) {
    /** The boards with nothing flagged, folded into one line in the meeting. */
    public List<DashboardSource.Board> quiet() {
      return boards.stream().filter(b -> b.findings().isEmpty()).toList();
    }

    public List<DashboardSource.Board> flagged() {
      return boards.stream().filter(b -> !b.findings().isEmpty()).toList();
    }
  }

  /**
   * A service's week per hour from the week's start: alerts received, pages and incidents opened.
   * {@code hourStarts} are epoch seconds, for charts.
   */
  public record ServiceWeek(long serviceId, String name, long[] hourStarts, long[] alerts, long[] pages, long[] incidents,
      long totalAlerts, long totalPages, long totalIncidents) {}

  public record Finding(long id, Long serviceId, String serviceName, FindingKind kind, String text, Long actionItemId, String by,
      long createdAt) {}

  /** Change events received this week and the launches the team is preparing. */
  public record NewWork(List<Change> changes, List<Launch> launches) {}

  public record Change(long id, String serviceName, String summary, String source, long happenedAt) {}

  public record Launch(long id, String title, String serviceName, String launchDate, List<Check> checklist, boolean enteredHere) {
    public boolean ready() {
      return checklist.stream().allMatch(Check::done);
    }
  }

  public record Check(String key, String label, boolean done) {}

  /**
   * Items carried over from earlier weeks (pending when the review was prepared, oldest slip
   * first), items created in this review, and the team's overdue P1 items that stand between the
   * review and its close.
   */
  public record Actions(List<ActionItem> carried, List<ActionItem> created, List<ActionItem> overdueP1, java.util.Map<Long, String> names) {}
}
