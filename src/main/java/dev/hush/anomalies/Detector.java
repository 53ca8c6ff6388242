package dev.hush.anomalies;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores every point of a regular-step series in 0..1 and merges the anomalous points into windows.
 *
 * <p>The expected value of a point is a robust seasonal baseline: the median of the same time of
 * week in up to four previous weeks (each with its two neighbouring steps); with less than two weeks
 * behind it, the same time of day on the previous seven days of the same kind (weekday or weekend
 * day in the series' zone); with less than two such days, the median of the preceding hour. The
 * spread is the MAD of the same values, never below the series' own step-to-step noise (nor, for
 * counts, below a Poisson count's). Night lows,
 * weekend dips and anything else that repeats in the history are therefore expected.
 *
 * <p>Detectors, each a score per point, the highest wins: spike/dip (one point far from
 * expected), level shift (the median residual over an hour, and over four hours, stays away from
 * zero), drop to zero (a run of zeros where traffic was expected), flatline (a run of identical
 * values where the history moves) and trend break (residuals that climb steadily over two hours).
 */
public final class Detector {
  /** A point at or above this score is anomalous. */
  public static final double THRESHOLD = 0.5;
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;
  static final long WEEK = 7 * DAY;
  private static final int MAX_WEEKS = 4;
  private static final int MAX_DAYS = 7;

  /** Where a point's expected value came from. */
  public enum Basis {
    WEEKS, DAYS, ROLLING, NONE
  }

  /**
   * The scan of one series: per point the expected value, the spread, the score in 0..1, the
   * detector that gave it, and the baseline's basis with how many weeks or days it used.
   */
  public record Scan(Series series, double[] expected, double[] sigma, double[] score, AnomalyKind[] kind, Basis[] basis, int[] depth) {}

  /** A run of anomalous points, inclusive indices. */
  public record Window(int from, int to, AnomalyKind kind, double severity, double actualMean, double expectedMean, Basis basis, int depth) {
    /** The change against expected in percent, or NaN when nothing was expected. */
    public double changePercent() {
      return expectedMean == 0 ? Double.NaN : (actualMean - expectedMean) / Math.abs(expectedMean) * 100;
    }
  }

  private final ZoneId zone;

  public Detector(ZoneId zone) {
    this.zone = zone;
  }

  /** Scores every point of the series. */
  public Scan scan(Series s) {
    return scan(s, s.startMs());
  }

  /**
   * Scores the points from {@code fromMs} on, and the few before it that decide where a window
   * reaching into it starts; earlier points are left unscored (no expected value, score 0), unless a
   * window or a run of one value may reach back past them, when the whole series is scored. The
   * windows that reach {@code fromMs} or later are those of a whole-series scan; the history before
   * it still makes the baseline.
   */
  public Scan scan(Series s, long fromMs) {
    int n = s.size();
    int hour = hourSteps(s);
    int gap = gapSteps(s);
    long first = Math.min(n, Math.max(0, (fromMs - s.startMs()) / s.stepMs()));
    // From `valid` on the scores are those of a whole scan; the residuals start two hours earlier,
    // as far back as the four-hour level window and the two-hour trend window look.
    int valid = (int) first - gap - 2;
    int lo = valid - 2 * hour;
    if (lo <= 0 || runReaches(s.values(), lo, valid)) {
      return scan(s, 0, 0);
    }
    Scan scan = scan(s, lo, valid);
    for (int i = valid; i <= valid + gap + 1 && i < n; i++) {
      if (scan.score()[i] >= THRESHOLD) {
        // An anomalous window may have begun before the scored points.
        return scan(s, 0, 0);
      }
    }
    return scan;
  }

  /** Whether one repeated value runs from before {@code lo} to {@code valid}: a flatline or drop older than the scored points. */
  private static boolean runReaches(double[] x, int lo, int valid) {
    for (int i = lo - 1; i < valid && i + 1 < x.length; i++) {
      if (Double.isNaN(x[i]) || x[i + 1] != x[i]) {
        return false;
      }
    }
    return true;
  }

  /** The scan with expected values from {@code lo} on and scores from {@code valid} on. */
  private Scan scan(Series s, int lo, int valid) {
    double[] x = s.values();
    int n = x.length;
    double[] expected = new double[n];
    double[] sigma = new double[n];
    double[] spread = new double[n];
    Basis[] basis = new Basis[n];
    int[] depth = new int[n];
    Arrays.fill(expected, 0, lo, Double.NaN);
    Arrays.fill(sigma, 0, lo, Double.NaN);
    Arrays.fill(basis, 0, lo, Basis.NONE);
    double noise = noise(x);
    boolean counts = counts(x);
    int week = WEEK % s.stepMs() == 0 ? (int) (WEEK / s.stepMs()) : -1;
    int day = DAY % s.stepMs() == 0 ? (int) (DAY / s.stepMs()) : -1;
    int hour = hourSteps(s);
    // The kind of each day, needed only where less than two weeks are behind a point.
    int[] dayType = null;
    double[] local = localNoise(x, 2 * hour, blockSteps(s, 5), lo);
    double[] buf = new double[MAX_WEEKS * 3 + MAX_DAYS * 3 + 3 + hour];
    long[] keys = new long[12];
    for (int i = lo; i < n; i++) {
      if (week > 0 && i - MAX_WEEKS * week - 1 >= 0 && i + 1 < n && fourWeeks(x, i, week, buf, keys)) {
        // The usual case, four full weeks of history: sorted without branches.
        double med = (buf[5] + buf[6]) / 2;
        spread[i] = 1.4826 * deviation12(buf, med);
        basis[i] = Basis.WEEKS;
        depth[i] = MAX_WEEKS;
        expected[i] = med;
        sigma[i] = sigma(med, spread[i], local[i], noise, 12, counts);
        continue;
      }
      int m = 0;
      int weeks = 0;
      for (int k = 1; k <= MAX_WEEKS && week > 0 && i - k * week >= 0; k++) {
        int before = m;
        m = gather(x, i - k * week, buf, m);
        weeks += m > before ? 1 : 0;
      }
      Basis b = Basis.WEEKS;
      int d = weeks;
      if (weeks < 2) {
        if (dayType == null) {
          dayType = dayTypes(s, day > 0 ? Math.max(0, lo - MAX_DAYS * day) : lo);
        }
        int days = 0;
        for (int k = 1; k <= MAX_DAYS && day > 0 && i - k * day >= 0; k++) {
          int j = i - k * day;
          if (k % 7 != 0 && dayType[j] == dayType[i]) {
            int before = m;
            m = gather(x, j, buf, m);
            days += m > before ? 1 : 0;
          }
        }
        b = Basis.DAYS;
        d = days + weeks;
        if (d == 1 && weeks == 1) {
          // One week of history and no other day of the kind: the same time last week.
          b = Basis.WEEKS;
        } else if (d < 2) {
          m = 0;
          for (int j = i - 1; j >= 0 && m < hour; j--) {
            if (!Double.isNaN(x[j])) {
              buf[m++] = x[j];
            }
          }
          b = m >= 3 ? Basis.ROLLING : Basis.NONE;
          d = m;
        }
      }
      basis[i] = b;
      depth[i] = d;
      if (b == Basis.NONE) {
        expected[i] = Double.NaN;
        sigma[i] = Double.NaN;
        continue;
      }
      double med = median(buf, m);
      spread[i] = 1.4826 * deviation(buf, m, med);
      expected[i] = med;
      sigma[i] = sigma(med, spread[i], local[i], noise, m, counts);
    }
    double[] r = new double[n];
    // Before `lo` nothing is expected; the windows read at most four hours back from `valid`.
    Arrays.fill(r, Math.max(0, lo - 4 * hour - 1), lo, Double.NaN);
    for (int i = lo; i < n; i++) {
      r[i] = Double.isNaN(x[i]) || Double.isNaN(expected[i]) ? Double.NaN : (x[i] - expected[i]) / sigma[i];
    }
    double[] score = new double[n];
    AnomalyKind[] kind = new AnomalyKind[n];
    // Spike or dip: one point far from expected.
    for (int i = valid; i < n; i++) {
      if (!Double.isNaN(r[i])) {
        put(score, kind, i, logistic(Math.abs(r[i]) - (basis[i] == Basis.WEEKS && depth[i] >= 2 ? 6.5 : 7.5)), r[i] > 0 ? AnomalyKind.SPIKE : AnomalyKind.DIP);
      }
    }
    // Level shift: the centred median residual over an hour, and over four hours, stays away from zero.
    double[] window = new double[4 * hour + 1];
    levels(r, hour, 3.0, 2.0, valid, score, kind, window);
    levels(r, 4 * hour, 1.8, 3.0, valid, score, kind, window);
    trends(r, 2 * hour, valid, score, kind);
    runs(x, expected, sigma, spread, Math.max(2, (int) (10 * MINUTE / s.stepMs())), Math.max(6, (int) (30 * MINUTE / s.stepMs())), lo, score, kind);
    // Only the run detector looks before `valid`, back to `lo`.
    Arrays.fill(score, lo, valid, 0);
    Arrays.fill(kind, lo, valid, null);
    return new Scan(s, expected, sigma, score, kind, basis, depth);
  }

  /** A point's spread: the baseline's, the point's own noise with the baseline's, at least 2 % of the expected value. */
  private static double sigma(double med, double spread, double local, double noise, int m, boolean counts) {
    // The point's own noise plus the baseline's: a median of m values is about 1.25/sqrt(m) as noisy as one.
    double own = Math.max(local, noise / 2);
    double sd = Math.max(spread, Math.sqrt(own * own * (1 + 1.5625 / m)));
    double sigma = Math.max(sd, Math.max(0.02 * Math.abs(med), 1e-9));
    if (counts) {
      // Counts vary at least as much as a Poisson count: one alert in a quiet hour is not an anomaly.
      sigma = Math.max(sigma, Math.sqrt(Math.max(1, med)));
    }
    return sigma;
  }

  /**
   * The same time of week and its two neighbours in each of the four weeks before {@code i}, sorted
   * into {@code v}, when none is missing; false when one is.
   */
  private static boolean fourWeeks(double[] x, int i, int week, double[] v, long[] key) {
    boolean missing = false;
    for (int k = 0; k < MAX_WEEKS; k++) {
      int j = i - (k + 1) * week;
      for (int q = 0; q < 3; q++) {
        double a = x[j - 1 + q];
        missing |= a != a;
        key[3 * k + q] = orderedBits(a);
      }
    }
    if (missing) {
      return false;
    }
    sort12(key);
    for (int k = 0; k < 12; k++) {
      v[k] = Double.longBitsToDouble(orderedBits(key[k]));
    }
    return true;
  }

  /** An hour in steps, at least six. */
  private static int hourSteps(Series s) {
    return (int) Math.max(6, HOUR / s.stepMs());
  }

  /** A block of {@code minutes} in steps, at least one: the stride at which a sliding median is taken. */
  private static int blockSteps(Series s, int minutes) {
    return (int) Math.max(1, minutes * MINUTE / s.stepMs());
  }

  /** How many steps apart anomalous points still join one window: a quarter of an hour, at least two. */
  private static int gapSteps(Series s) {
    return (int) Math.max(2, 15 * MINUTE / s.stepMs());
  }

  /** The anomalous points merged into windows: points at most a quarter of an hour apart join. */
  public List<Window> windows(Scan scan) {
    Series s = scan.series();
    int gap = gapSteps(s);
    int hour = hourSteps(s);
    List<Window> out = new ArrayList<>();
    double[] score = scan.score();
    int i = 0;
    while (i < score.length) {
      if (score[i] < THRESHOLD) {
        i++;
        continue;
      }
      int from = i;
      int to = i;
      int j = i + 1;
      while (j < score.length && j - to <= gap + 1) {
        if (score[j] >= THRESHOLD) {
          to = j;
        }
        j++;
      }
      out.add(window(scan, from, to, hour));
      i = to + 1;
    }
    return out;
  }

  private static Window window(Scan scan, int from, int to, int hour) {
    double[] x = scan.series().values();
    double sumX = 0;
    double sumE = 0;
    double severity = 0;
    int count = 0;
    int zeros = 0;
    int flat = 0;
    int trend = 0;
    for (int i = from; i <= to; i++) {
      severity = Math.max(severity, scan.score()[i]);
      if (scan.kind()[i] == AnomalyKind.FLATLINE) {
        flat++;
      }
      if (scan.kind()[i] == AnomalyKind.TREND_BREAK) {
        trend++;
      }
      if (!Double.isNaN(x[i]) && !Double.isNaN(scan.expected()[i])) {
        sumX += x[i];
        sumE += scan.expected()[i];
        count++;
        zeros += x[i] == 0 ? 1 : 0;
      }
    }
    double actual = count == 0 ? Double.NaN : sumX / count;
    double expected = count == 0 ? Double.NaN : sumE / count;
    int len = to - from + 1;
    AnomalyKind kind;
    if (count > 0 && zeros == count && expected > 0) {
      kind = AnomalyKind.DROP_TO_ZERO;
    } else if (flat * 2 > len) {
      kind = AnomalyKind.FLATLINE;
    } else if (len >= 2 * hour) {
      kind = trend * 4 >= len || rampFit(scan, from, to) >= 0.6 ? AnomalyKind.TREND_BREAK : AnomalyKind.LEVEL_SHIFT;
    } else {
      kind = actual >= expected ? AnomalyKind.SPIKE : AnomalyKind.DIP;
    }
    return new Window(from, to, kind, severity, actual, expected, scan.basis()[from], scan.depth()[from]);
  }

  /** R² of a straight line through the window's residuals: near 1 for a ramp, near 0 for a step. */
  private static double rampFit(Scan scan, int from, int to) {
    double[] x = scan.series().values();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    int m = 0;
    for (int i = from; i <= to; i++) {
      double y = (x[i] - scan.expected()[i]) / scan.sigma()[i];
      if (Double.isNaN(y)) {
        continue;
      }
      sx += i;
      sy += y;
      sxx += (double) i * i;
      sxy += i * y;
      syy += y * y;
      m++;
    }
    double vx = sxx - sx * sx / m;
    double vy = syy - sy * sy / m;
    double cxy = sxy - sx * sy / m;
    return m < 3 || vx <= 0 || vy <= 0 ? 0 : cxy * cxy / (vx * vy);
  }

  /**
   * Level shifts: where the median residual of the centred window of {@code width} steps stays away
   * from zero, the points that moved with it. The median is taken only where it can be at least
   * {@code near} from zero on the point's side, which counts tell: at least half the window's
   * residuals must be that far out on that side. Elsewhere the level score would stay below
   * {@code logistic(−4)}, under 0.02, far below {@link #THRESHOLD}, and is left out.
   */
  private static void levels(double[] r, int width, double threshold, double steepness, int from, double[] score, AnomalyKind[] kind, double[] buf) {
    int n = r.length;
    int half = width / 2;
    double near = threshold - 4 / steepness;
    int m = 0;
    int up = 0;
    int down = 0;
    // Counted over [from − half − 1, from + half): the first step drops from − half − 1 and adds from + half.
    for (int j = Math.max(0, from - half - 1); j < Math.min(n, from + half); j++) {
      double v = r[j];
      if (!Double.isNaN(v)) {
        m++;
        up += v >= near ? 1 : 0;
        down += v <= -near ? 1 : 0;
      }
    }
    for (int i = from; i < n; i++) {
      if (i - half - 1 >= 0 && !Double.isNaN(r[i - half - 1])) {
        double v = r[i - half - 1];
        m--;
        up -= v >= near ? 1 : 0;
        down -= v <= -near ? 1 : 0;
      }
      if (i + half < n && !Double.isNaN(r[i + half])) {
        double v = r[i + half];
        m++;
        up += v >= near ? 1 : 0;
        down += v <= -near ? 1 : 0;
      }
      double x = r[i];
      if (Double.isNaN(x) || m * 2 < width || Math.abs(x) < threshold / 2 || 2 * (x > 0 ? up : down) < m) {
        continue;
      }
      int k = 0;
      for (int j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) {
        if (!Double.isNaN(r[j])) {
          buf[k++] = r[j];
        }
      }
      double med = median(buf, k);
      // Only the points that move with the shift belong to it.
      if (Math.signum(x) == Math.signum(med)) {
        put(score, kind, i, logistic((Math.abs(med) - threshold) * steepness), AnomalyKind.LEVEL_SHIFT);
      }
    }
  }

  /** Residuals that climb (or fall) steadily over the trailing window and have got far from expected. */
  private static void trends(double[] r, int width, int from, double[] score, AnomalyKind[] kind) {
    for (int i = Math.max(width - 1, from); i < r.length; i++) {
      if (Double.isNaN(r[i]) || Math.abs(r[i]) < 2.5) {
        continue;
      }
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double sxy = 0;
      double syy = 0;
      int m = 0;
      for (int j = i - width + 1; j <= i; j++) {
        if (!Double.isNaN(r[j])) {
          double t = j - i;
          sx += t;
          sy += r[j];
          sxx += t * t;
          sxy += t * r[j];
          syy += r[j] * r[j];
          m++;
        }
      }
      if (m * 2 < width) {
        continue;
      }
      double vx = sxx - sx * sx / m;
      double vy = syy - sy * sy / m;
      double cxy = sxy - sx * sy / m;
      if (vx <= 0 || vy <= 0) {
        continue;
      }
      double slope = cxy / vx;
      double r2 = cxy * cxy / (vx * vy);
      double rise = slope * (width - 1);
      if (r2 >= 0.7 && Math.signum(rise) == Math.signum(r[i])) {
        put(score, kind, i, logistic(Math.abs(rise) - 4), AnomalyKind.TREND_BREAK);
      }
    }
  }

  /** Runs of zeros where traffic was expected, and runs of one repeated value where the history moves. */
  private static void runs(double[] x, double[] expected, double[] sigma, double[] spread, int minZeros, int minFlat, int from, double[] score,
      AnomalyKind[] kind) {
    int i = from;
    while (i < x.length) {
      if (Double.isNaN(x[i])) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < x.length && x[j + 1] == x[i]) {
        j++;
      }
      int len = j - i + 1;
      double e = 0;
      double sg = 0;
      int moving = 0;
      int known = 0;
      for (int k = i; k <= j; k++) {
        if (!Double.isNaN(expected[k])) {
          e += expected[k];
          sg += sigma[k];
          moving += spread[k] > 0 ? 1 : 0;
          known++;
        }
      }
      if (known * 2 >= len) {
        e /= known;
        sg /= known;
        if (x[i] == 0 && len >= minZeros && e >= 3 * sg) {
          for (int k = i; k <= j; k++) {
            put(score, kind, k, 0.97, AnomalyKind.DROP_TO_ZERO);
          }
        } else if (len >= minFlat && moving * 2 > known) {
          for (int k = i; k <= j; k++) {
            put(score, kind, k, 0.9, AnomalyKind.FLATLINE);
          }
        }
      }
      i = j + 1;
    }
  }

  private static void put(double[] score, AnomalyKind[] kind, int i, double s, AnomalyKind k) {
    if (s > score[i]) {
      score[i] = s;
      kind[i] = k;
    }
  }

  private static double logistic(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** Adds the sample at {@code j} and its two neighbours, the ones that are there. */
  private static int gather(double[] x, int j, double[] buf, int m) {
    for (int k = Math.max(0, j - 1); k <= Math.min(x.length - 1, j + 1); k++) {
      if (!Double.isNaN(x[k])) {
        buf[m++] = x[k];
      }
    }
    return m;
  }

  /** Whether every sample is a non-negative whole number: a count. */
  static boolean counts(double[] x) {
    boolean any = false;
    for (double v : x) {
      if (!Double.isNaN(v)) {
        if (v < 0 || v != Math.rint(v)) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /** At most about this many first differences estimate a series' noise. */
  private static final int NOISE_DIFFERENCES = 8192;

  /**
   * The series' step-to-step noise: the MAD of first differences, scaled to one sample's deviation.
   * A long series is estimated from every k-th difference, about {@link #NOISE_DIFFERENCES} of them,
   * spread over all of it. It only sets a floor under each point's own noise. For counts, whose
   * differences are whole numbers, the MAD moves in half steps, so a sample can land one step from
   * the estimate of all the differences (up to 20 % for a quiet series).
   */
  static double noise(double[] x) {
    int stride = 1 + (x.length - 1) / NOISE_DIFFERENCES;
    double[] d = new double[x.length / stride + 1];
    int m = 0;
    for (int i = stride; i < x.length; i += stride) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(x[i - 1])) {
        d[m++] = x[i] - x[i - 1];
      }
    }
    if (m == 0) {
      return 0;
    }
    double med = median(d, m);
    for (int i = 0; i < m; i++) {
      d[i] = Math.abs(d[i] - med);
    }
    return 1.4826 * median(d, m) / Math.sqrt(2);
  }

  /**
   * The kind of day each point falls on in the zone: Monday, Tuesday to Thursday, Friday, Saturday,
   * Sunday. Mondays and Fridays border the weekend and are compared only with their own kind.
   */
  private int[] dayTypes(Series s, int from) {
    int[] out = new int[s.size()];
    java.time.zone.ZoneRules rules = zone.getRules();
    long fixed = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : 0;
    for (int i = from; i < out.length; i++) {
      long t = s.timeAt(i);
      long local = t + (rules.isFixedOffset() ? fixed : rules.getOffset(Instant.ofEpochMilli(t)).getTotalSeconds() * 1000L);
      // 1970-01-01 was a Thursday: shift so that 0 is Monday.
      int dow = (int) Math.floorMod(Math.floorDiv(local, DAY) + 3, 7L);
      out[i] = switch (dow) {
        case 0 -> 0;
        case 1, 2, 3 -> 1;
        default -> dow - 2;
      };
    }
    return out;
  }

  /**
   * Each point's local noise from {@code from} on: the scaled median of the absolute first
   * differences within {@code half} steps. With {@code sub} steps to a block (five minutes), it is
   * the median of the blocks' medians, taken once per block: a block's median is as likely below the
   * differences' median as above it, so the median of many estimates it, at a fraction of the cost.
   */
  static double[] localNoise(double[] x, int half, int sub, int from) {
    int n = x.length;
    int h = half / sub;
    int first = from / sub;
    int last = (n - 1) / sub;
    double[] z = new double[last + 1];
    int[] count = new int[last + 1];
    double[] block = new double[sub];
    for (int k = Math.max(0, first - h - 1); k <= last; k++) {
      int c = 0;
      for (int j = Math.max(1, k * sub); j < Math.min(n, (k + 1) * sub); j++) {
        double d = Math.abs(x[j] - x[j - 1]);
        if (!Double.isNaN(d)) {
          block[c++] = d;
        }
      }
      count[k] = c;
      z[k] = c == 5 ? median5(block) : c == 0 ? Double.NaN : median(block, c);
    }
    double[] out = new double[n];
    SortedWindow window = new SortedWindow(2 * h + 1);
    int differences = 0;
    // Filled with blocks [first − h − 1, first + h): the first step drops first − h − 1 and adds first + h.
    for (int k = Math.max(0, first - h - 1); k < Math.min(last + 1, first + h); k++) {
      window.add(z[k]);
      differences += count[k];
    }
    for (int k = first; k <= last; k++) {
      double leaving = Double.NaN;
      if (k - h - 1 >= 0) {
        leaving = z[k - h - 1];
        differences -= count[k - h - 1];
      }
      double coming = Double.NaN;
      if (k + h <= last) {
        coming = z[k + h];
        differences += count[k + h];
      }
      window.replace(leaving, coming);
      // Differences of noise are centred on zero; the median absolute difference is their MAD.
      double noise = differences < 4 ? 0 : 1.4826 * window.median() / Math.sqrt(2);
      for (int i = Math.max(from, k * sub); i < Math.min(n, (k + 1) * sub); i++) {
        out[i] = noise;
      }
    }
    return out;
  }

  /**
   * The median of five values, none negative nor NaN: their bits order as they do as longs, where a
   * minimum is a conditional move.
   */
  private static double median5(double[] v) {
    long a = Double.doubleToRawLongBits(v[0]);
    long b = Double.doubleToRawLongBits(v[1]);
    long c = Double.doubleToRawLongBits(v[2]);
    long d = Double.doubleToRawLongBits(v[3]);
    long e = Double.doubleToRawLongBits(v[4]);
    long lo1 = Math.min(a, b);
    long hi1 = Math.max(a, b);
    long lo2 = Math.min(c, d);
    long hi2 = Math.max(c, d);
    // The smaller of the two lows is below three others and the larger of the two highs above
    // three others: neither is the median, which is the median of the three left.
    long x = Math.max(lo1, lo2);
    long y = Math.min(hi1, hi2);
    return Double.longBitsToDouble(Math.max(Math.min(x, y), Math.min(Math.max(x, y), e)));
  }

  /** Up to how many values {@link #median} sorts them; more it only partly orders. */
  private static final int SORTED = 32;

  /**
   * The median absolute deviation from {@code med} of the first {@code m} values, just passed to
   * {@link #median}. Sorted, the values below the median and those above it are each in order of
   * distance, so a merge from the middle outwards finds it without another sort.
   */
  private static double deviation(double[] v, int m, double med) {
    if (m > SORTED) {
      for (int j = 0; j < m; j++) {
        v[j] = Math.abs(v[j] - med);
      }
      return median(v, m);
    }
    int below = m / 2 - 1;
    int above = m / 2;
    double previous = Double.NaN;
    double current = Double.NaN;
    for (int k = 0; k <= m / 2; k++) {
      previous = current;
      if (above >= m || below >= 0 && Math.abs(v[below] - med) <= Math.abs(v[above] - med)) {
        current = Math.abs(v[below--] - med);
      } else {
        current = Math.abs(v[above++] - med);
      }
    }
    return m % 2 == 1 ? current : (previous + current) / 2;
  }

  /**
   * Sorts 12 values given as {@link #orderedBits}: a sorting network of 39 compare-exchanges in nine
   * layers (checked on all 4,096 inputs of zeros and ones), with no branch to mispredict; on longs a
   * minimum is a conditional move.
   */
  static void sort12(long[] key) {
    exchange(key, 0, 8); exchange(key, 1, 7); exchange(key, 2, 6); exchange(key, 3, 11); exchange(key, 4, 10); exchange(key, 5, 9);
    exchange(key, 0, 1); exchange(key, 2, 5); exchange(key, 3, 4); exchange(key, 6, 9); exchange(key, 7, 8); exchange(key, 10, 11);
    exchange(key, 0, 2); exchange(key, 1, 6); exchange(key, 5, 10); exchange(key, 9, 11);
    exchange(key, 0, 3); exchange(key, 1, 2); exchange(key, 4, 6); exchange(key, 5, 7); exchange(key, 8, 11); exchange(key, 9, 10);
    exchange(key, 1, 4); exchange(key, 3, 5); exchange(key, 6, 8); exchange(key, 7, 10);
    exchange(key, 1, 3); exchange(key, 2, 5); exchange(key, 6, 9); exchange(key, 8, 10);
    exchange(key, 2, 3); exchange(key, 4, 5); exchange(key, 6, 7); exchange(key, 8, 9);
    exchange(key, 4, 6); exchange(key, 5, 7);
    exchange(key, 3, 4); exchange(key, 5, 6); exchange(key, 7, 8);
  }

  /**
   * A double's bits as a long that orders as the double does (−0 just below +0); applied twice it
   * gives the bits back. Negative doubles order backwards as longs, so all but their sign bit flip.
   */
  private static long orderedBits(double v) {
    return orderedBits(Double.doubleToRawLongBits(v));
  }

  private static long orderedBits(long bits) {
    return bits ^ (bits >> 63 & Long.MAX_VALUE);
  }

  private static void exchange(long[] v, int i, int j) {
    long a = v[i];
    long b = v[j];
    v[i] = Math.min(a, b);
    v[j] = Math.max(a, b);
  }

  /**
   * The median absolute deviation from {@code med} of 12 sorted values: the distances of the lower
   * six rise from the middle out, as do those of the upper six, so pairing the k-th of one with the
   * (5 − k)-th of the other splits them into the six smallest (the smaller of each pair) and the six
   * largest; the 6th and 7th smallest distances are the largest of the first and the smallest of the
   * second. Distances are never negative, so their bits order as they do.
   */
  static double deviation12(double[] v, double med) {
    long sixth = 0;
    long seventh = Long.MAX_VALUE;
    for (int k = 0; k < 6; k++) {
      long below = Double.doubleToRawLongBits(med - v[5 - k]);
      long above = Double.doubleToRawLongBits(v[11 - k] - med);
      sixth = Math.max(sixth, Math.min(below, above));
      seventh = Math.min(seventh, Math.max(below, above));
    }
    return (Double.longBitsToDouble(sixth) + Double.longBitsToDouble(seventh)) / 2;
  }

  /** The median of the first {@code m} values; reorders them. */
  static double median(double[] v, int m) {
    if (m == 0) {
      return Double.NaN;
    }
    if (m <= SORTED) {
      insertionSort(v, m);
      return m % 2 == 1 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
    }
    // Only the middle order statistics are needed: a selection, not a sort.
    int k = m / 2;
    int low = m % 2 == 1 ? k : k - 1;
    if (m > 8 * SAMPLE) {
      // A whole series: a sorted sample bounds the middle ranks, one pass moves the values between
      // the bounds to the front and counts those below, and the selection reads only those.
      double[] sample = new double[SAMPLE];
      for (int i = 0; i < SAMPLE; i++) {
        sample[i] = v[(int) ((long) i * m / SAMPLE)];
      }
      Arrays.sort(sample);
      int at = (int) ((long) k * SAMPLE / m);
      double from = at - SAMPLE_MARGIN < 0 ? Double.NEGATIVE_INFINITY : sample[at - SAMPLE_MARGIN];
      double to = at + SAMPLE_MARGIN >= SAMPLE ? Double.POSITIVE_INFINITY : sample[at + SAMPLE_MARGIN];
      int below = 0;
      int between = 0;
      for (int i = 0; i < m; i++) {
        // Without branches to mispredict: every value swaps with the first after those between the
        // bounds, and the count of those moves on only when the value is one of them.
        double x = v[i];
        below += x < from ? 1 : 0;
        v[i] = v[between];
        v[between] = x;
        between += (x >= from) & (x <= to) ? 1 : 0;
      }
      if (below <= low && k < below + between) {
        return middle(v, between, k - below, low - below);
      }
    }
    return middle(v, m, k, low);
  }

  /** How many values bound the middle ranks of a long series, and how far either side of its middle the bounds are. */
  private static final int SAMPLE = 512;
  private static final int SAMPLE_MARGIN = 32;

  /** The mean of the {@code low}-th and {@code k}-th smallest of {@code v[0..n)} ({@code low} is {@code k} or {@code k − 1}). */
  private static double middle(double[] v, int n, int k, int low) {
    select(v, 0, n - 1, k);
    if (low == k) {
      return v[k];
    }
    double below = v[0];
    for (int i = 1; i < k; i++) {
      below = Math.max(below, v[i]);
    }
    return (below + v[k]) / 2;
  }

  /** Sorts the first {@code m} values, none of them NaN: a few values are sorted faster this way than by {@link Arrays#sort}. */
  private static void insertionSort(double[] v, int m) {
    for (int i = 1; i < m; i++) {
      double a = v[i];
      int j = i - 1;
      while (j >= 0 && v[j] > a) {
        v[j + 1] = v[j];
        j--;
      }
      v[j + 1] = a;
    }
  }

  /** Puts the {@code k}-th smallest of {@code v[lo..hi]} at {@code k}, smaller ones before it and larger ones after it (Hoare's selection). */
  private static void select(double[] v, int lo, int hi, int k) {
    while (hi > lo) {
      double pivot = v[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (v[i] < pivot) {
          i++;
        }
        while (v[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = v[i];
          v[i] = v[j];
          v[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  /**
   * The non-missing values of a sliding window, kept sorted so that its median costs no sort: each
   * step replaces the value that leaves with the one that comes, moving only the values between the two.
   */
  private static final class SortedWindow {
    private final double[] values;
    private int size;

    SortedWindow(int capacity) {
      values = new double[capacity];
    }

    void add(double v) {
      if (Double.isNaN(v)) {
        return;
      }
      int at = firstAbove(v);
      System.arraycopy(values, at, values, at + 1, size - at);
      values[at] = v;
      size++;
    }

    /** Replaces {@code out} (in the window) with {@code in}; a NaN stands for no value. */
    void replace(double out, double in) {
      if (Double.isNaN(out) || Double.isNaN(in)) {
        remove(out);
        add(in);
        return;
      }
      int at = firstAbove(out) - 1;
      while (at + 1 < size && values[at + 1] < in) {
        values[at] = values[at + 1];
        at++;
      }
      while (at > 0 && values[at - 1] > in) {
        values[at] = values[at - 1];
        at--;
      }
      values[at] = in;
    }

    void remove(double v) {
      if (Double.isNaN(v)) {
        return;
      }
      // The last value not above v is v itself: it is in the window.
      int at = firstAbove(v) - 1;
      System.arraycopy(values, at + 1, values, at, size - at - 1);
      size--;
    }

    /** The index of the first value above {@code v}: a binary search without branches to mispredict. */
    private int firstAbove(double v) {
      if (size == 0) {
        return 0;
      }
      int base = 0;
      int n = size;
      while (n > 1) {
        int half = n >>> 1;
        base = values[base + half] <= v ? base + half : base;
        n -= half;
      }
      return values[base] <= v ? base + 1 : base;
    }

    int size() {
      return size;
    }

    double median() {
      return size % 2 == 1 ? values[size / 2] : (values[size / 2 - 1] + values[size / 2]) / 2;
    }
  }
}
