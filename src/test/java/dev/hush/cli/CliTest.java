package dev.hush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.incidents.IncidentStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

class CliTest {

  record Run(int exit, String out, String err) {}

  static Run hush(String... args) {
    java.io.PrintStream original = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(printed, true));
    try {
      CommandLine cli = Main.commandLine();
      StringWriter err = new StringWriter();
      cli.setOut(new PrintWriter(System.out, true));
      cli.setErr(new PrintWriter(err, true));
      int exit = cli.execute(args);
      cli.getOut().flush();
      return new Run(exit, printed.toString(), err.toString());
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void everyCommandHasHelp() {
    List<String[]> commands = List.of(new String[] {"serve"}, new String[] {"demo"}, new String[] {"migrate"},
        new String[] {"service", "create"}, new String[] {"service", "list"}, new String[] {"service", "key-create"},
        new String[] {"service", "key-revoke"}, new String[] {"incident", "list"}, new String[] {"incident", "ack"},
        new String[] {"incident", "resolve"}, new String[] {"incident", "reopen"}, new String[] {"incident", "log"},
        new String[] {"user", "create"}, new String[] {"user", "token"}, new String[] {"oncall", "now"}, new String[] {"oncall", "shifts"},
        new String[] {"paging", "policy-create"}, new String[] {"paging", "policy-show"});
    for (String[] c : commands) {
      List<String> args = new ArrayList<>(List.of(c));
      args.add("--help");
      Run r = hush(args.toArray(String[]::new));
      assertThat(r.exit()).as(String.join(" ", c)).isZero();
      assertThat(r.out()).as(String.join(" ", c)).contains("Usage: hush " + String.join(" ", c));
    }
  }

  @Test
  void serviceCreateShowsTheKeyOnceAndIncidentsAreHandledFromTheCommandLine(@TempDir Path dir) throws Exception {
    String data = dir.toString();
    Run created = hush("service", "create", "checkout-api", "--require-log", "--data-dir", data);
    assertThat(created.exit()).isZero();
    Matcher key = Pattern.compile("integration key \\(shown once\\): (\\S+)").matcher(created.out());
    assertThat(key.find()).isTrue();
    assertThat(hush("service", "list", "--data-dir", data).out()).contains("checkout-api").doesNotContain(key.group(1));
    assertThat(hush("user", "create", "--email", "ops@x.io", "--name", "Ops", "--password", "long-enough-pw", "--data-dir", data).exit()).isZero();

    try (var hush = new StoreOptionsForTest(data).open()) {
      var route = hush.services().resolve(key.group(1)).route().orElseThrow();
      var body = dev.hush.core.Json.parse("{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"dedup_key\":\"d\","
          + "\"payload\":{\"summary\":\"Queue stuck\",\"source\":\"q\",\"severity\":\"error\"}}");
      hush.ingest().pagerDuty(route, body);
    }
    Run list = hush("incident", "list", "--data-dir", data);
    assertThat(list.out()).contains("triggered", "Queue stuck");
    String id = list.out().split("\t")[0].trim();
    assertThat(hush("user", "create", "--email", "vic@x.io", "--name", "Vic", "--password", "long-enough-pw", "--role", "viewer",
        "--data-dir", data).exit()).isZero();
    Run viewerAck = hush("incident", "ack", id, "--as", "vic@x.io", "--data-dir", data);
    assertThat(viewerAck.exit()).as("a viewer may not acknowledge, from the CLI either").isNotZero();
    assertThat(viewerAck.err()).contains("responder");
    assertThat(hush("incident", "ack", id, "--as", "ops@x.io", "--data-dir", data).out()).contains("acknowledged");
    Run refused = hush("incident", "resolve", id, "--as", "ops@x.io", "--data-dir", data);
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("log:", "on-call log entry");
    assertThat(hush("incident", "log", id, "--as", "ops@x.io", "--action", "restarted", "--verdict", "actionable", "--note", "kicked it",
        "--data-dir", data).exit()).isZero();
    assertThat(hush("incident", "resolve", id, "--as", "ops@x.io", "--data-dir", data).out()).contains("resolved");
    assertThat(hush("incident", "reopen", id, "--as", "ops@x.io", "--data-dir", data).out()).contains("triggered");
    Run token = hush("user", "token", "--as", "ops@x.io", "--data-dir", data);
    assertThat(token.out()).containsPattern("API token \\(shown once\\): hush_\\S+");
    assertThat(Files.exists(dir.resolve("hush.db"))).isTrue();
    assertThat(Files.exists(dir.resolve("secret.key"))).as("the key file, made on first start beside the store").isTrue();

    try (var hush = new StoreOptionsForTest(data).open()) {
      var ops = hush.people().userByEmail("ops@x.io").orElseThrow();
      long team = hush.people().teamNamed(dev.hush.people.PeopleService.FIRST_TEAM).orElseThrow().id();
      var rotation = hush.oncall().createRotation(team, "primary", "UTC", dev.hush.oncall.ShiftKind.WEEKLY, 1, java.time.LocalTime.of(9, 0),
          java.time.DayOfWeek.MONDAY, java.time.LocalDate.now().minusWeeks(1), java.util.List.of(ops.id()));
      var schedule = hush.oncall().createSchedule(team, "payments");
      hush.oncall().addLayer(schedule.id(), rotation.id(), 1, null);
    }
    assertThat(hush("oncall", "now", "--data-dir", data).out()).contains("payments\tOps");

    Run rotation = hush("oncall", "rotation-create", "--name", "backend", "--people", "ops@x.io", "--zone", "Europe/Berlin",
        "--start-date", java.time.LocalDate.now().minusDays(3).toString(), "--data-dir", data);
    assertThat(rotation.exit()).as(rotation.err()).isZero();
    assertThat(hush("oncall", "now", "--data-dir", data).out()).contains("backend\tOps");
    assertThat(hush("user", "create", "--email", "kim@x.io", "--name", "Kim", "--password", "long-enough-pw", "--data-dir", data).exit()).isZero();
    String now = java.time.Instant.now().minusSeconds(60).toString();
    String later = java.time.Instant.now().plusSeconds(3600).toString();
    Run swap = hush("oncall", "swap-request", "2", "--as", "ops@x.io", "--with", "kim@x.io", "--start", now, "--end", later, "--data-dir", data);
    assertThat(swap.out()).as(swap.err()).contains("pending");
    String swapId = swap.out().replaceAll("(?s).*swap (\\d+) pending.*", "$1");
    assertThat(hush("oncall", "swap-answer", swapId, "--as", "kim@x.io", "--accept", "--data-dir", data).out()).contains("accepted");
    assertThat(hush("oncall", "now", "--data-dir", data).out()).contains("backend\tKim");
    assertThat(hush("oncall", "reorder", "2", "--people", "kim@x.io,ops@x.io", "--data-dir", data).exit()).isZero();
    try (dev.hush.LoopbackReceiver receiver = new dev.hush.LoopbackReceiver()) {
      Run blocked = hush("paging", "method-add", "--as", "ops@x.io", "--kind", "webhook", "--address", receiver.url("/hook"), "--data-dir", data);
      assertThat(blocked.exit()).as("loopback is not a public address").isEqualTo(2);
      assertThat(blocked.err()).contains("address:", "loopback");
      Run method = hush("paging", "method-add", "--as", "ops@x.io", "--kind", "webhook", "--address", receiver.url("/hook"), "--data-dir", data,
          "--allowed-targets", "127.0.0.1/32");
      assertThat(method.out()).contains("signing secret, shown once: whsec_");
      String methodId = method.out().replaceAll("(?s).*contact method (\\d+).*", "$1");
      assertThat(hush("paging", "test", "--as", "ops@x.io", methodId, "--data-dir", data, "--allowed-targets", "127.0.0.1/32").out())
          .contains("sent");
      assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.body()).contains("Test notification from Hush"));
    }
    Run policy = hush("paging", "policy-create", "--name", "checkout", "--service", "checkout-api", "--step", "schedule:1:5",
        "--step", "user:ops@x.io:10", "--repeat", "1", "--data-dir", data);
    assertThat(policy.out()).contains("now pages for service");
    assertThat(hush("paging", "policy-create", "--name", "bad", "--service", "checkout-api", "--step", "room:1:5", "--data-dir", data).err())
        .contains("step:");
    Run several = hush("paging", "policy-create", "--name", "checkout two", "--service", "checkout-api",
        "--step", "schedule:payments+user:kim@x.io:5", "--step", "round-robin:user:ops@x.io+user:kim@x.io:10", "--repeat", "2", "--data-dir", data);
    assertThat(several.exit()).as(several.err()).isZero();
    String inWords = "Step 1: page whoever is on call in payments and Kim, then after 5 min → Step 2: one at a time, in turn (round-robin):"
        + " Ops or Kim, then after 10 min start over (repeat 2×).";
    assertThat(several.out()).contains(inWords);
    Run shown = hush("paging", "policy-show", "--service", "checkout-api", "--data-dir", data);
    assertThat(shown.out()).contains("checkout-api uses policy", "(checkout two)", inWords);
    Run unknown = hush("paging", "policy-create", "--name", "bad", "--service", "checkout-api", "--step", "schedule:1+user:nobody@x.io:5",
        "--data-dir", data);
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no user nobody@x.io");
    assertThat(hush("paging", "policy-create", "--name", "bad", "--service", "checkout-api", "--step", "user:ops@x.io", "--data-dir", data).err())
        .contains("[round-robin:]TARGET[+TARGET…]:DELAY_MINUTES");
  }

  @ParameterizedTest
  @EnumSource(value = StoreKind.class, names = "POSTGRESQL")
  void theCommandLineWorksOnPostgresqlToo(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String schema = t.hush().db().withHandle(h -> h.createQuery("SELECT current_schema()").mapTo(String.class).one());
      Run noKey = hush("service", "create", "pg-service", "--database-url", TestHush.PG_URL, "--database-schema", schema);
      assertThat(noKey.exit()).as("PostgreSQL without a key or a data folder").isEqualTo(2);
      assertThat(noKey.err().strip()).startsWith("hush: HUSH_SECRET_KEY: on PostgreSQL, set HUSH_SECRET_KEY").doesNotContain("\n");
      Run r = hush("service", "create", "pg-service", "--database-url", TestHush.PG_URL, "--database-schema", schema,
          "--data-dir", t.dataDir().toString());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(t.hush().services().byName("pg-service")).isPresent();
      assertThat(t.hush().incidents().list(new dev.hush.incidents.IncidentFilter(java.util.Set.of(IncidentStatus.TRIGGERED), null, null,
          null, 10, null))).isEmpty();
    }
  }

  /** Opens the same store the commands use, to inject an alert between commands. */
  private record StoreOptionsForTest(String dataDir) {
    dev.hush.Hush open() {
      StoreOptions o = new StoreOptions();
      o.dataDir = Path.of(dataDir);
      return o.open();
    }
  }
}
