package dev.hush.cli;

import dev.hush.anomalies.CsvScoring;
import dev.hush.anomalies.Detector;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "anomalies", mixinStandardHelpOptions = true, description = "Anomaly detection on metric series.",
    subcommands = {AnomaliesCommand.Score.class})
final class AnomaliesCommand {

  @Command(name = "score", mixinStandardHelpOptions = true,
      description = "Score CSV series (timestamp,value) into timestamp,value,anomaly_score, same file names and row order.")
  static final class Score implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "Folder of CSV files (timestamp,value).") Path input;
    @Option(names = "--output", required = true, description = "Folder to write the scored CSV files to.") Path output;
    @Option(names = "--zone", defaultValue = "UTC", description = "Zone whose days and weekends the baseline follows (default UTC).") String zone;

    @Override
    public Integer call() throws Exception {
      var results = new CsvScoring(new Detector(ZoneId.of(zone))).scoreFolder(input, output);
      for (var r : results) {
        System.out.println(r.file() + ": " + r.rows() + " rows, " + r.anomalous() + " anomalous");
      }
      return 0;
    }
  }
}
