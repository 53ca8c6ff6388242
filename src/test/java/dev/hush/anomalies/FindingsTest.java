package dev.hush.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FindingsTest {
  private final Detector detector = new Detector(ZoneOffset.UTC);
  private final Findings findings = new Findings(detector, ZoneOffset.UTC);

  /** Four weeks of requests, the last with a drop to a sixth on Tuesday 14:05-14:40 and a deploy at 14:03. */
  private static Series requestsWithDrop() {
    Random rnd = new Random(3);
    double[] v = new double[Synthetic.N];
    for (int i = 0; i < v.length; i++) {
      double m = 1000 * Synthetic.seasonal(i);
      v[i] = Math.round(m + rnd.nextGaussian() * (Math.sqrt(m) + 0.03 * m));
    }
    int from = (21 + 1) * 288 + 14 * 12 + 1; // Tue 24 Nov 14:05
    for (int i = from; i < from + 7; i++) {
      v[i] = Math.round(v[i] / 6);
    }
    return new Series("requests", Synthetic.START, Synthetic.STEP, v);
  }

  @Test
  void explainsAWindowInWordsAndSaysWhatItLinesUpWith() {
    long weekStart = Synthetic.START + 21 * Detector.DAY;
    long deploy = Instant.parse("2026-11-24T14:03:00Z").toEpochMilli();
    List<Findings.Finding> top = findings.top(List.of(requestsWithDrop()), weekStart, weekStart + Detector.WEEK,
        List.of(new Findings.Event(deploy, "change “checkout v42”"), new Findings.Event(weekStart + Detector.DAY * 4, "incident #9")), f -> 1.0, 5);
    assertThat(top).hasSize(1);
    Findings.Finding f = top.getFirst();
    assertThat(f.kind()).isEqualTo(AnomalyKind.DIP);
    assertThat(f.fromMs()).isEqualTo(Instant.parse("2026-11-24T14:05:00Z").toEpochMilli());
    assertThat(f.toMs()).isEqualTo(Instant.parse("2026-11-24T14:40:00Z").toEpochMilli());
    assertThat(f.explanation()).matches("requests −8\\d % Tue 14:05–14:40 vs the same time in the previous 3 weeks; lines up with change “checkout v42” at Tue 14:03");
  }

  @Test
  void keepsTheTopFindingsOfTheWeekAndLetsARankFactorPushAPatternDown() {
    Random rnd = new Random(5);
    List<Series> series = new java.util.ArrayList<>();
    for (Synthetic.Shape shape : List.of(Synthetic.Shape.DROPOUT, Synthetic.Shape.SPIKE, Synthetic.Shape.SHIFT, Synthetic.Shape.DIP,
        Synthetic.Shape.FLATLINE, Synthetic.Shape.SPIKE, Synthetic.Shape.CLEAN)) {
      series.add(Synthetic.make(shape.name().toLowerCase(java.util.Locale.ROOT) + series.size(), shape, rnd, false).series());
    }
    long weekStart = Synthetic.START + 21 * Detector.DAY;
    List<Findings.Finding> top = findings.top(series, weekStart, weekStart + Detector.WEEK, List.of(), f -> 1.0, 5);
    assertThat(top).hasSize(5);
    assertThat(top).extracting(Findings.Finding::rank).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(top).allSatisfy(f -> assertThat(f.fromMs()).isGreaterThanOrEqualTo(weekStart - Detector.HOUR));
    assertThat(top.getFirst().kind()).isEqualTo(AnomalyKind.DROP_TO_ZERO);
    assertThat(top.getFirst().explanation()).startsWith("dropout0 dropped to zero ");
    // The team called drops to zero on that series expected: it falls below the others.
    List<Findings.Finding> taught = findings.top(series, weekStart, weekStart + Detector.WEEK, List.of(),
        f -> f.series().equals("dropout0") ? 0.3 : 1.0, 5);
    assertThat(taught).extracting(Findings.Finding::series).doesNotContain("dropout0");
  }

  @Test
  void aScanFromTheWeekFindsTheWindowsOfAWholeScanAlsoWhenOneBeganBeforeTheWeek() {
    long weekStart = Synthetic.START + 21 * Detector.DAY;
    Series inside = requestsWithDrop();
    double[] v = inside.values().clone();
    int sunday = 21 * 288 - 8; // Sun 22 Nov 23:20, forty minutes before the week
    java.util.Arrays.fill(v, sunday, sunday + 16, 0);
    Series across = new Series("requests", inside.startMs(), inside.stepMs(), v);
    for (Series s : List.of(inside, across)) {
      List<Detector.Window> whole = detector.windows(detector.scan(s)).stream().filter(w -> s.timeAt(w.to()) + s.stepMs() > weekStart).toList();
      List<Detector.Window> fromWeek = detector.windows(detector.scan(s, weekStart)).stream()
          .filter(w -> s.timeAt(w.to()) + s.stepMs() > weekStart).toList();
      assertThat(fromWeek).isNotEmpty().isEqualTo(whole);
    }
    Findings.Finding drop = findings.top(List.of(across), weekStart, weekStart + Detector.WEEK, List.of(), f -> 1.0, 5).getFirst();
    assertThat(drop.kind()).isEqualTo(AnomalyKind.DROP_TO_ZERO);
    assertThat(drop.fromMs()).isEqualTo(Instant.parse("2026-11-22T23:20:00Z").toEpochMilli());
  }

  @Test
  void putsIrregularSamplesOnTheirStep() {
    Series s = Series.regular("x", new long[] {0, 60_000, 180_000, 240_000}, new double[] {1, 2, 4, 5});
    assertThat(s.stepMs()).isEqualTo(60_000);
    assertThat(s.values()).containsExactly(1, 2, Double.NaN, 4, 5);
  }
}
