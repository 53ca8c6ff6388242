package dev.hush.anomalies;

import dev.hush.core.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads samples from OpenMetrics text ({@code name{label="v",…} value timestamp}, timestamps in
 * seconds, comments and {@code # EOF} skipped) or from CSV ({@code timestamp,value} with an optional
 * header; timestamps in epoch seconds, milliseconds or ISO-8601). Each series is its name with its
 * labels in the order written, e.g. {@code http_requests_total{code="500"}}.
 */
public final class MetricsText {
  static final int MAX_SAMPLES = 5_000_000;

  private MetricsText() {}

  /** Samples per series: instant (UTC epoch ms) to value. */
  public static Map<String, TreeMap<Long, Double>> openMetrics(Reader in) throws IOException {
    Map<String, TreeMap<Long, Double>> out = new LinkedHashMap<>();
    BufferedReader r = new BufferedReader(in);
    String line;
    int n = 0;
    int count = 0;
    while ((line = r.readLine()) != null) {
      n++;
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int sp = firstSpace(line);
      if (sp < 0) {
        throw Problem.invalid("input", "line " + n + ": expected name value timestamp");
      }
      String name = line.substring(0, sp);
      String rest = line.substring(sp + 1).strip();
      if (name.endsWith("{}")) {
        name = name.substring(0, name.length() - 2);
      }
      String[] parts = rest.split("\\s+");
      if (parts.length < 2) {
        throw Problem.invalid("input", "line " + n + ": " + name + " has no timestamp; imported samples need one");
      }
      double value;
      double seconds;
      try {
        value = Double.parseDouble(parts[0]);
        seconds = Double.parseDouble(parts[1]);
      } catch (NumberFormatException e) {
        throw Problem.invalid("input", "line " + n + ": value and timestamp must be numbers");
      }
      if (++count > MAX_SAMPLES) {
        throw Problem.invalid("input", "at most " + MAX_SAMPLES + " samples per import");
      }
      out.computeIfAbsent(name, k -> new TreeMap<>()).put(Math.round(seconds * 1000), value);
    }
    return out;
  }

  /** The samples of one CSV series. */
  public static TreeMap<Long, Double> csv(Reader in, String file) throws IOException {
    TreeMap<Long, Double> out = new TreeMap<>();
    BufferedReader r = new BufferedReader(in);
    String line;
    int n = 0;
    boolean first = true;
    while ((line = r.readLine()) != null) {
      n++;
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length < 2) {
        throw Problem.invalid("input", file + " line " + n + ": expected timestamp,value");
      }
      String v = cells[1].strip();
      boolean header = first && !v.matches("-?[0-9.eE+-]+|NaN|nan");
      first = false;
      if (header || v.isEmpty() || v.equalsIgnoreCase("nan")) {
        continue;
      }
      long at = CsvScoring.instant(cells[0].strip(), file, String.valueOf(n));
      try {
        out.put(at, Double.parseDouble(v));
      } catch (NumberFormatException e) {
        throw Problem.invalid("input", file + " line " + n + ": value " + v + " is not a number");
      }
      if (out.size() > MAX_SAMPLES) {
        throw Problem.invalid("input", "at most " + MAX_SAMPLES + " samples per import");
      }
    }
    return out;
  }

  private static int firstSpace(String line) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && c == '{') {
        depth++;
      } else if (!quoted && c == '}') {
        depth--;
      } else if (!quoted && depth == 0 && Character.isWhitespace(c)) {
        return i;
      }
    }
    return -1;
  }
}
