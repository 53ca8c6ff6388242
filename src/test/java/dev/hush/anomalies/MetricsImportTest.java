package dev.hush.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

class MetricsImportTest {
  private static final long T0 = Instant.parse("2026-11-16T00:00:00Z").toEpochMilli();

  static MetricsService metrics(TestHush t) {
    var h = t.hush();
    return new MetricsService(h.db(), h.services(), h.insights(), h.people(), h.clock());
  }

  /** Runs {@code hush ARGS} against the test's store; returns the exit code and the error output. */
  static String[] cli(TestHush t, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", t.dataDir().toString()));
    if (t.kind() == StoreKind.POSTGRESQL) {
      String schema = t.hush().db().withHandle(h -> h.createQuery("SELECT current_schema()").mapTo(String.class).one());
      all.addAll(List.of("--database-url", TestHush.PG_URL, "--database-schema", schema));
    }
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    return new String[] {String.valueOf(cli.execute(all.toArray(String[]::new))), err.toString()};
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void importsOpenMetricsAndCsvOntoARegularStep(StoreKind store, @TempDir Path dir) throws IOException {
    try (TestHush t = TestHush.startWithClock(store, new ManualClock(T0 + 3 * 86_400_000L))) {
      t.serviceWithKey("checkout");
      long service = t.hush().services().byName("checkout").orElseThrow().id();
      // Two hours a minute apart, the exporter's clock a little off, minutes 30-34 missing.
      StringBuilder om = new StringBuilder("# TYPE http_requests counter\n");
      for (int m = 0; m < 120; m++) {
        if (m >= 30 && m < 35) {
          continue;
        }
        double at = (T0 + m * 60_000L) / 1000.0 + (m % 2 == 0 ? 0.4 : -0.3);
        om.append("http_requests{code=\"200\",path=\"/pay now\"} ").append(100 + m).append(' ').append(at).append('\n');
        om.append("http_requests{code=\"500\"} ").append(m % 7).append(' ').append(at).append('\n');
      }
      om.append("# EOF\n");
      Files.writeString(dir.resolve("week.om"), om);
      StringBuilder csv = new StringBuilder("timestamp,value\n");
      for (int m = 0; m < 24; m++) {
        csv.append(Instant.ofEpochMilli(T0 + m * 300_000L)).append(',').append(0.25 + m / 100.0).append('\n');
      }
      Files.writeString(dir.resolve("latency_p99.csv"), csv);

      String[] r = cli(t, "metrics", "import", "--service", "checkout", dir.resolve("week.om").toString(), dir.resolve("latency_p99.csv").toString());
      assertThat(r[0]).as(r[1]).isEqualTo("0");

      List<Series> series = metrics(t).imported(service, T0, T0 + 2 * 3_600_000L);
      assertThat(series).extracting(Series::name)
          .containsExactly("http_requests{code=\"200\",path=\"/pay now\"}", "http_requests{code=\"500\"}", "latency_p99");
      Series ok = series.getFirst();
      assertThat(ok.stepMs()).isEqualTo(60_000L);
      assertThat(ok.startMs()).isEqualTo(T0);
      assertThat(ok.values()).hasSize(120);
      assertThat(ok.values()[0]).isEqualTo(100);
      assertThat(ok.values()[119]).isEqualTo(219);
      assertThat(ok.values()[32]).isNaN();
      Series latency = series.get(2);
      assertThat(latency.stepMs()).isEqualTo(300_000L);
      assertThat(latency.values()[3]).isEqualTo(0.28);

      // A second import of the same series keeps its step and replaces what it overlaps.
      Files.writeString(dir.resolve("more.csv"), (T0 / 1000 + 1) + ",9\n" + (T0 / 1000 + 3600) + ",7\n");
      r = cli(t, "metrics", "import", "--service", "checkout", "--series", "latency_p99", dir.resolve("more.csv").toString());
      assertThat(r[0]).as(r[1]).isEqualTo("0");
      Series again = metrics(t).imported(service, T0, T0 + 2 * 3_600_000L).get(2);
      assertThat(again.stepMs()).isEqualTo(300_000L);
      assertThat(again.values()[0]).isEqualTo(9);
      assertThat(again.values()[12]).isEqualTo(7);
      assertThat(again.values()[1]).isEqualTo(0.26);

      assertThat(cli(t, "metrics", "import", "--service", "nope", dir.resolve("more.csv").toString())[1]).contains("no service nope");
      Files.writeString(dir.resolve("bad.om"), "up 1\n");
      assertThat(cli(t, "metrics", "import", "--service", "checkout", dir.resolve("bad.om").toString())[1]).contains("has no timestamp");
      assertThat(t.count("SELECT COUNT(*) FROM audit_log WHERE action = :v", "metrics.import")).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void hushsOwnSeriesCountAlertsPerHour(StoreKind store) {
    ManualClock clock = new ManualClock(T0 + 10 * 3_600_000L + 5 * 60_000L);
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      String key = t.serviceWithKey("checkout");
      long service = t.hush().services().byName("checkout").orElseThrow().id();
      t.trigger(key, "a", "disk full");
      t.trigger(key, "a", "disk full");
      clock.advance(2 * 3_600_000L);
      t.trigger(key, "b", "latency");
      Map<Long, List<Series>> own = metrics(t).own(t.team(), T0, T0 + 86_400_000L);
      List<Series> s = own.get(service);
      assertThat(s).extracting(Series::name).containsExactly("alerts", "pages", "incidents");
      assertThat(s.getFirst().stepMs()).isEqualTo(3_600_000L);
      assertThat(s.getFirst().values()).hasSize(24);
      assertThat(s.getFirst().values()[10]).isEqualTo(2);
      assertThat(s.getFirst().values()[12]).isEqualTo(1);
      assertThat(s.get(2).values()[10]).isEqualTo(1);
    }
  }
}
