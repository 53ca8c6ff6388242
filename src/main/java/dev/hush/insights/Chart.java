package dev.hush.insights;

import dev.hush.core.Json;
import java.util.List;

/**
 * What static/charts.js draws for a {@code <div class="chart" data-chart='…'>}: bars or lines over
 * x in epoch seconds, one value per x in each series (null for a gap), and vertical marks. Every
 * insights page uses this one contract.
 */
public record Chart(String kind, List<Long> x, List<Series> series, List<Mark> marks) {

  public record Series(String label, List<? extends Number> values) {}

  public record Mark(long x, String label) {}

  public static Chart bars(List<Long> xMillis, List<Series> series, List<Mark> marks) {
    return new Chart("bars", seconds(xMillis), series, marks);
  }

  public static Chart lines(List<Long> xMillis, List<Series> series, List<Mark> marks) {
    return new Chart("lines", seconds(xMillis), series, marks);
  }

  /** The JSON for the data-chart attribute. */
  public String json() {
    return Json.write(this);
  }

  private static List<Long> seconds(List<Long> millis) {
    return millis.stream().map(m -> m / 1000).toList();
  }
}
