package dev.hush.anomalies;

import dev.hush.core.Problem;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Scores CSV series ({@code timestamp,value}, an optional header) with the review's detectors and
 * writes {@code timestamp,value,anomaly_score} in the same row order under the same file name.
 * Timestamps are epoch seconds, epoch milliseconds or ISO-8601 instants, and are written back as read.
 */
public final class CsvScoring {
  private final Detector detector;

  public CsvScoring(Detector detector) {
    this.detector = detector;
  }

  public record Result(String file, int rows, int anomalous) {}

  /** Scores every {@code *.csv} in {@code input} into {@code output}, in file-name order. */
  public List<Result> scoreFolder(Path input, Path output) throws IOException {
    if (!Files.isDirectory(input)) {
      throw Problem.invalid("input", input + " is not a folder");
    }
    Files.createDirectories(output);
    List<Path> files;
    try (Stream<Path> list = Files.list(input)) {
      files = list.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")).sorted().toList();
    }
    List<Result> out = new ArrayList<>();
    for (Path f : files) {
      out.add(scoreFile(f, output.resolve(f.getFileName().toString())));
    }
    return out;
  }

  public Result scoreFile(Path in, Path out) throws IOException {
    String name = in.getFileName().toString();
    List<String> lines = Files.readAllLines(in, StandardCharsets.UTF_8);
    List<String[]> rows = new ArrayList<>();
    boolean header = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length < 2) {
        throw Problem.invalid("input", name + " line " + (i + 1) + ": expected timestamp,value");
      }
      if (rows.isEmpty() && !header && !looksNumeric(cells[1].strip())) {
        header = true;
        continue;
      }
      rows.add(new String[] {cells[0].strip(), cells[1].strip(), String.valueOf(i + 1)});
    }
    long[] times = new long[rows.size()];
    double[] values = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      times[i] = instant(rows.get(i)[0], name, rows.get(i)[2]);
      values[i] = value(rows.get(i)[1], name, rows.get(i)[2]);
    }
    Series series = Series.regular(name, times, values);
    double[] score = series.size() == 0 ? new double[0] : detector.scan(series).score();
    int anomalous = 0;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("timestamp,value,anomaly_score\n");
      for (int i = 0; i < rows.size(); i++) {
        double s = score[series.slotOf(times[i])];
        anomalous += s >= Detector.THRESHOLD ? 1 : 0;
        w.write(rows.get(i)[0] + "," + rows.get(i)[1] + "," + String.format(Locale.ROOT, "%.4f", s) + "\n");
      }
    }
    return new Result(name, rows.size(), anomalous);
  }

  private static boolean looksNumeric(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return s.equalsIgnoreCase("nan");
    }
  }

  /** Epoch seconds (up to 11 digits), epoch milliseconds, or an ISO-8601 instant. */
  static long instant(String text, String file, String line) {
    try {
      if (text.matches("-?\\d+(\\.\\d+)?")) {
        double v = Double.parseDouble(text);
        return Math.abs(v) < 1e11 ? Math.round(v * 1000) : Math.round(v);
      }
      return Instant.parse(text).toEpochMilli();
    } catch (NumberFormatException | DateTimeParseException e) {
      throw Problem.invalid("input", file + " line " + line + ": timestamp " + text + " is not epoch seconds, milliseconds or ISO-8601");
    }
  }

  private static double value(String text, String file, String line) {
    if (text.isEmpty() || text.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw Problem.invalid("input", file + " line " + line + ": value " + text + " is not a number");
    }
  }
}
