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
    java.util.Map<Long, Integer> gaps = new java.util.HashMap<>();
    for (int i = 1; i < sorted.length; i++) {
      long gap = sorted[i] - sorted[i - 1];
      if (gap > 0) {
        gaps.merge(gap, 1, Integer::sum);
      }
    }
    long step = gaps.entrySet().stream().max(java.util.Map.Entry.<Long, Integer>comparingByValue()
        .thenComparing(java.util.Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).map(java.util.Map.Entry::getKey).orElse(60_000L);
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

  /** The slot a sample taken at {@code time} went to in a series built by {@link #regular}. */
  public int slotOf(long time) {
    return slot(startMs, stepMs, values.length, time);
  }

  private static int slot(long start, long step, int n, long time) {
    return (int) Math.max(0, Math.min(n - 1, Math.round((time - start) / (double) step)));
  }
}
