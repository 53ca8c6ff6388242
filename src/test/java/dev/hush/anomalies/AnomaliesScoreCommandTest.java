package dev.hush.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnomaliesScoreCommandTest {

  private static int hush(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  private static void write(Path file, Synthetic.Case c, boolean iso, boolean header, boolean shuffled) throws IOException {
    List<String> rows = new ArrayList<>();
    double[] v = c.series().values();
    for (int i = 0; i < v.length; i++) {
      long t = c.series().timeAt(i);
      rows.add((iso ? Instant.ofEpochMilli(t).toString() : String.valueOf(t / 1000)) + "," + (v[i] == Math.rint(v[i]) ? String.valueOf((long) v[i]) : String.valueOf(v[i])));
    }
    if (shuffled) {
      Collections.shuffle(rows, new Random(1));
    }
    if (header) {
      rows.addFirst("timestamp,value");
    }
    Files.write(file, rows);
  }

  @Test
  void scoresAFolderOfCsvSeriesInTheirOrderUnderTheirNames(@TempDir Path dir) throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path out = dir.resolve("out");
    Random rnd = new Random(11);
    Synthetic.Case dropout = Synthetic.make("dropout", Synthetic.Shape.DROPOUT, rnd, false);
    Synthetic.Case spike = Synthetic.make("spike", Synthetic.Shape.SPIKE, rnd, false);
    Synthetic.Case clean = Synthetic.make("clean", Synthetic.Shape.CLEAN, rnd, true);
    write(in.resolve("checkout-requests.csv"), dropout, false, false, false);
    write(in.resolve("search-requests.csv"), spike, true, true, true);
    write(in.resolve("latency.csv"), clean, false, true, false);
    Files.writeString(in.resolve("notes.txt"), "not a series");

    assertThat(hush("anomalies", "score", "--input", in.toString(), "--output", out.toString())).isZero();

    try (var listed = Files.list(out)) {
      assertThat(listed.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("checkout-requests.csv", "latency.csv", "search-requests.csv");
    }
    // Same rows, same order, a score in 0..1 added, equal to the detectors' own.
    for (var pair : List.of(List.of("checkout-requests.csv", dropout), List.of("search-requests.csv", spike), List.of("latency.csv", clean))) {
      String file = (String) pair.get(0);
      Synthetic.Case c = (Synthetic.Case) pair.get(1);
      List<String> input = Files.readAllLines(in.resolve(file)).stream().filter(l -> !l.startsWith("timestamp")).toList();
      List<String> output = Files.readAllLines(out.resolve(file));
      assertThat(output.getFirst()).isEqualTo("timestamp,value,anomaly_score");
      assertThat(output).hasSize(input.size() + 1);
      double[] expected = new Detector(java.time.ZoneOffset.UTC).scan(c.series()).score();
      for (int i = 0; i < input.size(); i++) {
        String[] cells = output.get(i + 1).split(",");
        assertThat(cells[0] + "," + cells[1]).isEqualTo(input.get(i));
        double score = Double.parseDouble(cells[2]);
        assertThat(score).isBetween(0.0, 1.0);
        long t = cells[0].contains("T") ? Instant.parse(cells[0]).toEpochMilli() : Long.parseLong(cells[0]) * 1000;
        int index = (int) ((t - c.series().startMs()) / c.series().stepMs());
        assertThat(score).isCloseTo(expected[index], org.assertj.core.data.Offset.offset(0.0001));
        boolean labelled = c.from() >= 0 && index >= c.from() && index <= c.to();
        if (score >= Detector.THRESHOLD) {
          assertThat(labelled).as(file + " flags only its labelled window, not row " + output.get(i + 1)).isTrue();
        }
      }
    }
    assertThat(flagged(out.resolve("checkout-requests.csv"))).isEqualTo(dropout.to() - dropout.from() + 1);
    assertThat(flagged(out.resolve("search-requests.csv"))).isPositive();
    assertThat(flagged(out.resolve("latency.csv"))).isZero();
  }

  @Test
  void refusesATimestampItCannotRead(@TempDir Path dir) throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("bad.csv"), "1700000000,1\nyesterday,2\n");
    assertThat(hush("anomalies", "score", "--input", in.toString(), "--output", dir.resolve("out").toString())).isEqualTo(2);
  }

  private static long flagged(Path file) throws IOException {
    return Files.readAllLines(file).stream().skip(1).filter(l -> Double.parseDouble(l.split(",")[2]) >= Detector.THRESHOLD).count();
  }
}
