package dev.hush.cli.demo;

import dev.hush.actions.Priority;
import dev.hush.oncall.Override;
import dev.hush.review.FindingKind;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The demo year's cast and plot, in one place. Weeks are numbered from the first week of the year
 * (0) to the last (51); a shorter year (tests) places each event at the same fraction of it.
 */
final class Story {
  private Story() {}

  static final int YEAR_WEEKS = 52;
  static final String TEAM = "Payments";
  static final String ROTATION = "Payments weekly";
  static final String SCHEDULE = "Payments primary";
  static final String POLICY = "Payments";
  static final ZoneId HANDOFF_ZONE = ZoneId.of("Europe/Berlin");
  static final LocalTime HANDOFF_TIME = LocalTime.of(9, 0);
  static final DayOfWeek HANDOFF_DAY = DayOfWeek.MONDAY;
  /** The weekly review meets this long after the hand-off, so last week's on-call person facilitates. */
  static final long REVIEW_AFTER_HANDOFF_MINUTES = 120;
  /** The on-call person is paged at once; the manager when nobody acknowledged within this. */
  static final int ESCALATE_TO_MANAGER_MINUTES = 10;
  /** The last weeks of the year without a single page: the quiet streak the year earns. */
  static final int QUIET_WEEKS_AT_END = 4;

  /** One of the team; {@code key} is how the plot below names them. */
  record Person(String key, String name, String email, String zone) {}

  static final Person DANA = new Person("dana", "Dana Demo", DemoYear.DEMO_EMAIL, "Europe/Berlin");
  static final Person SAM = new Person("sam", "Sam Rivera", "sam@hush.local", "America/New_York");
  static final Person PRIYA = new Person("priya", "Priya Nair", "priya@hush.local", "Asia/Kolkata");
  static final Person TOM = new Person("tom", "Tom Okafor", "tom@hush.local", "Europe/London");
  static final Person LENA = new Person("lena", "Lena Vogel", "lena@hush.local", "Europe/Berlin");
  static final Person MATEO = new Person("mateo", "Mateo Silva", "mateo@hush.local", "America/Sao_Paulo");
  /** Dana is the manager (and an org admin, the demo login); everyone takes a turn on call, in this order. */
  static final List<Person> PEOPLE = List.of(DANA, SAM, PRIYA, TOM, LENA, MATEO);

  static final List<String> SERVICES = List.of("checkout-api", "payments-db", "search", "ledger-worker", "auth-gateway");

  /** An alert as a monitor sends it; its dedup key (service/rule) is what makes it "the same alert" next week. */
  record Alert(String service, String rule, String summary, String severity) {
    String dedupKey() {
      return service + "/" + rule;
    }
  }

  /**
   * A rule that fires many times a week and mostly clears itself within minutes, from
   * {@code startWeek} until the fix for it ships in {@code fixedWeek}; the action item that fixes it
   * is filed at the review after {@code noticedWeek} and marked done at the review after the fix.
   * {@code recursWeek} (-1: never) is one firing after the fix, for the "recurred" proof.
   */
  record NoisyRule(Alert alert, double perWeek, boolean nightly, int startWeek, int noticedWeek, int fixedWeek, int recursWeek,
      String fix, Person owner, Person mentor, List<String> notes) {}

  static final List<NoisyRule> NOISY_RULES = List.of(
      new NoisyRule(new Alert("payments-db", "DiskFillingUp", "disk /var/lib/postgresql 85% full on payments-db-1", "warning"),
          9, false, 0, 1, 15, -1, "Rotate the WAL archive and alert on disk growth rate instead of 85% full", LENA, TOM,
          List.of("cleared by itself after the archive job ran", "flapping around 85% again", "nothing to do, WAL archive catching up")),
      new NoisyRule(new Alert("checkout-api", "HighLatencyP99", "p99 latency above 800 ms on checkout-api", "warning"),
          7, false, 0, 7, 26, -1, "Page on the checkout SLO burn rate, not on raw p99 latency", SAM, PRIYA,
          List.of("one slow pod, back to normal", "latency spike during the fraud-check GC pause", "gone before I opened the laptop")),
      new NoisyRule(new Alert("search", "QueueBacklog", "indexing queue above 50k documents", "warning"),
          6, false, 5, 12, 34, 41, "Autoscale the indexer on backlog and page only when the backlog grows for 30 minutes", PRIYA, LENA,
          List.of("nightly reindex, drained on its own", "backlog from the catalogue import", "drained before I had looked at it")),
      new NoisyRule(new Alert("ledger-worker", "NightlyBatchSlow", "nightly ledger batch running longer than 40 min", "error"),
          4, true, 9, 19, 43, -1, "Move the nightly ledger batch out of the backup window and raise its timeout", TOM, MATEO,
          List.of("batch finished at 03:10, slow because of the backup", "again the backup window", "watched it finish, nothing to do")));

  /** Nightly rules fire between these UTC times on weeknights: night in Europe, evening in the Americas, morning in India. */
  static final LocalTime NIGHTLY_FROM_UTC = LocalTime.of(0, 40);
  static final int NIGHTLY_WINDOW_MINUTES = 160;

  /**
   * An incident someone has to act on: the log's {@code action}, what they wrote, and the
   * follow-ups the review files from such incidents, each once, in this order ({@code rollsBack}: it
   * follows a deploy, which was rolled back; {@code expert}: who mentors its follow-ups).
   */
  record RealKind(Alert alert, String action, boolean rollsBack, List<String> notes, List<String> followUps, Person expert) {}

  static final List<RealKind> REAL_KINDS = List.of(
      new RealKind(new Alert("checkout-api", "Error5xxRate", "5xx rate above 2% on checkout-api", "critical"), "rolled back", true,
          List.of("bad deploy, rolled back", "rolled back the release, errors gone", "feature flag leaked into prod, rolled back"),
          List.of("Add a canary stage to the checkout-api deploy", "Alert on 5xx per route, not only overall", "Contract test for the fraud-check client",
              "Feature flags default to off in the production config", "Roll back automatically when the canary's error rate doubles",
              "Budget timeouts and retries of checkout-api's downstream calls"),
          SAM),
      new RealKind(new Alert("payments-db", "ReplicationLag", "replica lag above 30 s on payments-db-2", "critical"), "restarted", false,
          List.of("long analytics query on the replica, killed it and restarted replication", "replica fell behind during vacuum",
              "restarted the replica after a network blip"),
          List.of("Move analytics queries off the payments replica", "Runbook: payments-db replica catch-up", "Tune autovacuum on the ledger tables",
              "Statement timeout for the reporting role", "Alert on replication slot growth before the lag shows", "A second replica for read traffic"),
          LENA),
      new RealKind(new Alert("search", "IndexerStuck", "search indexer made no progress for 10 min", "error"), "restarted", false,
          List.of("indexer deadlocked, restarted", "stuck on a malformed document, skipped it and restarted", "restarted both indexers"),
          List.of("Dead-letter malformed documents instead of retrying forever", "Add an indexer liveness probe",
              "Validate documents at the catalogue import", "Indexer progress on the search dashboard",
              "Upgrade the indexer's client library (deadlock fix)", "Alert when the indexer falls behind, not only when it stops"), PRIYA),
      new RealKind(new Alert("ledger-worker", "LedgerMismatch", "ledger totals differ from payments by more than 0.1%", "critical"), "fixed bug",
          false, List.of("rounding bug in the FX conversion, hotfixed", "duplicate refund events, fixed the consumer", "fixed the reconciliation cutoff"),
          List.of("Property tests for FX rounding", "Make the refund consumer idempotent", "Reconcile hourly instead of daily",
              "Amounts in minor units end to end", "A replay tool for the ledger event stream", "Reconciliation dashboard per currency"), TOM),
      new RealKind(new Alert("auth-gateway", "TokenEndpointSlow", "token endpoint p95 above 2 s", "error"), "fixed bug", true,
          List.of("connection pool exhausted after the deploy, rolled back", "cache stampede after the key rotation, fixed the lock",
              "fixed a missing index on sessions"),
          List.of("Load test the token endpoint before key rotations", "Cap the auth-gateway connection pool per tenant",
              "Index sessions by user and expiry", "Single-flight the signing-key cache refresh", "Rate-limit token requests per client",
              "Pre-warm the token cache after deploys"),
          MATEO));

  /** Real incidents a week: many at the start of the year, few near the end, none in the quiet tail. */
  static final double REAL_PER_WEEK_AT_START = 3.0;
  static final double REAL_PER_WEEK_BEFORE_QUIET = 0.4;
  /**
   * Real incidents take the kinds in turn, and every third one gets a follow-up action item at the
   * review (while its kind has follow-ups left): about as many as the kinds have follow-ups.
   */
  static final int FOLLOW_UP_EVERY = 3;

  /** Deploys (change events) a working day, on average, besides the ones that cause an incident or ship a fix. */
  static final double DEPLOYS_PER_WORKDAY = 0.7;

  /** Share of incidents whose on-call log entry never gets written: the gaps the review chases. */
  static final double NOISY_LOG_MISSING = 0.15;
  static final double REAL_LOG_MISSING = 0.05;

  /**
   * The schedule's exceptions: who covers part of week {@code week} (from hand-off + {@code fromDay}
   * days, for {@code days}); the note names the week's on-call person ({@code %1$s}) and the cover ({@code %2$s}).
   */
  record Cover(int week, int fromDay, int days, Override.Kind kind, Person cover, String note) {}

  static final List<Cover> COVERS = List.of(
      new Cover(4, 0, 7, Override.Kind.ADD, MATEO, "%2$s shadows %1$s's on-call week while onboarding"),
      new Cover(13, 5, 2, Override.Kind.REPLACE, LENA, "%1$s at a family wedding; %2$s covers the weekend"),
      new Cover(26, 0, 7, Override.Kind.REPLACE, TOM, "%1$s on summer holiday; %2$s takes the week"),
      new Cover(33, 1, 1, Override.Kind.REPLACE, SAM, "%1$s out sick; %2$s covers the day"));

  /** The one shift swap of the year: the week's on-call person asks {@code counterpart} to take two days. */
  record Swap(int week, int fromDay, int days, Person counterpart) {}

  static final Swap SWAP = new Swap(31, 2, 2, PRIYA);

  /** A follow-up that came up in the review itself, not from an incident, {@code weeksBeforeEnd} weeks before the year ends. */
  record ReviewNote(int weeksBeforeEnd, String title, Person owner, Person mentor, Priority priority, int dueInDays, boolean started) {}

  static final List<ReviewNote> REVIEW_NOTES = List.of(
      new ReviewNote(3, "Rehearse a payments-db failover before the holiday freeze", LENA, SAM, Priority.P2, 38, false),
      new ReviewNote(2, "Write the on-call hand-off checklist into the runbook", MATEO, DANA, Priority.P3, 30, true),
      new ReviewNote(1, "Retire the last warning-only alerts on search", PRIYA, TOM, Priority.P3, 35, false));

  /** Something the team saw on a service's week: {@code week} counts like the noisy rules' weeks. */
  record Finding(int week, String service, FindingKind kind, String text, Person owner, Person mentor) {}

  /** The "we should really log that" finding becomes an item its owner finishes this many days later. */
  static final int LOG_THAT_DONE_IN_DAYS = 16;

  static final List<Finding> FINDINGS = List.of(
      new Finding(6, "checkout-api", FindingKind.LOG_THAT, "which payment provider answered slowly is not in the request log", SAM, TOM),
      new Finding(14, "payments-db", FindingKind.OBSERVATION, "replication lag climbs every night during the batch window", LENA, SAM),
      new Finding(30, "search", FindingKind.OBSERVATION, "query rate drops to zero for 20 minutes after each indexer deploy", PRIYA, TOM));

  /** An upcoming launch the team enters in the review, {@code inDays} after it, with the checklist items already done. */
  record Launch(int week, String title, String service, int inDays, List<String> checks) {}

  static final List<Launch> LAUNCHES = List.of(
      new Launch(9, "Second payment provider behind a flag", "checkout-api", 12, List.of("dashboard", "alerts")),
      new Launch(25, "payments-db major version upgrade", "payments-db", 20, List.of("dashboard", "alerts", "logs", "rollback")),
      new Launch(44, "Search ranking v2", "search", 10, List.of("dashboard")));

  /** The facilitator's word when a review closes over overdue P1 items. */
  static final String OVERDUE_ACK_NOTE = "blocked on the vendor; the owner reports back next week";

  /** What the on-call person writes when a fixed rule comes back once. */
  static final String RECURRED_NOTE = "came back after the fix: the indexer autoscaler was at its maximum";

  /** The review that says no to one follow-up, and why. */
  static final int WONT_DO_FROM_WEEK = 20;
  static final String WONT_DO_REASON = "The platform team replaces this component next quarter; tracked in their migration plan instead.";
  /** The first two follow-ups filed from this week on (one for each real incident then) slip past their due day: the overdue ones. */
  static final int OVERDUE_FROM_WEEK = 36;
  static final int OVERDUE_ITEMS = 2;
  /** Follow-ups filed in the last weeks are still open, due after the year ends. */
  static final int STILL_OPEN_LAST_WEEKS = 8;

  /** The synthetic alerts `hush demo` keeps sending once it serves: none is linked to a done action item, so no proof flips. */
  static final List<Alert> LIVE_ALERTS = List.of(
      new Alert("checkout-api", "CanaryErrorRate", "canary 5xx rate above 1% on checkout-api", "warning"),
      new Alert("payments-db", "ConnectionPoolSaturated", "payments-db connection pool 90% used", "critical"),
      new Alert("search", "PodCrashLooping", "search-indexer pod restarting repeatedly", "error"),
      new Alert("ledger-worker", "QueueAgeHigh", "oldest ledger event waiting more than 5 min", "warning"),
      new Alert("auth-gateway", "LoginFailuresSpike", "failed sign-ins 5x above normal", "info"));
}
