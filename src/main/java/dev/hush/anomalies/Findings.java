package dev.hush.anomalies;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Turns a service's scanned series into its ranked findings: the windows that fall in the week,
 * the most severe first (by score and kind, lowered by a rank factor, e.g. for patterns the team called expected),
 * at most {@code limit}, each explained in words and tied to the incidents and changes near it.
 */
public final class Findings {
  /** An event near which a window is "lined up": an incident opened or a change (deploy) received. */
  public record Event(long at, String label) {}

  /** One ranked finding; {@code toMs} is exclusive. */
  public record Finding(String series, AnomalyKind kind, long fromMs, long toMs, double severity, double rank, double changePercent,
      String explanation, List<String> related) {}

  /** How far before a window's start or after its end an event still lines up with it. */
  static final long NEAR = 15 * Detector.MINUTE;
  public static final int DEFAULT_LIMIT = 5;

  private final Detector detector;
  private final ZoneId zone;

  public Findings(Detector detector, ZoneId zone) {
    this.detector = detector;
    this.zone = zone;
  }

  /**
   * The top findings of one service's series in {@code [from, to)}. The series may reach back
   * before {@code from}: that history is the baseline.
   */
  public List<Finding> top(List<Series> series, long from, long to, List<Event> events, ToDoubleFunction<Finding> rankFactor, int limit) {
    // The series are scanned in parallel, each from a little before the week: the history is its baseline.
    List<List<Detector.Window>> windows = series.parallelStream().map(s -> detector.windows(detector.scan(s, from))).toList();
    List<Finding> all = new ArrayList<>();
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      for (Detector.Window w : windows.get(k)) {
        long start = s.timeAt(w.from());
        long end = s.timeAt(w.to()) + s.stepMs();
        if (end <= from || start >= to) {
          continue;
        }
        List<String> related = events.stream().filter(e -> e.at() >= start - NEAR && e.at() < end + NEAR)
            .sorted(Comparator.comparingLong(Event::at)).map(e -> e.label() + " at " + clock(e.at())).limit(3).toList();
        Finding f = new Finding(s.name(), w.kind(), start, end, w.severity(), w.severity(), w.changePercent(), explain(s.name(), w, start, end, related),
            related);
        double factor = rankFactor.applyAsDouble(f);
        all.add(new Finding(f.series(), f.kind(), start, end, f.severity(), f.severity() * weight(w.kind()) * factor, f.changePercent(),
            f.explanation(), related));
      }
    }
    all.sort(Comparator.comparingDouble(Finding::rank).reversed()
        .thenComparing(Comparator.comparingDouble((Finding f) -> Double.isNaN(f.changePercent()) ? 0 : Math.abs(f.changePercent())).reversed())
        .thenComparingLong(Finding::fromMs));
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  /** How much a kind weighs in the ranking: traffic that stopped outranks a series that went quiet, which outranks a burst. */
  static double weight(AnomalyKind kind) {
    return switch (kind) {
      case DROP_TO_ZERO -> 1.0;
      case FLATLINE -> 0.95;
      case LEVEL_SHIFT -> 0.9;
      case DIP, TREND_BREAK -> 0.85;
      case SPIKE -> 0.8;
    };
  }

  /** E.g. "requests −83 % Tue 14:05–14:40 vs the same time on the previous 7 days". */
  String explain(String name, Detector.Window w, long start, long end, List<String> related) {
    String when = span(start, end);
    String vs = switch (w.basis()) {
      case WEEKS -> "vs the same time in the previous " + w.depth() + " weeks";
      case DAYS -> "vs the same time on the previous " + w.depth() + " days";
      case ROLLING -> "vs the hour before";
      case NONE -> "";
    };
    String text = switch (w.kind()) {
      case DROP_TO_ZERO -> name + " dropped to zero " + when + " (expected about " + number(w.expectedMean()) + ")";
      case FLATLINE -> name + " flat at " + number(w.actualMean()) + " " + when + " while it usually moves";
      case LEVEL_SHIFT -> name + " shifted " + percent(w.changePercent()) + " " + when + " " + vs;
      case TREND_BREAK -> name + " drifted " + percent(w.changePercent()) + " " + when + " " + vs;
      case SPIKE, DIP -> name + " " + percent(w.changePercent()) + " " + when + " " + vs;
    };
    text = text.strip();
    if (!related.isEmpty()) {
      text += "; lines up with " + String.join(", ", related);
    }
    return text;
  }

  private String span(long start, long end) {
    ZonedDateTime a = Instant.ofEpochMilli(start).atZone(zone);
    ZonedDateTime b = Instant.ofEpochMilli(end).atZone(zone);
    String day = a.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    boolean sameDay = a.toLocalDate().equals(b.toLocalDate()) || b.equals(b.toLocalDate().atStartOfDay(zone)) && a.toLocalDate().plusDays(1)
        .equals(b.toLocalDate());
    String endText = sameDay ? b.format(HM) : b.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + b.format(HM);
    return day + " " + a.format(HM) + "–" + endText;
  }

  private String clock(long at) {
    ZonedDateTime t = Instant.ofEpochMilli(at).atZone(zone);
    return t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + t.format(HM);
  }

  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

  static String percent(double p) {
    if (Double.isNaN(p)) {
      return "changed";
    }
    long r = Math.round(p);
    return (r >= 0 ? "+" : "−") + Math.abs(r) + " %";
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "?";
    }
    return Math.abs(v) >= 100 || v == Math.rint(v) ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.2f", v);
  }
}
