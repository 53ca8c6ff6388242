package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.anomalies.MetricsService;
import dev.hush.anomalies.MetricsText;
import dev.hush.core.Problem;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "metrics", mixinStandardHelpOptions = true, description = "A service's metric series, for teams without Prometheus.",
    subcommands = {MetricsCommand.Import.class})
final class MetricsCommand {

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import OpenMetrics text (name{labels} value timestamp) or CSV (timestamp,value) into a service's metric series.")
  static final class Import implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Option(names = "--service", required = true, description = "The service the series belong to.") String service;
    @Option(names = "--format", description = "openmetrics or csv (default: csv for *.csv files, else openmetrics).") String format;
    @Option(names = "--series", description = "The series name of a CSV file (default: the file name without .csv).") String series;
    @Parameters(arity = "1..*", paramLabel = "FILE") List<Path> files;

    @Override
    public Integer call() throws Exception {
      try (Hush hush = store.open()) {
        long serviceId = hush.services().byName(service).orElseThrow(() -> Problem.invalid("service", "no service " + service)).id();
        Map<String, TreeMap<Long, Double>> samples = new LinkedHashMap<>();
        for (Path f : files) {
          String name = f.getFileName().toString();
          boolean csv = format == null ? name.toLowerCase(Locale.ROOT).endsWith(".csv") : format.equals("csv");
          if (format != null && !format.equals("csv") && !format.equals("openmetrics")) {
            throw Problem.invalid("format", "format must be openmetrics or csv");
          }
          try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            if (csv) {
              String seriesName = series != null ? series : name.replaceFirst("(?i)\\.csv$", "");
              samples.computeIfAbsent(seriesName, k -> new TreeMap<>()).putAll(MetricsText.csv(in, name));
            } else {
              MetricsText.openMetrics(in).forEach((k, v) -> samples.computeIfAbsent(k, x -> new TreeMap<>()).putAll(v));
            }
          }
        }
        MetricsService metrics = hush.anomalies().metrics();
        List<String> lines = new ArrayList<>();
        for (var r : metrics.importSamples(serviceId, samples, null)) {
          lines.add(r.series() + ": " + r.samples() + " samples every " + r.stepMs() / 1000 + " s");
        }
        lines.forEach(System.out::println);
      }
      return 0;
    }
  }
}
