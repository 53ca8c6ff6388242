package dev.hush.insights;

import java.util.ArrayList;
import java.util.List;

/** The charts of the insights pages, in the one {@link Chart} contract. */
final class InsightsCharts {
  private InsightsCharts() {}

  /** The team's pages and their trend, with the done action items as marks. */
  static Chart pages(PagesPerWeek p) {
    return Chart.lines(p.weekStarts(), List.of(new Chart.Series("pages", p.pages()), new Chart.Series("trend", p.trend().values())),
        p.doneActions().stream().map(a -> new Chart.Mark(a.doneAt() / 1000, "done: " + a.title())).toList());
  }

  /** Each service's pages, stacked. */
  static Chart pagesByService(PagesPerWeek p) {
    return Chart.bars(p.weekStarts(), p.services().stream().map(s -> new Chart.Series(s.service(), s.pages())).toList(), List.of());
  }

  static Chart quiet(QuietStreak q) {
    return Chart.bars(q.weekStarts(), List.of(new Chart.Series("pages", q.pages())), List.of());
  }

  /** One line per service of {@code minutes(mean)} per week; {@code ack} chooses MTTA, else MTTR. */
  static Chart response(ResponseWeeks weeks, boolean ack) {
    List<ResponseTime> times = weeks.times();
    List<Chart.Series> series = new ArrayList<>();
    times.stream().map(ResponseTime::serviceId).distinct().forEach(service -> {
      List<ResponseTime> own = times.stream().filter(r -> r.serviceId() == service).toList();
      List<Double> minutes = own.stream().map(r -> ack ? r.mttaMillis() : r.mttrMillis())
          .map(ms -> ms == null ? null : Math.round(ms / 600.0) / 100.0).toList();
      series.add(new Chart.Series(own.getFirst().service(), minutes));
    });
    return Chart.lines(weeks.weekStarts(), series, List.of());
  }
}
