package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.store.Database;
import dev.hush.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.jdbi.v3.core.Handle;

/**
 * Fills an empty store with a generated year of history for the weekly-review and insights
 * benchmark (bench/review.sh): teams, people, weekly rotations, services with repeat-offender
 * rules, incidents with their trigger events, acks and resolves, pages, on-call log entries,
 * change events and action items.
 *
 * <p>The raw rows are written in JDBC batches into the schema as it stood at {@code --raw-version}
 * (the last migration before the rollups). The later migrations then run as on any upgraded store,
 * so their backfill statements build the rollups from the raw rows, and start-up counts what the
 * migrations leave to Java: the rollups are what ingest would have kept. A final check compares
 * the rollup totals with the raw rows.
 */
@Command(name = "bench-history", hidden = true, mixinStandardHelpOptions = true,
    description = "Fill an empty store with a generated history (benchmark only).")
final class BenchHistoryCommand implements Callable<Integer> {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long WEEK = 7 * DAY;
  private static final String[] ZONES = {"UTC", "Europe/Berlin", "America/New_York", "Europe/London", "Asia/Kolkata"};
  private static final String[] RULES = {"HighLatency", "ErrorRateHigh", "DiskFillingUp", "PodCrashLooping", "CertificateExpiry",
      "QueueBacklog", "ReplicationLag", "HighMemory", "TargetDown", "SLOBurnRate", "ConnectionPoolExhausted", "CronJobFailed",
      "TooManyRestarts", "NodeNotReady", "HighCPU", "5xxSpike", "LatencyP99", "DeadLetters", "BackupMissing", "ClockSkew"};
  private static final String[] LOG_ACTIONS = {"restarted", "fixed bug", "rolled back", "tuned alert", "no action", "other"};
  private static final String[] VERDICTS = {"actionable", "noisy", "false positive", "poor details"};
  private static final String[] ID_TABLES = {"users", "teams", "services", "incidents", "alert_events", "change_events",
      "incident_actions", "contact_methods", "notifications", "rotations", "rotation_orders", "schedules", "schedule_layers",
      "escalation_policies", "escalation_steps", "action_items"};

  @Mixin StoreOptions store;
  @Option(names = "--events", defaultValue = "5000000", description = "alert events to generate (default ${DEFAULT-VALUE})") long events;
  @Option(names = "--weeks", defaultValue = "52", description = "weeks of history up to now (default ${DEFAULT-VALUE})") int weeks;
  @Option(names = "--teams", defaultValue = "4", description = "teams (default ${DEFAULT-VALUE})") int teams;
  @Option(names = "--services", defaultValue = "32", description = "services, spread over the teams (default ${DEFAULT-VALUE})") int services;
  @Option(names = "--people", defaultValue = "6", description = "people per team (default ${DEFAULT-VALUE})") int people;
  @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})") long seed;
  @Option(names = "--batch", defaultValue = "10000", description = "rows per transaction (default ${DEFAULT-VALUE})") int batch;
  @Option(names = "--raw-version", defaultValue = "12",
      description = "migrate to this version, load, then apply the rest (default ${DEFAULT-VALUE})") String rawVersion;

  private SplittableRandom rnd;

  @Override
  public Integer call() throws Exception {
    rnd = new SplittableRandom(seed);
    long t0 = System.nanoTime();
    String url = store.url();
    Dialect dialect = Dialect.of(url);
    // One round trip per batch on PostgreSQL instead of one per row.
    String loadUrl = dialect == Dialect.POSTGRESQL ? url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" : url;
    long now = System.currentTimeMillis();
    Loaded loaded;
    try (Database db = Database.open(loadUrl, store.databaseSchema)) {
      db.migrateTo(rawVersion);
      try (Handle h = db.jdbi().open()) {
        Connection c = h.getConnection();
        if (count(c, "SELECT COUNT(*) FROM incidents") > 0 || count(c, "SELECT COUNT(*) FROM teams") > 0) {
          System.err.println("hush: bench-history needs an empty store");
          return 2;
        }
        if (dialect == Dialect.SQLITE) {
          try (Statement st = c.createStatement()) {
            st.execute("PRAGMA synchronous=OFF");
            st.execute("PRAGMA cache_size=-200000");
          }
        }
        c.setAutoCommit(false);
        loaded = load(c, now);
        if (dialect == Dialect.POSTGRESQL) {
          try (Statement st = c.createStatement()) {
            for (String t : ID_TABLES) {
              st.execute("SELECT setval(pg_get_serial_sequence('" + t + "', 'id'), COALESCE((SELECT MAX(id) FROM " + t + "), 0) + 1, false)");
            }
            st.execute("ANALYZE");
          }
          c.commit();
        }
        c.setAutoCommit(true);
      }
    }
    long t1 = System.nanoTime();
    // The remaining migrations (the rollups' backfills) and the start-up catch-up, as on an upgrade.
    try (Hush hush = store.open()) {
      long t2 = System.nanoTime();
      // Statistics for the tables the later migrations filled, and on PostgreSQL the visibility map a
      // year of autovacuum would have kept (index-only reads depend on it), whether or not it runs here.
      hush.db().jdbi().useHandle(h -> {
        if (dialect == Dialect.POSTGRESQL) {
          for (String table : h.createQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").mapTo(String.class).list()) {
            h.execute("VACUUM (ANALYZE) " + table);
          }
        } else {
          h.execute("ANALYZE");
        }
      });
      boolean ok = hush.db().withHandle(h -> check(h.getConnection(), loaded));
      long t3 = System.nanoTime();
      System.out.printf(Locale.ROOT, "history_incidents=%d%nhistory_alert_events=%d%nhistory_trigger_events=%d%nhistory_pages=%d%nhistory_busiest_team=%d%n",
          loaded.incidents, loaded.events, loaded.triggers, loaded.paged, loaded.busiestTeam);
      System.out.printf(Locale.ROOT, "history_load_s=%.1f%nhistory_migrate_s=%.1f%nhistory_total_s=%.1f%nhistory_rollups_match=%s%n",
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t0) / 1e9, ok);
      return ok ? 0 : 1;
    }
  }

  private record Loaded(long incidents, long events, long triggers, long paged, long busiestTeam) {}

  /** Writes every raw row; ids are given explicitly (the store is empty), in opening order. */
  private Loaded load(Connection c, long now) throws SQLException {
    long start = LocalDate.ofInstant(Instant.ofEpochMilli(now - weeks * WEEK), ZoneOffset.UTC)
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atTime(9, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    long created = start - DAY;
    // ---- teams, people, contact methods, rotations, schedules, policies
    int nUsers = teams * people;
    String[] zone = new String[nUsers + 1];
    try (Batch team = new Batch(c, "INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)");
        Batch user = new Batch(c, "INSERT INTO users (id, email, name, is_admin, time_zone, created_at) VALUES (?, ?, ?, 0, ?, ?)");
        Batch member = new Batch(c, "INSERT INTO team_members (team_id, user_id, role) VALUES (?, ?, ?)");
        Batch method = new Batch(c, "INSERT INTO contact_methods (id, user_id, kind, name, address, secret, created_at) VALUES (?, ?, 'email', 'work', ?, '', ?)");
        Batch rule = new Batch(c, "INSERT INTO notification_rules (user_id, contact_method_id, delay_minutes) VALUES (?, ?, 0)");
        Batch rotation = new Batch(c, """
            INSERT INTO rotations (id, team_id, name, zone, kind, length, handoff_time, handoff_day, start_date, created_at)
            VALUES (?, ?, ?, 'UTC', 'weekly', 1, '09:00', 1, ?, ?)""");
        Batch order = new Batch(c, "INSERT INTO rotation_orders (id, rotation_id, effective_from, user_ids) VALUES (?, ?, ?, ?)");
        Batch schedule = new Batch(c, "INSERT INTO schedules (id, team_id, name, created_at) VALUES (?, ?, ?, ?)");
        Batch layer = new Batch(c, "INSERT INTO schedule_layers (id, schedule_id, level, rotation_id) VALUES (?, ?, 1, ?)");
        Batch policy = new Batch(c, "INSERT INTO escalation_policies (id, team_id, name, repeat_count, created_at) VALUES (?, ?, ?, 0, ?)");
        Batch step = new Batch(c, "INSERT INTO escalation_steps (id, policy_id, position, delay_minutes, mode, turns_taken) VALUES (?, ?, ?, ?, 'all', 0)");
        Batch target = new Batch(c, "INSERT INTO escalation_step_targets (step_id, position, target_kind, target_id) VALUES (?, 0, ?, ?)")) {
      for (int t = 1; t <= teams; t++) {
        team.add(t, "team-" + t, created);
        StringBuilder ids = new StringBuilder();
        for (int k = 0; k < people; k++) {
          int u = (t - 1) * people + k + 1;
          zone[u] = ZONES[(t + k) % ZONES.length];
          user.add(u, "person" + u + "@bench.hush.local", "Person " + u, zone[u], created);
          member.add(t, u, k == 0 ? "manager" : "responder");
          method.add(u, u, "person" + u + "@bench.hush.local", created);
          rule.add(u, u);
          ids.append(ids.isEmpty() ? "" : ",").append(u);
        }
        rotation.add(t, t, "team-" + t + " primary", LocalDate.ofInstant(Instant.ofEpochMilli(start), ZoneOffset.UTC).toString(), created);
        order.add(t, t, created, ids.toString());
        schedule.add(t, t, "team-" + t + " on call", created);
        layer.add(t, t, t);
        policy.add(t, t, "team-" + t + " default", created);
        step.add(2 * t - 1, t, 0, 0);
        target.add(2 * t - 1, "schedule", t);
        // The second step pages the team's manager if nobody acknowledged within 15 minutes.
        step.add(2 * t, t, 1, 15);
        target.add(2 * t, "user", (t - 1) * people + 1);
      }
      flushAll(team, user, member, method, rule, rotation, order, schedule, layer, policy, step, target);
    }
    // ---- services: team 1 runs the most of them; each has rules of very different noisiness
    int[] serviceTeam = new int[services + 1];
    double[] serviceWeight = new double[services + 1];
    try (Batch service = new Batch(c, "INSERT INTO services (id, name, description, team_id, created_at) VALUES (?, ?, ?, ?, ?)");
        Batch esc = new Batch(c, "INSERT INTO service_escalation (service_id, policy_id) VALUES (?, ?)")) {
      for (int s = 1; s <= services; s++) {
        int t = s <= services * 2 / 5 ? 1 : 2 + (s % Math.max(1, teams - 1));
        t = Math.min(t, teams);
        serviceTeam[s] = t;
        serviceWeight[s] = 1.0 / Math.pow(1 + (s - 1) % 8, 0.8);
        service.add(s, "svc-" + s, "generated service " + s, t, created);
        esc.add(s, t);
      }
      flushAll(service, esc);
    }
    double[] serviceCum = cumulative(serviceWeight);
    int rulesPerService = RULES.length;
    double[] ruleCum = cumulative(zipf(rulesPerService, 1.1));
    // ---- how many incidents: draw trigger counts until the event budget is spent
    // A sender's resolve is an event too (not a trigger): it is counted in the budget.
    long[] openedAt;
    int[] triggers;
    int[] serviceOf;
    int[] ruleOf;
    boolean[] senderResolves;
    {
      int cap = (int) Math.min(Integer.MAX_VALUE - 8, events);
      int[] tc = new int[cap];
      int[] so = new int[cap];
      int[] ro = new int[cap];
      boolean[] sr = new boolean[cap];
      long spent = 0;
      int n = 0;
      while (spent < events) {
        int s = Math.max(1, pick(serviceCum));
        int r = pick(ruleCum);
        boolean noisyRule = r < 4; // the top rules of every service are the repeat offenders
        double p = rnd.nextDouble();
        int k = noisyRule
            ? (p < 0.3 ? 1 + rnd.nextInt(3) : p < 0.6 ? 4 + rnd.nextInt(12) : p < 0.9 ? 16 + rnd.nextInt(25) : 41 + rnd.nextInt(60))
            : (p < 0.6 ? 1 + rnd.nextInt(3) : p < 0.9 ? 4 + rnd.nextInt(12) : 16 + rnd.nextInt(25));
        boolean senderResolve = noisyRule ? rnd.nextDouble() < 0.8 : rnd.nextDouble() < 0.5;
        k = (int) Math.min(k, events - spent);
        if (senderResolve && spent + k + 1 > events) {
          senderResolve = false;
        }
        tc[n] = k;
        so[n] = s;
        ro[n] = r;
        sr[n] = senderResolve;
        n++;
        spent += k + (senderResolve ? 1 : 0);
      }
      triggers = Arrays.copyOf(tc, n);
      serviceOf = Arrays.copyOf(so, n);
      ruleOf = Arrays.copyOf(ro, n);
      senderResolves = Arrays.copyOf(sr, n);
      openedAt = new long[n];
      long span = now - HOUR - start;
      for (int i = 0; i < n; i++) {
        // more incidents in working hours than at night, as deploys and traffic make them
        long at = start + (long) (rnd.nextDouble() * span);
        long hourOfDay = (at % DAY) / HOUR;
        if ((hourOfDay < 6 || hourOfDay >= 21) && rnd.nextDouble() < 0.4) {
          at = start + (long) (rnd.nextDouble() * span);
        }
        openedAt[i] = at;
      }
      Arrays.sort(openedAt);
    }
    int n = openedAt.length;
    long[] teamIncidents = new long[teams + 1];
    long paged = 0;
    long eventCount = 0;
    long triggerCount = 0;
    String[] fingerprints = new String[(services + 1) * rulesPerService];
    for (int s = 1; s <= services; s++) {
      for (int r = 0; r < rulesPerService; r++) {
        fingerprints[s * rulesPerService + r] = String.format(Locale.ROOT, "%016x%016x", mix(seed * 31 + s), mix(s * 1_000_003L + r));
      }
    }
    try (Batch incident = new Batch(c, """
            INSERT INTO incidents (id, service_id, dedup_key, fingerprint, status, title, severity, source, opened_at, last_event_at,
              trigger_count, acked_at, acked_by, resolved_at, resolved_by, episode)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""");
        Batch event = new Batch(c, """
            INSERT INTO alert_events (service_id, incident_id, format, action, dedup_key, received_at, body)
            VALUES (?, ?, 'alertmanager', ?, ?, ?, ?)""");
        Batch action = new Batch(c, "INSERT INTO incident_actions (incident_id, at, kind, actor_user_id, detail) VALUES (?, ?, ?, ?, ?)");
        Batch notification = new Batch(c, """
            INSERT INTO notifications (idempotency_key, incident_id, user_id, contact_method_id, status, attempts, created_at, sent_at, sent_directly)
            VALUES (?, ?, ?, ?, 'sent', 1, ?, ?, ?)""");
        Batch log = new Batch(c, "INSERT INTO oncall_log_entries (incident_id, author_user_id, action, note, verdict, written_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < n; i++) {
        long id = i + 1;
        int s = serviceOf[i];
        int r = ruleOf[i];
        int t = serviceTeam[s];
        teamIncidents[t]++;
        String fp = fingerprints[s * rulesPerService + r];
        String rule = RULES[r];
        String severity = r % 3 == 0 ? "critical" : r % 3 == 1 ? "warning" : "info";
        String instance = "host-" + (rnd.nextInt(40)) + ":9100";
        String dedup = fp.substring(0, 12) + "-" + id;
        long opened = openedAt[i];
        int k = triggers[i];
        boolean noisyRule = r < 4;
        long interval = noisyRule ? MINUTE : (1 + rnd.nextInt(5)) * MINUTE;
        long last = opened + (k - 1) * interval;
        // who is on call: the team's weekly rotation, handing over on Mondays 09:00 UTC
        int onCall = (t - 1) * people + 1 + (int) (Math.floorDiv(opened - start, WEEK) % people);
        int manager = (t - 1) * people + 1;
        boolean pages = severity.equals("critical") || rnd.nextDouble() < 0.7;
        boolean open = now - last < 2 * HOUR && rnd.nextDouble() < 0.5;
        Long ackAt = null;
        Long ackBy = null;
        Long resolvedAt = null;
        Long resolvedBy = null;
        boolean senderResolve = false;
        if (!open) {
          senderResolve = senderResolves[i];
          boolean fast = senderResolve && noisyRule && rnd.nextDouble() < 0.7;
          resolvedAt = last + (fast ? 30_000 + rnd.nextInt(120_000) : MINUTE + (long) (rnd.nextDouble() * 3 * HOUR));
          if (fast) {
            resolvedAt = Math.min(resolvedAt, opened + 5 * MINUTE - 1_000);
            resolvedAt = Math.max(resolvedAt, last + 1);
          }
          if (!senderResolve) {
            resolvedBy = (long) onCall;
          }
        }
        if (pages && rnd.nextDouble() < 0.85) {
          long ack = opened + 30_000 + (long) (rnd.nextDouble() * (rnd.nextDouble() < 0.9 ? 10 : 60) * MINUTE);
          if (resolvedAt == null || ack < resolvedAt) {
            ackAt = ack;
            ackBy = (long) onCall;
          }
        }
        String status = resolvedAt != null ? "resolved" : ackAt != null ? "acknowledged" : "triggered";
        incident.add(id, s, dedup, fp, status, rule + " on svc-" + s, severity, instance, opened,
            senderResolve ? resolvedAt : last, k, ackAt, ackBy, resolvedAt, resolvedBy);
        for (int j = 0; j < k; j++) {
          long at = opened + j * interval;
          event.add(s, id, "trigger", dedup, at, body("firing", rule, s, instance, severity, fp, at, dedup));
        }
        eventCount += k;
        triggerCount += k;
        if (pages) {
          paged++;
          notification.add("inc" + id + ":r0:s0:u" + onCall + ":cm" + onCall, id, onCall, onCall, opened + 5, opened + 180, 1);
          if (ackAt == null || ackAt - opened > 15 * MINUTE) {
            long second = opened + 15 * MINUTE;
            if ((resolvedAt == null || second < resolvedAt) && manager != onCall) {
              notification.add("inc" + id + ":r0:s1:u" + manager + ":cm" + manager, id, manager, manager, second, second + 150, 0);
            }
          }
        }
        if (ackAt != null) {
          action.add(id, ackAt, "acknowledged", ackBy, "");
        }
        if (resolvedAt != null) {
          if (senderResolve) {
            action.add(id, resolvedAt, "resolved", null, "by the sender (alertmanager)");
            // the resolve message is an event of its own, kept as it arrived (not a trigger)
            event.add(s, id, "resolve", dedup, resolvedAt, body("resolved", rule, s, instance, severity, fp, resolvedAt, dedup));
            eventCount++;
          } else {
            action.add(id, resolvedAt, "resolved", resolvedBy, "");
          }
          if (pages && rnd.nextDouble() < 0.6) {
            String act = noisyRule ? (rnd.nextDouble() < 0.7 ? "no action" : "tuned alert") : LOG_ACTIONS[rnd.nextInt(LOG_ACTIONS.length)];
            String verdict = noisyRule ? (rnd.nextDouble() < 0.6 ? "noisy" : "false positive") : VERDICTS[rnd.nextInt(VERDICTS.length)];
            long at = resolvedAt + MINUTE + rnd.nextInt((int) HOUR);
            log.add(id, onCall, act, note(act, rule), verdict, at);
            action.add(id, at, "log", (long) onCall, act);
          }
        }
        if ((i + 1) % 50_000 == 0) {
          System.err.printf(Locale.ROOT, "bench-history: %d of %d incidents, %d events%n", i + 1, n, eventCount);
        }
      }
      flushAll(incident, event, action, notification, log);
    }
    // ---- change events: deploys and config changes, a few a day per team
    try (Batch change = new Batch(c, "INSERT INTO change_events (service_id, summary, source, happened_at, received_at, body) VALUES (?, ?, ?, ?, ?, ?)")) {
      long changes = (long) weeks * 7 * 3 * teams;
      for (long j = 0; j < changes; j++) {
        int s = 1 + rnd.nextInt(services);
        long at = start + (long) (rnd.nextDouble() * (now - start));
        String summary = (rnd.nextBoolean() ? "Deploy svc-" + s + " v1." + rnd.nextInt(200) : "Config change on svc-" + s);
        change.add(s, summary, "ci", at, at + 200, "{\"payload\":{\"summary\":\"" + summary + "\",\"source\":\"ci\"}}");
      }
    }
    // ---- action items: a few per team and week, most done, some carried over, some linked to a noisy rule
    try (Batch item = new Batch(c, """
            INSERT INTO action_items (id, team_id, title, owner_user_id, mentor_user_id, priority, due_date, status, status_reason,
              origin_kind, origin_id, created_by, created_at, updated_at, done_at, carried_over, last_carried_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 'review', NULL, ?, ?, ?, ?, ?, ?)""");
        Batch linked = new Batch(c, "INSERT INTO action_item_fingerprints (action_item_id, fingerprint) VALUES (?, ?)")) {
      long itemId = 0;
      List<Object[]> links = new ArrayList<>();
      for (int w = 0; w < weeks; w++) {
        for (int t = 1; t <= teams; t++) {
          int per = 2 + rnd.nextInt(3);
          for (int j = 0; j < per; j++) {
            itemId++;
            long at = start + w * WEEK + 2 * HOUR;
            int owner = (t - 1) * people + 1 + rnd.nextInt(people);
            int mentor = (t - 1) * people + 1 + rnd.nextInt(people);
            String priority = "P" + (1 + rnd.nextInt(3));
            String due = LocalDate.ofInstant(Instant.ofEpochMilli(at + (7 + rnd.nextInt(21)) * DAY), ZoneOffset.UTC).toString();
            boolean done = w < weeks - 3 ? rnd.nextDouble() < 0.85 : rnd.nextDouble() < 0.3;
            String status = done ? "done" : rnd.nextBoolean() ? "open" : "in_progress";
            long doneAt = at + (3 + rnd.nextInt(20)) * DAY;
            if (done && doneAt > now) {
              doneAt = now - HOUR;
            }
            int carried = done ? rnd.nextInt(3) : Math.max(0, weeks - w - 1) / 2;
            item.add(itemId, t, "Follow-up " + itemId + ": " + RULES[rnd.nextInt(RULES.length)], owner, mentor == owner ? null : mentor, priority,
                due, status, owner, at, done ? doneAt : at, done ? doneAt : null, carried, carried > 0 ? at + WEEK : null);
            int s = firstServiceOf(serviceTeam, t);
            if (s > 0 && rnd.nextDouble() < 0.4) {
              links.add(new Object[] {itemId, fingerprints[s * rulesPerService + rnd.nextInt(4)]});
            }
          }
        }
      }
      item.flush();
      for (Object[] l : links) {
        linked.add(l);
      }
      linked.flush();
    }
    c.commit();
    long busiest = 1;
    for (int t = 1; t <= teams; t++) {
      if (teamIncidents[t] > teamIncidents[(int) busiest]) {
        busiest = t;
      }
    }
    return new Loaded(n, eventCount, triggerCount, paged, busiest);
  }

  private static void flushAll(Batch... batches) throws SQLException {
    for (Batch b : batches) {
      b.flush();
    }
  }

  private static int firstServiceOf(int[] serviceTeam, int team) {
    for (int s = 1; s < serviceTeam.length; s++) {
      if (serviceTeam[s] == team) {
        return s;
      }
    }
    return 0;
  }

  private static String body(String status, String rule, int service, String instance, String severity, String fp, long at, String dedup) {
    return "{\"status\":\"" + status + "\",\"labels\":{\"alertname\":\"" + rule + "\",\"service\":\"svc-" + service + "\",\"instance\":\""
        + instance + "\",\"severity\":\"" + severity + "\"},\"annotations\":{\"summary\":\"" + rule + " on svc-" + service
        + "\"},\"startsAt\":\"" + Instant.ofEpochMilli(at) + "\",\"fingerprint\":\"" + dedup + "\"}";
  }

  private static String note(String action, String rule) {
    return switch (action) {
      case "restarted" -> "restarted the pods, " + rule + " cleared";
      case "fixed bug" -> "hotfix deployed";
      case "rolled back" -> "rolled back the last deploy";
      case "tuned alert" -> "raised the threshold of " + rule;
      case "no action" -> "cleared by itself";
      default -> "see the ticket";
    };
  }

  /**
   * The rollups against the raw rows: every trigger event and incident counted once in the hourly
   * rollup, every paged incident once, every person's first page for an incident once. Tables that
   * do not exist (a store without the rollups) are skipped.
   */
  private static boolean check(Connection c, Loaded loaded) throws SQLException {
    boolean ok = true;
    if (exists(c, "insights_hourly")) {
      long[] raw = {count(c, "SELECT COUNT(*) FROM alert_events WHERE action = 'trigger'"), count(c, "SELECT COUNT(*) FROM incidents"),
          count(c, "SELECT COUNT(*) FROM incidents WHERE paged_at IS NOT NULL"),
          count(c, "SELECT COUNT(*) FROM incident_actions WHERE kind = 'acknowledged'"),
          count(c, "SELECT COUNT(*) FROM incidents WHERE resolved_at IS NOT NULL")};
      long[] rolled = {count(c, "SELECT COALESCE(SUM(alert_events), 0) FROM insights_hourly"),
          count(c, "SELECT COALESCE(SUM(incidents_opened), 0) FROM insights_hourly"), count(c, "SELECT COALESCE(SUM(pages), 0) FROM insights_hourly"),
          count(c, "SELECT COALESCE(SUM(acked), 0) FROM insights_hourly"), count(c, "SELECT COALESCE(SUM(resolved), 0) FROM insights_hourly")};
      String[] names = {"trigger events", "incidents", "paged incidents", "acks", "resolves"};
      for (int i = 0; i < raw.length; i++) {
        System.out.printf(Locale.ROOT, "check %-16s raw=%d rollup=%d%n", names[i], raw[i], rolled[i]);
        ok &= raw[i] == rolled[i];
      }
      ok &= raw[2] == loaded.paged;
    }
    if (exists(c, "insights_person_hourly")) {
      long raw = count(c, "SELECT COUNT(*) FROM (SELECT DISTINCT incident_id, user_id FROM notifications WHERE incident_id IS NOT NULL) x");
      long rolled = count(c, "SELECT COALESCE(SUM(business + off_hours + sleep), 0) FROM insights_person_hourly");
      long uncounted = count(c, "SELECT COUNT(*) FROM insights_person_pages WHERE counted = 0");
      System.out.printf(Locale.ROOT, "check %-16s raw=%d rollup=%d uncounted=%d%n", "person pages", raw, rolled, uncounted);
      ok &= raw == rolled && uncounted == 0;
    }
    return ok;
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), table, new String[] {"TABLE"})) {
      return rs.next();
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static double[] zipf(int n, double s) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 1.0 / Math.pow(i + 1, s);
    }
    return w;
  }

  private static double[] cumulative(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double[] cum = new double[weights.length];
    double run = 0;
    for (int i = 0; i < weights.length; i++) {
      run += weights[i] / total;
      cum[i] = run;
    }
    cum[cum.length - 1] = 1.0;
    return cum;
  }

  /** An index into the distribution of cumulative weights. */
  private int pick(double[] cum) {
    double x = rnd.nextDouble();
    int lo = 0;
    int hi = cum.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cum[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** One prepared insert, executed every {@code batch} rows and committed with them. */
  private final class Batch implements AutoCloseable {
    private final Connection c;
    private final PreparedStatement st;
    private int pending;

    Batch(Connection c, String sql) throws SQLException {
      this.c = c;
      this.st = c.prepareStatement(sql);
    }

    void add(Object... values) throws SQLException {
      for (int i = 0; i < values.length; i++) {
        Object v = values[i];
        if (v == null) {
          st.setNull(i + 1, Types.BIGINT);
        } else if (v instanceof String str) {
          st.setString(i + 1, str);
        } else {
          st.setLong(i + 1, ((Number) v).longValue());
        }
      }
      st.addBatch();
      if (++pending >= batch) {
        flush();
        c.commit();
      }
    }

    void flush() throws SQLException {
      if (pending > 0) {
        st.executeBatch();
        pending = 0;
      }
    }

    @Override
    public void close() throws SQLException {
      flush();
      st.close();
    }
  }
}
