package dev.hush.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hush.Hush;
import dev.hush.alerts.AlertIngest;
import dev.hush.core.Json;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import dev.hush.services.AlertmanagerGrouping;
import dev.hush.services.ServiceCatalog;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve} on a demo store: a team, services, and a live stream of synthetic alerts. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run Hush with demo data and a live stream of synthetic alerts. Sign in as "
        + DemoCommand.DEMO_EMAIL + " / " + DemoCommand.DEMO_PASSWORD + ".")
final class DemoCommand extends ServeCommand {
  static final String DEMO_EMAIL = "demo@hush.local";
  static final String DEMO_PASSWORD = "hush-demo-2am";
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
  private static final List<String[]> ALERTS = List.of(
      new String[] {"checkout-api", "HighLatencyP99", "p99 latency above 800 ms on checkout-api", "warning"},
      new String[] {"checkout-api", "Error5xxRate", "5xx rate above 2% on checkout-api", "critical"},
      new String[] {"payments-db", "ReplicationLag", "replica lag above 30 s on payments-db-2", "critical"},
      new String[] {"payments-db", "DiskFillingUp", "disk /var/lib/postgresql 85% full", "warning"},
      new String[] {"search", "IndexerStuck", "search indexer made no progress for 10 min", "error"},
      new String[] {"search", "QueueBacklog", "indexing queue above 50k documents", "info"});

  @Option(names = "--alert-every-seconds", defaultValue = "20", description = "mean seconds between synthetic alerts (default: ${DEFAULT-VALUE})")
  int alertEverySeconds;

  @Override
  void beforeStart(Hush hush) {
    if (hush.people().userByEmail(DEMO_EMAIL).isEmpty()) {
      seed(hush);
    }
    System.out.println("Demo: sign in as " + DEMO_EMAIL + " / " + DEMO_PASSWORD);
    Thread.ofVirtual().name("hush-demo-alerts").start(() -> stream(hush));
  }

  private void seed(Hush hush) {
    User demo = hush.people().createUser(DEMO_EMAIL, "Dana Demo", DEMO_PASSWORD, true, "Europe/Berlin", null);
    User sam = hush.people().createUser("sam@hush.local", "Sam Rivera", "hush-demo-2am", false, "America/New_York", demo.id());
    long team = hush.people().createTeam("Payments", demo.id()).id();
    hush.people().addMember(team, demo.id(), TeamRole.MANAGER, demo.id());
    hush.people().addMember(team, sam.id(), TeamRole.RESPONDER, demo.id());
    var rotation = hush.oncall().createRotation(team, "Payments weekly", "Europe/Berlin", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0),
        DayOfWeek.MONDAY, LocalDate.now().minusWeeks(4), List.of(demo.id(), sam.id()));
    var schedule = hush.oncall().createSchedule(team, "Payments");
    hush.oncall().addLayer(schedule.id(), rotation.id(), 1, null);
    var policy = hush.escalation().createPolicy(team, "Payments", 2,
        List.of(EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.SCHEDULE, schedule.id()),
            EscalationPolicy.Step.of(1, 10, EscalationPolicy.TargetKind.USER, demo.id())));
    for (String name : List.of("checkout-api", "payments-db", "search")) {
      var service = hush.services().create(name, "Demo service " + name, team, AlertmanagerGrouping.ALERT, false);
      hush.services().createKey(service.id(), "demo");
      hush.escalation().assign(service.id(), policy.id());
    }
  }

  /** Posts synthetic PagerDuty events through the same ingest path the HTTP endpoint uses, until stopped. */
  private void stream(Hush hush) {
    Random random = ThreadLocalRandom.current();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(Math.max(1, (long) (random.nextDouble() * 2 * alertEverySeconds * 1000)));
        String[] a = ALERTS.get(random.nextInt(ALERTS.size()));
        var service = hush.services().byName(a[0]).orElseThrow();
        ServiceCatalog.Route route = new ServiceCatalog.Route(-1, service);
        boolean resolve = random.nextInt(3) == 0;
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("routing_key", "demo");
        body.put("event_action", resolve ? "resolve" : "trigger");
        body.put("dedup_key", a[0] + "/" + a[1]);
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", a[2]);
        payload.put("source", a[0] + "-" + (1 + random.nextInt(3)));
        payload.put("severity", a[3]);
        payload.putObject("custom_details").put("alertname", a[1]);
        AlertIngest.Result r = hush.ingest().pagerDuty(route, body);
        LOG.atDebug().addKeyValue("dedup_key", r.events().get(0).dedupKey()).log("demo event");
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("demo alert failed: {}", e.toString());
      }
    }
  }
}
