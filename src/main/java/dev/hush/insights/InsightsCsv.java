package dev.hush.insights;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The insights as CSV for a spreadsheet: a header row, then one row per week, service or rule.
 * Instants are ISO-8601 UTC; durations are seconds.
 */
final class InsightsCsv {
  private InsightsCsv() {}

  static String pagesPerWeek(PagesPerWeek p) {
    List<String> header = new ArrayList<>(List.of("week_start", "pages", "trend"));
    p.services().forEach(s -> header.add(s.service()));
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < p.weekStarts().size(); i++) {
      int w = i;
      List<Object> row = new ArrayList<>(List.of(instant(p.weekStarts().get(i)), p.pages().get(i), decimal(p.trend().values().get(i))));
      p.services().forEach(s -> row.add(s.pages().get(w)));
      rows.add(row);
    }
    return csv(header, rows);
  }

  static String quietStreak(QuietStreak q) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < q.weekStarts().size(); i++) {
      rows.add(List.of(instant(q.weekStarts().get(i)), q.pages().get(i), q.pages().get(i) == 0 ? "quiet" : "paged"));
    }
    return csv(List.of("week_start", "pages", "week"), rows);
  }

  static String responseTimes(ResponseWeeks weeks) {
    return csv(List.of("week_start", "service", "opened", "acked", "mtta_seconds", "resolved", "mttr_seconds"), weeks.times().stream()
        .map(r -> List.<Object>of(instant(r.from()), r.service(), r.opened(), r.acked(), seconds(r.mttaMillis()), r.resolved(),
            seconds(r.mttrMillis())))
        .toList());
  }

  static String noise(NoiseRanking n) {
    return csv(List.of("fingerprint", "service", "title", "fires", "fires_per_week", "pages", "acted_on_share", "auto_resolved_share",
        "night_pages", "top_fix", "suggestion", "reason"), n.rules().stream()
        .map(r -> List.<Object>of(r.fingerprint(), r.service(), r.title(), r.fires(), decimal(r.firesPerWeek()), r.pages(),
            decimal(r.actedOnShare()), decimal(r.autoResolvedShare()), r.nightPages(), r.topFix() == null ? "" : r.topFix(),
            r.suggestion().label(), r.reason()))
        .toList());
  }

  private static String csv(List<String> header, List<List<Object>> rows) {
    StringBuilder out = new StringBuilder();
    line(out, new ArrayList<>(header));
    rows.forEach(r -> line(out, r));
    return out.toString();
  }

  private static void line(StringBuilder out, List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(String.valueOf(cells.get(i))));
    }
    out.append("\r\n");
  }

  /** RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet does not run a title as a formula. */
  private static String cell(String v) {
    String s = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+") ? "'" + v : v;
    return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static String instant(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  private static String seconds(Long millis) {
    return millis == null ? "" : String.valueOf(Math.round(millis / 1000.0));
  }

  private static String decimal(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
