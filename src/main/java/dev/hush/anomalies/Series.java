package dev.hush.anomalies;

import dev.hush.core.Problem;

/**
 * A regular-step series: {@code values[i]} is the sample at {@code startMs + i * stepMs} (UTC epoch
 * ms). A missing sample is {@link Double#NaN}.
 */
public record Series(String name, long startMs, long stepMs, double[] values) {
  public Series {
    if (stepMs <= 0) {
      throw Problem.invalid("step", "step must be positive");
    }
    if (values == null) {
      throw Problem.invalid("values", "values are required");
    }
  }

  public int size() {
    return values.length;
  }

  public long timeAt(int i) {
    return startMs + i * stepMs;
  }

  /**
   * Puts samples taken at arbitrary instants on a regular step: the step is the most common gap,
   * each sample goes to the slot nearest its instant (the last one wins), and empty slots are NaN.
   */
  public static Series regular(String name, long[] times, double[] values) {
    if (times.length != values.length) {
      throw Problem.invalid("values", "times and values differ in length");
    }
    if (times.length == 0) {
      return new Series(name, 0, 60_000L, new double[0]);
    }
    long[] sorted = times.clone();
    java.util.Arrays.sort(sorted);
    long step = step(sorted);
    long start = sorted[0];
    int n = (int) ((sorted[sorted.length - 1] - start) / step) + 1;
    if (n > 5_000_000) {
      throw Problem.invalid("values", "too many samples for one series");
    }
    double[] out = new double[n];
    java.util.Arrays.fill(out, Double.NaN);
    for (int i = 0; i < times.length; i++) {
      out[slot(start, step, n, times[i])] = values[i];
    }
    return new Series(name, start, step, out);
  }

  private static final long[] STEPS = {1_000, 5_000, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000, 180_000, 300_000, 600_000, 900_000,
      1_200_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000};

  /**
   * The step of sorted sample times: the median gap, snapped to the usual scrape and export steps
   * when within a tenth of one (exporters' clocks jitter), else to whole seconds.
   */
  static long step(long[] sorted) {
    long[] gaps = new long[Math.max(0, sorted.length - 1)];
    int m = 0;
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] > sorted[i - 1]) {
        gaps[m++] = sorted[i] - sorted[i - 1];
      }
    }
    if (m == 0) {
      return 60_000L;
    }
    java.util.Arrays.sort(gaps, 0, m);
    long median = gaps[m / 2];
    for (long s : STEPS) {
      if (Math.abs(median - s) <= s / 10) {
        return s;
      }
    }
    return Math.max(1_000, Math.round(median / 1000.0) * 1000);
  }

  /** The slot a sample taken at {@code time} went to in a series built by {@link #regular}. */
  public int slotOf(long time) {
    return slot(startMs, stepMs, values.length, time);
  }

  private static int slot(long start, long step, int n, long time) {
    return (int) Math.max(0, Math.min(n - 1, Math.round((time - start) / (double) step)));
  }
}
