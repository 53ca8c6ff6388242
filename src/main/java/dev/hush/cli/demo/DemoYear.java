package dev.hush.cli.demo;

import static dev.hush.cli.demo.Story.DANA;
import static dev.hush.cli.demo.Story.PEOPLE;
import static dev.hush.cli.demo.Story.QUIET_WEEKS_AT_END;
import static dev.hush.cli.demo.Story.YEAR_WEEKS;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hush.Hush;
import dev.hush.actions.ActionPatch;
import dev.hush.actions.ActionStatus;
import dev.hush.actions.NewActionItem;
import dev.hush.actions.OriginKind;
import dev.hush.actions.Priority;
import dev.hush.alerts.AlertIngest;
import dev.hush.cli.demo.Story.Alert;
import dev.hush.cli.demo.Story.NoisyRule;
import dev.hush.cli.demo.Story.Person;
import dev.hush.cli.demo.Story.RealKind;
import dev.hush.core.Json;
import dev.hush.core.SettableClock;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.insights.HourBands;
import dev.hush.notify.ChannelKind;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.TeamRole;
import dev.hush.review.Review;
import dev.hush.review.Section;
import dev.hush.services.AlertmanagerGrouping;
import dev.hush.services.ServiceCatalog;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Writes a year of a team's on-call history into an empty store, deterministically from a seed,
 * by driving the real services on a {@link SettableClock} that it moves from moment to moment: alerts
 * go through the ingest path (so incidents, events and whatever ingest maintains are as they would
 * be), the escalation engine pages and runs its timers, people acknowledge, resolve and write
 * their log, and the weekly review files and closes action items. The plot is {@link Story}'s.
 *
 * <p>Everything is a {@link Step} at an instant, run in time order; a step may plan later ones
 * (the ack after a page). Nothing is left open or due at the end, so a server started afterwards
 * on the system clock has no year of timers to catch up on.
 *
 * <p>{@link #weeklyReview} is called once per generated week: the one place where the review of
 * that week happens.
 */
public final class DemoYear {
  public static final String DEMO_EMAIL = "demo@hush.local";
  public static final String DEMO_PASSWORD = "hush-demo-2am";
  public static final long DEFAULT_SEED = 2026;
  public static final int WEEKS = YEAR_WEEKS;
  /** A shorter year keeps the plot's order; below this it no longer fits. */
  public static final int MIN_WEEKS = 12;
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  /** What was written, for the command to print and a test to compare. */
  public record Summary(int weeks, int incidents, int pagesFirstFourWeeks, int pagesLastFourWeeks, int nightPages, int logEntries,
      int actionItems, int deploys) {}

  private record Step(long at, long seq, Runnable action) {}

  /** The person paged for an incident, and where the page found them (business, off or sleep hours). */
  private record Responder(long userId, ZoneId zone, HourBands.Band band) {}

  /** A real incident of a week, for its review. */
  private record Handled(long incidentId, RealKind kind, long handlerId) {}

  /** A week as its review sees it: its index (it runs from hand-off {@code at(index, 0)} to the next), who was on call, its real incidents. */
  private record ReviewWeek(int index, long facilitatorId, List<Handled> incidents) {}

  private final Hush hush;
  private final SettableClock clock;
  private final Random random;
  private final long seed;
  private final long end;
  private final int weeks;
  private final HourBands bands;
  private final ZonedDateTime[] handoffs;
  private final List<Person> rotationOrder = new ArrayList<>(PEOPLE);
  private final List<List<Handled>> handled = new ArrayList<>();
  private final PriorityQueue<Step> steps = new PriorityQueue<>(Comparator.comparingLong(Step::at).thenComparingLong(Step::seq));
  private final Map<String, Long> ids = new HashMap<>();
  private final Map<String, ServiceCatalog.Route> routes = new HashMap<>();
  private final Map<String, String> keys = new HashMap<>();
  private final Map<String, Long> lastIncidentOf = new HashMap<>();
  private final Map<NoisyRule, Long> fixItems = new HashMap<>();
  private final Map<RealKind, Integer> followUpsFiled = new HashMap<>();
  private final int[] pagesPerWeek;
  private long seq;
  private long teamId;
  /** The review being held: the action items filed now are created in it. */
  private long currentReview;
  private long scheduleId;
  private int realPlanned;
  private int realIncidents;
  private int overdueLeft = Story.OVERDUE_ITEMS;
  private boolean wontDoFiled;
  private int incidents;
  private int nightPages;
  private int logEntries;
  private int actionItems;
  private int deploys;

  private DemoYear(Hush hush, SettableClock clock, long seed, Instant end, int weeks) {
    if (weeks < MIN_WEEKS || weeks > YEAR_WEEKS) {
      throw new IllegalArgumentException("weeks: " + MIN_WEEKS + "-" + YEAR_WEEKS);
    }
    this.hush = hush;
    this.clock = clock;
    this.random = new Random(seed);
    this.seed = seed;
    this.end = end.toEpochMilli();
    this.weeks = weeks;
    this.bands = hush.config().hourBands();
    this.pagesPerWeek = new int[weeks];
    ZonedDateTime current = end.atZone(Story.HANDOFF_ZONE).with(TemporalAdjusters.previousOrSame(Story.HANDOFF_DAY)).with(Story.HANDOFF_TIME);
    if (current.toInstant().isAfter(end)) {
      current = current.minusWeeks(1);
    }
    // Dana, the demo login, takes the week the demo starts in: today's alerts page whoever signs in.
    Collections.rotate(rotationOrder, weeks % PEOPLE.size());
    this.handoffs = new ZonedDateTime[weeks + 1];
    for (int k = 0; k <= weeks; k++) {
      handoffs[k] = current.minusWeeks(weeks - k);
      handled.add(new ArrayList<>());
    }
  }

  /** Only an empty store gets a year: a second start on the same data serves what is there. */
  public static boolean storeIsEmpty(Hush hush) {
    return hush.people().users().isEmpty() && hush.services().all().isEmpty();
  }

  /**
   * Writes {@code weeks} complete on-call weeks ending at the last hand-off before {@code end}, with
   * {@code hush} running on {@code clock}; leaves the clock at {@code end}.
   */
  public static Summary generate(Hush hush, SettableClock clock, long seed, Instant end, int weeks) {
    DemoYear year = new DemoYear(hush, clock, seed, end, weeks);
    year.setUp();
    for (int k = 0; k < weeks; k++) {
      year.planWeek(k);
    }
    year.planMetricChanges();
    year.run();
    year.importMetrics();
    int first = 0;
    int last = 0;
    for (int k = 0; k < 4; k++) {
      first += year.pagesPerWeek[k];
      last += year.pagesPerWeek[weeks - 1 - k];
    }
    return new Summary(weeks, year.incidents, first, last, year.nightPages, year.logEntries, year.actionItems, year.deploys);
  }

  // ---- the cast and the set ---------------------------------------------------------------------

  private void setUp() {
    // The team is set up three weeks before its first shift.
    clock.set(at(0, 0) - 21 * DAY);
    // Dana, the manager and an org admin, signs up first and adds the team; every change of the set-up is hers in the audit log.
    long dana = hush.people().createUser(DANA.email(), DANA.name(), DEMO_PASSWORD, true, DANA.zone(), null).id();
    ids.put(DANA.key(), dana);
    for (Person p : PEOPLE) {
      if (p != DANA) {
        ids.put(p.key(), hush.people().createUser(p.email(), p.name(), DEMO_PASSWORD, false, p.zone(), dana).id());
      }
    }
    // Everyone is paged by e-mail at their sign-in address, so pages are recorded (and counted in the insights) as they happen.
    for (Person p : PEOPLE) {
      hush.notifications().addContactMethod(id(p), ChannelKind.EMAIL, "work e-mail", p.email(), null);
    }
    teamId = hush.people().createTeam(Story.TEAM, dana).id();
    for (Person p : PEOPLE) {
      hush.people().addMember(teamId, id(p), p == DANA ? TeamRole.MANAGER : TeamRole.RESPONDER, dana);
    }
    long rotation = hush.oncall().createRotation(teamId, Story.ROTATION, Story.HANDOFF_ZONE.getId(), ShiftKind.WEEKLY, 1, Story.HANDOFF_TIME,
        Story.HANDOFF_DAY, handoffs[0].toLocalDate(), rotationOrder.stream().map(this::id).toList(), dana).id();
    scheduleId = hush.oncall().createSchedule(teamId, Story.SCHEDULE, dana).id();
    hush.oncall().addLayer(scheduleId, rotation, 1, null, dana);
    long policy = hush.escalation().createPolicy(teamId, Story.POLICY, 0, List.of(
        EscalationPolicy.Step.of(0, Story.ESCALATE_TO_MANAGER_MINUTES, EscalationPolicy.TargetKind.SCHEDULE, scheduleId),
        EscalationPolicy.Step.of(1, Story.ESCALATE_TO_MANAGER_MINUTES, EscalationPolicy.TargetKind.USER, dana)), dana).id();
    for (String name : Story.SERVICES) {
      long service = hush.services().create(name, "Payments team's " + name, teamId, AlertmanagerGrouping.ALERT, false, dana).id();
      String key = hush.services().createKey(service, "monitoring", dana).secret();
      hush.escalation().assign(service, policy, dana);
      keys.put(name, key);
      routes.put(name, hush.services().resolve(key).route().orElseThrow());
    }
  }

  // ---- the plot, week by week ---------------------------------------------------------------------

  private void planWeek(int k) {
    long from = at(k, 0);
    long to = at(k + 1, 0);
    for (NoisyRule rule : Story.NOISY_RULES) {
      planNoise(rule, k, from, to);
    }
    double realBefore = realCumulative(k);
    for (int i = (int) Math.floor(realCumulative(k + 1)) - (int) Math.floor(realBefore); i > 0; i--) {
      RealKind kind = Story.REAL_KINDS.get(realPlanned++ % Story.REAL_KINDS.size());
      long t = busyHours(from + HOUR, to);
      if (kind.rollsBack()) {
        step(t - minutes(10, 40), () -> deploy(kind.alert().service(), release(kind.alert().service())));
      }
      step(t, () -> real(kind));
    }
    for (int day = 0; day < 5; day++) {
      if (random.nextDouble() < Story.DEPLOYS_PER_WORKDAY) {
        String service = Story.SERVICES.get(random.nextInt(Story.SERVICES.size()));
        step(at(k, day) + HOUR + minutes(0, 7 * 60), () -> deploy(service, release(service)));
      }
    }
    for (Story.Cover c : Story.COVERS) {
      if (storyWeek(c.week()) == k) {
        planCover(c, k);
      }
    }
    if (storyWeek(Story.SWAP.week()) == k) {
      planSwap(k);
    }
    step(to, hush::runDueJobs);
    step(to + Story.REVIEW_AFTER_HANDOFF_MINUTES * MINUTE, () -> weeklyReview(new ReviewWeek(k, holderOf(k), handled.get(k))));
  }

  private void planNoise(NoisyRule rule, int k, long from, long to) {
    int start = storyWeek(rule.startWeek());
    int fixed = storyWeek(rule.fixedWeek());
    if (k == storyWeek(rule.recursWeek()) && rule.recursWeek() >= 0) {
      step(between(at(k, 1), at(k, 4)), () -> noisy(rule, true));
    }
    if (k < start || k > fixed) {
      return;
    }
    // The fix ships mid-week; the rule is quiet from then on.
    long stop = to;
    if (k == fixed) {
      stop = at(k, 2) + 5 * HOUR;
      step(stop, () -> deploy(rule.alert().service(), "Deploy " + rule.alert().service() + ": " + rule.fix()));
    }
    int count = (int) Math.floor(rule.perWeek() * (k - start + 1)) - (int) Math.floor(rule.perWeek() * (k - start));
    List<Integer> nights = new ArrayList<>(List.of(1, 2, 3, 4, 5));
    Collections.shuffle(nights, random);
    for (int i = 0; i < count; i++) {
      long t = rule.nightly() ? nightly(k, nights.get(i % nights.size())) : busyHours(from, to);
      if (t < stop) {
        step(t, () -> noisy(rule, false));
      }
    }
  }

  /** A weeknight firing: {@code day} days after the week's Monday, in the UTC window of nightly jobs. */
  private long nightly(int k, int day) {
    LocalDate date = handoffs[k].toLocalDate().plusDays(day);
    return date.atTime(Story.NIGHTLY_FROM_UTC).toInstant(ZoneOffset.UTC).toEpochMilli() + minutes(0, Story.NIGHTLY_WINDOW_MINUTES);
  }

  /** Real incidents expected by the start of week {@code k}: the weekly rate falls linearly, and is zero in the quiet tail. */
  private double realCumulative(int k) {
    int loud = weeks - QUIET_WEEKS_AT_END;
    double sum = 0;
    for (int w = 0; w < Math.min(k, loud); w++) {
      sum += Story.REAL_PER_WEEK_AT_START + (Story.REAL_PER_WEEK_BEFORE_QUIET - Story.REAL_PER_WEEK_AT_START) * w / (loud - 1);
    }
    return sum;
  }

  private void planCover(Story.Cover c, int k) {
    long holder = holderOf(k);
    long cover = otherThan(id(c.cover()), holder);
    long start = at(k, c.fromDay());
    long stop = at(k, c.fromDay() + c.days());
    boolean replace = c.kind() == dev.hush.oncall.Override.Kind.REPLACE;
    String note = String.format(Locale.ROOT, c.note(), name(holder), name(cover));
    step(start - 10 * DAY, () -> hush.oncall().addOverride(scheduleId, start, stop, c.kind(), cover, replace ? holder : null, note, id(DANA)));
  }

  private void planSwap(int k) {
    long holder = holderOf(k);
    long counterpart = otherThan(id(Story.SWAP.counterpart()), holder);
    long start = at(k, Story.SWAP.fromDay());
    long stop = at(k, Story.SWAP.fromDay() + Story.SWAP.days());
    step(start - 9 * DAY, () -> {
      long swap = hush.oncall().requestSwap(scheduleId, holder, counterpart, start, stop).id();
      step(clock.millis() + 20 * HOUR, () -> hush.oncall().decideSwap(swap, counterpart, true));
    });
  }

  // ---- what happens at a moment -------------------------------------------------------------------

  /** A noisy rule fires; it clears by itself within minutes, often before anyone acknowledged it. */
  private void noisy(NoisyRule rule, boolean recurrence) {
    AlertIngest.EventResult fired = trigger(rule.alert());
    if (!fired.opened()) {
      return;
    }
    long incident = fired.incidentId();
    Responder r = page();
    long clears = clock.millis() + minutes(3, 20);
    long ackAt = clock.millis() + ackDelay(r.band());
    if (ackAt < clears) {
      step(ackAt, () -> hush.incidents().acknowledge(incident, r.userId()));
    }
    escalation(clock.millis(), Math.min(ackAt, clears));
    step(clears, () -> resolveBySender(rule.alert()));
    if (recurrence) {
      step(logTime(clears, r), () -> log(incident, r.userId(), "tuned alert", Story.RECURRED_NOTE, "actionable"));
    } else if (random.nextDouble() >= Story.NOISY_LOG_MISSING) {
      double v = random.nextDouble();
      String verdict = v < 0.6 ? "noisy" : v < 0.85 ? "false positive" : v < 0.95 ? "actionable" : "poor details";
      double a = random.nextDouble();
      String action = a < 0.75 ? "no action" : a < 0.85 ? "tuned alert" : "other";
      String note = pick(rule.notes());
      step(logTime(clears, r), () -> log(incident, r.userId(), action, note, verdict));
    }
  }

  /** A real incident: the on-call person acknowledges, works on it for a while, resolves it and writes what they did. */
  private void real(RealKind kind) {
    AlertIngest.EventResult fired = trigger(kind.alert());
    if (!fired.opened()) {
      return;
    }
    long incident = fired.incidentId();
    Responder r = page();
    long ackAt = clock.millis() + ackDelay(r.band());
    long resolveAt = ackAt + minutes(15, 80);
    escalation(clock.millis(), ackAt);
    step(ackAt, () -> hush.incidents().acknowledge(incident, r.userId()));
    step(resolveAt, () -> hush.incidents().resolve(incident, r.userId()));
    handled.get(weekOf(clock.millis())).add(new Handled(incident, kind, r.userId()));
    if (random.nextDouble() >= Story.REAL_LOG_MISSING) {
      String verdict = random.nextDouble() < 0.85 ? "actionable" : "poor details";
      String note = pick(kind.notes());
      step(logTime(resolveAt, r), () -> log(incident, r.userId(), kind.action(), note, verdict));
    }
  }

  private AlertIngest.EventResult trigger(Alert alert) {
    ObjectNode body = event(alert, "trigger");
    ObjectNode payload = body.putObject("payload");
    payload.put("summary", alert.summary());
    payload.put("source", alert.service() + "-" + (1 + random.nextInt(3)));
    payload.put("severity", alert.severity());
    payload.putObject("custom_details").put("alertname", alert.rule());
    AlertIngest.EventResult fired = hush.ingest().pagerDuty(routes.get(alert.service()), body).events().get(0);
    if (fired.opened()) {
      lastIncidentOf.put(alert.dedupKey(), fired.incidentId());
    }
    return fired;
  }

  private void resolveBySender(Alert alert) {
    hush.ingest().pagerDuty(routes.get(alert.service()), event(alert, "resolve"));
  }

  private ObjectNode event(Alert alert, String action) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("routing_key", keys.get(alert.service()));
    body.put("event_action", action);
    body.put("dedup_key", alert.dedupKey());
    return body;
  }

  /** Who the first step paged (the schedule's person now, the manager if nobody), counted as a page. */
  private Responder page() {
    List<Long> onCall = hush.oncall().onCallAt(scheduleId, clock.instant());
    long user = onCall.isEmpty() ? id(DANA) : onCall.get(0);
    ZoneId zone = ZoneId.of(PEOPLE.stream().filter(p -> id(p) == user).findFirst().orElse(DANA).zone());
    HourBands.Band band = bands.band(clock.instant(), zone);
    incidents++;
    pagesPerWeek[weekOf(clock.millis())]++;
    if (band == HourBands.Band.SLEEP) {
      nightPages++;
    }
    return new Responder(user, zone, band);
  }

  /** Minutes to acknowledge: quick at the desk, slower in the evening, slowest from sleep (past ten, the manager is paged too). */
  private long ackDelay(HourBands.Band band) {
    return switch (band) {
      case BUSINESS -> minutes(1, 5);
      case OFF -> minutes(2, 9);
      case SLEEP -> minutes(5, 18);
    };
  }

  /** The log is written soon after, or the next morning when the page came at night. */
  private long logTime(long after, Responder r) {
    if (bands.band(Instant.ofEpochMilli(after), r.zone()) != HourBands.Band.SLEEP) {
      return after + minutes(2, 40);
    }
    ZonedDateTime local = Instant.ofEpochMilli(after).atZone(r.zone());
    LocalDate day = local.toLocalTime().isBefore(LocalTime.NOON) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
    return day.atTime(8, 15).atZone(r.zone()).toInstant().toEpochMilli() + minutes(0, 60);
  }

  private void log(long incident, long user, String action, String note, String verdict) {
    hush.incidents().writeLog(incident, user, action, note, verdict);
    logEntries++;
  }

  /** A deploy, as CI reports it through the change-event ingest. */
  private void deploy(String service, String summary) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("routing_key", keys.get(service));
    ObjectNode payload = body.putObject("payload");
    payload.put("summary", summary);
    payload.put("source", "ci");
    payload.put("timestamp", clock.instant().toString());
    hush.ingest().pagerDutyChange(routes.get(service), body, clock.millis());
    deploys++;
  }

  private String release(String service) {
    return "Deploy " + service + " " + handoffs[0].getYear() + "." + (deploys + 1);
  }

  // ---- the services' metrics ----------------------------------------------------------------------

  /** The deploys that the latest week's planted metric anomalies follow, so that the review lines them up. */
  private void planMetricChanges() {
    long weekStart = at(weeks - 1, 0);
    for (DemoMetrics.Planted p : DemoMetrics.PLANTED) {
      if (p.deploy() != null) {
        step(p.from(weekStart) - 5 * MINUTE, () -> deploy(p.service(), p.deploy()));
      }
    }
  }

  /** Every service's metrics over the review's baseline weeks and the latest week, imported as Dana. */
  private void importMetrics() {
    long weekStart = at(weeks - 1, 0);
    Map<String, Long> services = new LinkedHashMap<>();
    Story.SERVICES.forEach(name -> services.put(name, routes.get(name).service().id()));
    DemoMetrics.importAll(hush.anomalies().metrics(), services, weekStart, at(weeks, 0),
        Story.HANDOFF_ZONE.getRules().getOffset(Instant.ofEpochMilli(weekStart)), seed, id(DANA));
  }

  // ---- the weekly review ------------------------------------------------------------------------

  /**
   * The weekly review of a week, held after the hand-off that ends it, through the review feature:
   * Hush prepares it (last week's on-call facilitates), the meeting walks its sections with notes,
   * files the week's action items inline, records a finding or a launch now and then, and closes it
   * (the facilitator acknowledging any overdue P1 first), which saves the minutes. The last week's
   * review is left open, for whoever opens the demo to run it.
   */
  private void weeklyReview(ReviewWeek week) {
    int k = week.index();
    Review review = hush.reviews().prepare(teamId, id(DANA));
    long reviewId = review.id();
    long chair = review.facilitatorId() != null ? review.facilitatorId() : id(DANA);
    currentReview = reviewId;
    long start = clock.millis();
    hush.reviews().enter(reviewId, Section.INCIDENTS, chair);
    List<Long> here = new ArrayList<>(List.of(chair, id(DANA)));
    PEOPLE.stream().map(this::id).filter(p -> !here.contains(p)).skip(random.nextInt(PEOPLE.size() - 1)).findFirst().ifPresent(here::add);
    hush.reviews().attendance(reviewId, here, chair);
    hush.reviews().saveNotes(reviewId, Section.INCIDENTS, incidentNotes(k, week), chair);
    for (NoisyRule rule : Story.NOISY_RULES) {
      if (storyWeek(rule.noticedWeek()) == k) {
        fileNoiseFix(rule, chair);
      }
      if (storyWeek(rule.fixedWeek()) == k && fixItems.containsKey(rule)) {
        hush.actions().update(fixItems.get(rule), ActionPatch.status(ActionStatus.DONE, null), chair);
      }
    }
    boolean slipping = k >= storyWeek(Story.OVERDUE_FROM_WEEK) && k < weeks - storyWeeks(Story.STILL_OPEN_LAST_WEEKS);
    for (Handled h : week.incidents()) {
      if (++realIncidents % Story.FOLLOW_UP_EVERY == 0 || slipping && overdueLeft > 0) {
        fileFollowUp(h, k, chair);
      }
    }
    step(start + 11 * MINUTE, () -> dashboards(reviewId, k, chair));
    step(start + 22 * MINUTE, () -> newWork(reviewId, k, chair));
    step(start + 31 * MINUTE, () -> {
      hush.reviews().enter(reviewId, Section.ACTION_ITEMS, chair);
      for (Story.ReviewNote n : Story.REVIEW_NOTES) {
        if (weeks - 1 - n.weeksBeforeEnd() == k) {
          long item = hush.reviews().createItem(reviewId, new NewActionItem(n.title(), id(n.owner()), id(n.mentor()), n.priority(),
              today().plusDays(n.dueInDays()), OriginKind.REVIEW, reviewId, List.of()), null, chair).id();
          actionItems++;
          if (n.started()) {
            step(clock.millis() + minutes(24 * 60, 3 * 24 * 60), () -> setStatus(item, ActionStatus.IN_PROGRESS, null, id(n.owner())));
          }
        }
      }
    });
    if (k < weeks - 1) {
      step(start + 36 * MINUTE, () -> closeReview(reviewId, chair));
    }
  }

  /** What the facilitator notes about the week's incidents. */
  private String incidentNotes(int k, ReviewWeek week) {
    long noisy = Story.NOISY_RULES.stream().filter(r -> storyWeek(r.startWeek()) <= k && k <= storyWeek(r.fixedWeek())).count();
    StringBuilder notes = new StringBuilder();
    notes.append(week.incidents().isEmpty() ? "No real incidents this week." : week.incidents().size() + " real incident(s), each logged by who handled it.");
    if (noisy > 0) {
      notes.append("\n\n- ").append(noisy).append(" noisy rule(s) still paging; see *Fires all the time*.");
    }
    return notes.toString();
  }

  private void dashboards(long reviewId, int k, long chair) {
    hush.reviews().enter(reviewId, Section.DASHBOARDS, chair);
    for (Story.Finding f : Story.FINDINGS) {
      if (storyWeek(f.week()) == k) {
        Long item = hush.reviews().addFinding(reviewId, routes.get(f.service()).service().id(), f.kind(), f.text(), id(f.owner()), chair)
            .actionItemId();
        if (item != null) {
          // Observability debt is tracked like any item: with a mentor, and done a couple of weeks later.
          actionItems++;
          hush.actions().update(item, new ActionPatch(null, null, Optional.of(id(f.mentor())), null, null, null, null, null), chair);
          step(clock.millis() + Story.LOG_THAT_DONE_IN_DAYS * DAY, () -> setStatus(item, ActionStatus.DONE, null, id(f.owner())));
        }
      }
    }
  }

  private void newWork(long reviewId, int k, long chair) {
    hush.reviews().enter(reviewId, Section.NEW_WORK, chair);
    for (Story.Launch l : Story.LAUNCHES) {
      if (storyWeek(l.week()) == k) {
        hush.reviews().addLaunch(reviewId, l.title(), routes.get(l.service()).service().id(), today().plusDays(l.inDays()), l.checks(), chair);
      }
    }
  }

  /** Closes the review; overdue P1 items are acknowledged by the facilitator first, as the review asks. */
  private void closeReview(long reviewId, long chair) {
    if (!hush.actions().overdueP1(teamId).isEmpty()) {
      hush.reviews().acknowledgeOverdue(reviewId, Story.OVERDUE_ACK_NOTE, chair);
    }
    hush.reviews().close(reviewId, chair);
  }

  /** The team notices a noisy rule and files its fix, linked to the rule's latest incident (so to its fingerprint). */
  private void fileNoiseFix(NoisyRule rule, long facilitator) {
    Long incident = lastIncidentOf.get(rule.alert().dedupKey());
    if (incident == null) {
      return;
    }
    long item = hush.reviews().createItem(currentReview, new NewActionItem(rule.fix(), id(rule.owner()), id(rule.mentor()),
        Priority.P2, today().plusDays(21), OriginKind.INCIDENT, incident, List.of()), incident, facilitator).id();
    fixItems.put(rule, item);
    actionItems++;
    step(clock.millis() + minutes(2 * 24 * 60, 6 * 24 * 60), () -> setStatus(item, ActionStatus.IN_PROGRESS, null, id(rule.owner())));
  }

  /**
   * A follow-up of a real incident: owned by whoever handled it, mentored by the service's expert
   * (or someone else when that is the owner), so knowledge spreads. Most get done before their due
   * day; one is declined with a reason, two slip past it, and the latest are still open.
   */
  private void fileFollowUp(Handled h, int k, long facilitator) {
    RealKind kind = h.kind();
    int filed = followUpsFiled.getOrDefault(kind, 0);
    if (filed == kind.followUps().size()) {
      // Every follow-up of this kind is filed already: the review finds nothing new to do.
      return;
    }
    followUpsFiled.put(kind, filed + 1);
    Priority priority = switch (kind.alert().severity()) {
      case "critical" -> Priority.P1;
      case "error" -> Priority.P2;
      default -> Priority.P3;
    };
    int dueDays = switch (priority) {
      case P1 -> 10;
      case P2 -> 21;
      case P3 -> 35;
    };
    boolean stillOpen = k >= weeks - storyWeeks(Story.STILL_OPEN_LAST_WEEKS);
    boolean wontDo = !stillOpen && !wontDoFiled && k >= storyWeek(Story.WONT_DO_FROM_WEEK);
    boolean overdue = !stillOpen && !wontDo && overdueLeft > 0 && k >= storyWeek(Story.OVERDUE_FROM_WEEK);
    LocalDate due = today().plusDays(dueDays);
    if (stillOpen) {
      LocalDate afterEnd = LocalDate.ofInstant(Instant.ofEpochMilli(end), ZoneOffset.UTC).plusDays(3 + random.nextInt(18));
      due = due.isAfter(afterEnd) ? due : afterEnd;
    }
    long owner = h.handlerId();
    long mentor = otherThan(id(kind.expert()), owner);
    long item = hush.reviews().createItem(currentReview, new NewActionItem(kind.followUps().get(filed), owner, mentor,
        priority, due, OriginKind.INCIDENT, h.incidentId(), List.of()), h.incidentId(), facilitator).id();
    actionItems++;
    long now = clock.millis();
    if (wontDo) {
      wontDoFiled = true;
      step(now + 7 * DAY, () -> setStatus(item, ActionStatus.WONT_DO, Story.WONT_DO_REASON, facilitator));
    } else if (overdue) {
      // It slips past its due day: the first stays open, the last is started and stalls.
      if (--overdueLeft == 0) {
        step(now + minutes(24 * 60, 3 * 24 * 60), () -> setStatus(item, ActionStatus.IN_PROGRESS, null, owner));
      }
    } else if (stillOpen) {
      if (random.nextBoolean()) {
        step(now + minutes(24 * 60, 3 * 24 * 60), () -> setStatus(item, ActionStatus.IN_PROGRESS, null, owner));
      }
    } else {
      long started = now + minutes(12 * 60, 3 * 24 * 60);
      step(started, () -> setStatus(item, ActionStatus.IN_PROGRESS, null, owner));
      step(started + minutes(24 * 60, (dueDays - 4) * 24 * 60), () -> setStatus(item, ActionStatus.DONE, null, owner));
    }
  }

  private void setStatus(long item, ActionStatus status, String reason, long actor) {
    hush.actions().update(item, ActionPatch.status(status, reason), actor);
  }

  /** A page leaves after its commit, on a sender thread: it goes out before the clock moves on, at its own time. */
  private void awaitPages() {
    try {
      hush.notifications().awaitSends(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pages were going out", e);
    }
  }

  // ---- running the steps ------------------------------------------------------------------------

  private void run() {
    while (!steps.isEmpty()) {
      Step s = steps.poll();
      clock.set(s.at());
      s.action().run();
      awaitPages();
    }
    clock.set(end);
    hush.runDueJobs();
    // The year's reminders, digests and minutes went out back then; the server does not send them a year late.
    hush.reviews().forgetQueuedMail();
  }

  /**
   * The escalation's next step is a timer due {@link Story#ESCALATE_TO_MANAGER_MINUTES} after the
   * page. When the acknowledgement comes later, the timer runs at its time and pages the manager;
   * the other timers find their incident handled and do nothing, so they run together at the
   * week's hand-off instead, in a few shared commits rather than one each.
   */
  private void escalation(long pagedAt, long ackAt) {
    long due = pagedAt + Story.ESCALATE_TO_MANAGER_MINUTES * MINUTE;
    if (ackAt > due) {
      step(due, hush::runDueJobs);
    }
  }

  /** Plans {@code action} at {@code t}; what would happen after the end of the year does not happen. */
  private void step(long t, Runnable action) {
    if (t <= end) {
      steps.add(new Step(t, seq++, action));
    }
  }

  // ---- small helpers --------------------------------------------------------------------------------

  /** The instant {@code days} days after week {@code k}'s hand-off, in the hand-off's zone (so across DST too). */
  private long at(int k, int days) {
    return handoffs[k].plusDays(days).toInstant().toEpochMilli();
  }

  private int weekOf(long t) {
    int i = Arrays.binarySearch(handoffs, Instant.ofEpochMilli(t).atZone(Story.HANDOFF_ZONE), Comparator.comparing(ZonedDateTime::toInstant));
    return i >= 0 ? i : -i - 2;
  }

  /** Where week {@code yearWeek} of the story falls in a year of {@link #weeks} weeks; the quiet tail keeps its length. */
  private int storyWeek(int yearWeek) {
    return (int) Math.round(yearWeek * (double) (weeks - QUIET_WEEKS_AT_END) / (YEAR_WEEKS - QUIET_WEEKS_AT_END));
  }

  private int storyWeeks(int count) {
    return Math.max(1, storyWeek(count));
  }

  /** Who holds week {@code k} in the rotation, before any override. */
  private long holderOf(int k) {
    return id(rotationOrder.get(Math.floorMod(k, rotationOrder.size())));
  }

  /** {@code wanted}, or the next person in the rotation when that is {@code not}. */
  private long otherThan(long wanted, long not) {
    if (wanted != not) {
      return wanted;
    }
    int i = rotationOrder.stream().map(this::id).toList().indexOf(not);
    return id(rotationOrder.get((i + 1) % rotationOrder.size()));
  }

  private long id(Person p) {
    return ids.get(p.key());
  }

  private String name(long userId) {
    return PEOPLE.stream().filter(p -> id(p) == userId).findFirst().map(p -> p.name().split(" ")[0]).orElse("user " + userId);
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** Alerts follow traffic: an instant in [from, to), drawn again (once, mostly) when it falls in the hand-off zone's night. */
  private long busyHours(long from, long to) {
    long t = between(from, to);
    int hour = Instant.ofEpochMilli(t).atZone(Story.HANDOFF_ZONE).getHour();
    boolean night = hour >= 22 || hour < 7;
    return night && random.nextDouble() < 0.7 ? between(from, to) : t;
  }

  private long between(long from, long to) {
    return from + random.nextLong(to - from);
  }

  private long minutes(int from, int to) {
    return from * MINUTE + random.nextLong((to - from) * MINUTE);
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
