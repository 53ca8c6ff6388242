package dev.hush.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the detectors on the labelled synthetic suite (seed 20261102; 8 series
 * per anomaly shape and 16 clean ones, four weeks each at a five-minute step). A labelled anomaly
 * is found when a window overlaps it; a window is right when it overlaps a labelled anomaly.
 */
class DetectorEvaluationTest {
  private final Detector detector = new Detector(ZoneOffset.UTC);

  record Score(int windows, int correct, int labelled, int found, Map<Synthetic.Shape, int[]> perShape) {
    double precision() {
      return windows == 0 ? 1 : correct / (double) windows;
    }

    double recall() {
      return labelled == 0 ? 1 : found / (double) labelled;
    }
  }

  static Score evaluate(Detector detector, List<Synthetic.Case> cases) {
    int windows = 0;
    int correct = 0;
    int labelled = 0;
    int found = 0;
    Map<Synthetic.Shape, int[]> perShape = new EnumMap<>(Synthetic.Shape.class);
    for (Synthetic.Case c : cases) {
      Detector.Scan scan = detector.scan(c.series());
      List<Detector.Window> ws = detector.windows(scan);
      int[] tally = perShape.computeIfAbsent(c.shape(), s -> new int[3]);
      boolean hit = false;
      for (Detector.Window w : ws) {
        windows++;
        boolean overlaps = c.from() >= 0 && w.from() <= c.to() && w.to() >= c.from();
        correct += overlaps ? 1 : 0;
        tally[2] += overlaps ? 0 : 1;
        if (!overlaps && System.getenv("HUSH_DEBUG") != null) {
          System.out.println(c.name() + " false " + w + " at day " + w.from() / 288 + " h " + (w.from() % 288) / 12.0 + " by " + scan.kind()[w.from()] + " sigma " + scan.sigma()[w.from()]);
        }
        hit |= overlaps;
        if (overlaps && System.getenv("HUSH_DEBUG") != null) {
          System.out.println(c.name() + " -> " + w.kind() + " " + String.format("%.2f", w.severity()));
        }
      }
      if (c.from() >= 0) {
        labelled++;
        tally[0]++;
        found += hit ? 1 : 0;
        tally[1] += hit ? 1 : 0;
      }
    }
    return new Score(windows, correct, labelled, found, perShape);
  }

  @Test
  void findsTheLabelledAnomaliesAndLeavesNightsWeekendsAndRoutineDeploysAlone() {
    Score s = evaluate(detector, Synthetic.suite(8, 20261102L));
    StringBuilder report = new StringBuilder();
    s.perShape().forEach((shape, t) -> report.append(shape).append(": found ").append(t[1]).append('/').append(t[0]).append(", false windows ")
        .append(t[2]).append('\n'));
    System.out.println(report + String.format("precision %.3f (%d/%d), recall %.3f (%d/%d)", s.precision(), s.correct(), s.windows(),
        s.recall(), s.found(), s.labelled()));
    assertThat(s.perShape().get(Synthetic.Shape.CLEAN)[2]).as("windows on clean seasonal series").isZero();
    assertThat(s.precision()).isGreaterThanOrEqualTo(0.95);
    assertThat(s.recall()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void holdsOnASecondLargerSuiteItWasNotTunedOn() {
    Score s = evaluate(detector, Synthetic.suite(16, 7L));
    System.out.println(String.format("held out: precision %.3f (%d/%d), recall %.3f (%d/%d)", s.precision(), s.correct(), s.windows(),
        s.recall(), s.found(), s.labelled()));
    assertThat(s.precision()).isGreaterThanOrEqualTo(0.9);
    assertThat(s.recall()).isGreaterThanOrEqualTo(0.9);
  }
}
