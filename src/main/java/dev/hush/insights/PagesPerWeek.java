package dev.hush.insights;

import java.util.List;

/**
 * Pages per week of a team, in total and per service, oldest week first, with the least-squares
 * trend of the total and the team's action items done in the period, so their effect shows.
 *
 * @param weekStarts epoch ms of each week's Monday 00:00 in {@code zone}
 * @param pages      the team's pages in each week
 * @param trend      the fitted line at each week (pages), and its slope (pages per week)
 */
public record PagesPerWeek(long teamId, String zone, List<Long> weekStarts, List<Long> pages, Trend trend, List<ServiceWeeks> services,
    List<DoneAction> doneActions) {

  /** One service's pages in each of the weeks. */
  public record ServiceWeeks(long serviceId, String service, List<Long> pages) {}

  /** The least-squares line through the weekly pages: {@code intercept + slope * week index}. */
  public record Trend(double slope, double intercept, List<Double> values) {

    static Trend fit(List<Long> ys) {
      int n = ys.size();
      if (n == 0) {
        return new Trend(0, 0, List.of());
      }
      double meanX = (n - 1) / 2.0;
      double meanY = ys.stream().mapToLong(Long::longValue).average().orElse(0);
      double sxy = 0;
      double sxx = 0;
      for (int i = 0; i < n; i++) {
        sxy += (i - meanX) * (ys.get(i) - meanY);
        sxx += (i - meanX) * (i - meanX);
      }
      double slope = sxx == 0 ? 0 : sxy / sxx;
      double intercept = meanY - slope * meanX;
      return new Trend(slope, intercept, java.util.stream.IntStream.range(0, n).mapToObj(i -> intercept + slope * i).toList());
    }
  }

  /** An action item of the team marked done in the period. */
  public record DoneAction(long actionItemId, String title, long doneAt) {}
}
