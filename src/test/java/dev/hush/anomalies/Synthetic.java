package dev.hush.anomalies;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Labelled synthetic series: four weeks at a five-minute step of request-like counts (a night low at
 * 03:00, a weekend dip, a short routine-deploy dip on weekday mornings) or latency-like gauges, with
 * at most one anomaly placed in daytime of the last week and labelled with its window.
 */
final class Synthetic {
  static final long STEP = 5 * 60_000L;
  static final long START = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli(); // a Monday
  static final int WEEK = 7 * 24 * 12;
  static final int N = 4 * WEEK;

  enum Shape {
    CLEAN, SPIKE, DIP, SHIFT, DROPOUT, TREND, FLATLINE
  }

  /** A series and its labelled anomaly ({@code from} to {@code to} inclusive, -1 when clean). */
  record Case(String name, Shape shape, Series series, int from, int to) {}

  static List<Case> suite(int perShape, long seed) {
    Random rnd = new Random(seed);
    List<Case> out = new ArrayList<>();
    for (Shape shape : Shape.values()) {
      int count = shape == Shape.CLEAN ? 2 * perShape : perShape;
      for (int k = 0; k < count; k++) {
        out.add(make(shape.name().toLowerCase(java.util.Locale.ROOT) + "-" + k, shape, rnd, k % 3 == 2));
      }
    }
    return out;
  }

  static double seasonal(int i) {
    double hour = (i % (24 * 12)) / 12.0;
    int day = i / (24 * 12) % 7; // 0 = Monday
    double daily = 0.35 + 0.65 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 3) / 24));
    double weekend = day >= 5 ? 0.55 : 1.0;
    // The weekend comes on over three hours either side of midnight.
    if (day == 4 && hour >= 21) {
      weekend = 1.0 - 0.45 * (hour - 21) / 6;
    } else if (day == 5 && hour < 3) {
      weekend = 1.0 - 0.45 * (hour + 3) / 6;
    } else if (day == 6 && hour >= 21) {
      weekend = 0.55 + 0.45 * (hour - 21) / 6;
    } else if (day == 0 && hour < 3) {
      weekend = 0.55 + 0.45 * (hour + 3) / 6;
    }
    // The routine deploy at 10:00 on weekdays costs a fifth of the traffic for half an hour.
    double deploy = day < 5 && hour >= 10 && hour < 10.5 ? 0.8 : 1.0;
    return daily * weekend * deploy;
  }

  static Case make(String name, Shape shape, Random rnd, boolean gauge) {
    double level = gauge ? 150 + rnd.nextDouble() * 300 : 200 + rnd.nextDouble() * 1800;
    double[] mean = new double[N];
    for (int i = 0; i < N; i++) {
      mean[i] = gauge ? level * (0.8 + 0.2 * seasonal(i)) : level * seasonal(i);
    }
    // Daytime (09:00-17:00) on a weekday of the last week.
    int day = 21 + rnd.nextInt(5);
    int at = day * 24 * 12 + 9 * 12 + rnd.nextInt(8 * 12);
    int from = at;
    int to = at;
    double[] factor = new double[N];
    java.util.Arrays.fill(factor, 1.0);
    switch (shape) {
      case CLEAN -> {
        from = -1;
        to = -1;
      }
      case SPIKE -> {
        to = at + rnd.nextInt(3);
        double f = 2.5 + rnd.nextDouble() * 1.5;
        for (int i = from; i <= to; i++) {
          factor[i] = f;
        }
      }
      case DIP -> {
        to = at + 3 + rnd.nextInt(5);
        double f = 0.1 + rnd.nextDouble() * 0.2;
        for (int i = from; i <= to; i++) {
          factor[i] = f;
        }
      }
      case SHIFT -> {
        to = Math.min(N - 1, at + 24 * 12);
        double f = rnd.nextBoolean() ? 1.6 : 0.6;
        for (int i = from; i <= to; i++) {
          factor[i] = f;
        }
      }
      case DROPOUT -> {
        to = at + 2 + rnd.nextInt(8);
        for (int i = from; i <= to; i++) {
          factor[i] = 0;
        }
      }
      case TREND -> {
        to = at + 10 * 12;
        for (int i = from; i <= to; i++) {
          factor[i] = 1 + 0.8 * Math.min(1.0, (i - from) / 72.0);
        }
      }
      case FLATLINE -> to = at + 11;
    }
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      double m = mean[i] * factor[i];
      double sd = gauge ? 0.04 * m : Math.sqrt(m) + 0.03 * m;
      double x = m + rnd.nextGaussian() * sd;
      v[i] = gauge ? Math.max(0, Math.round(x * 10) / 10.0) : Math.max(0, Math.round(x));
    }
    if (shape == Shape.FLATLINE) {
      for (int i = from + 1; i <= to; i++) {
        v[i] = v[from];
      }
    }
    return new Case(name, shape, new Series(name, START, STEP, v), from, to);
  }

  private Synthetic() {}
}
