package dev.hush.review;

import static dev.hush.people.AuditLog.state;

import dev.hush.actions.ActionItem;
import dev.hush.actions.ActionService;
import dev.hush.actions.NewActionItem;
import dev.hush.actions.OriginKind;
import dev.hush.actions.Priority;
import dev.hush.alerts.AlertIngest;
import dev.hush.core.Problem;
import dev.hush.incidents.IncidentService;
import dev.hush.incidents.IncidentService.HandledIncident;
import dev.hush.insights.HourBands;
import dev.hush.insights.InsightsService;
import dev.hush.insights.NoiseRanking;
import dev.hush.insights.ServiceHours;
import dev.hush.insights.Suggestion;
import dev.hush.jobs.JobQueue;
import dev.hush.jobs.JobSpec;
import dev.hush.oncall.OnCallService;
import dev.hush.people.PeopleService;
import dev.hush.people.Team;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import dev.hush.services.Service;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The weekly review: one per team and week, prepared on its own when the week's on-call turn ends,
 * facilitated by whoever was on call, with a generated agenda, timeboxed sections, findings,
 * launches, action items made in one step, and minutes saved at the close. A review cannot close
 * over overdue P1 items unless its facilitator acknowledges them.
 */
public final class ReviewService {
  static final String REMIND_JOB = "review.remind";
  static final String MINUTES_JOB = "review.minutes";
  static final String DIGEST_JOB = "review.digest";
  /** A week with more incidents than this is shown in part; the counts still cover all of it. */
  static final int MAX_INCIDENTS = 2_000;
  static final int MAX_NOTES = 20_000;
  static final int MAX_FINDING = 1_000;
  private static final int MAX_LISTED = 200;
  private static final long HOUR = 3_600_000L;

  private final Database db;
  private final ReviewWeeks weeks;
  private final IncidentService incidents;
  private final ActionService actions;
  private final AlertIngest ingest;
  private final ServiceCatalog services;
  private final PeopleService people;
  private final JobQueue jobs;
  private final InsightsService insights;
  private final HourBands bands;
  private final Clock clock;
  private volatile DashboardSource dashboardSource = DashboardSource.NONE;

  public ReviewService(Database db, OnCallService oncall, IncidentService incidents, ActionService actions, AlertIngest ingest,
      ServiceCatalog services, PeopleService people, JobQueue jobs, InsightsService insights, HourBands bands, Clock clock) {
    this.db = db;
    this.weeks = new ReviewWeeks(oncall);
    this.incidents = incidents;
    this.actions = actions;
    this.ingest = ingest;
    this.services = services;
    this.people = people;
    this.jobs = jobs;
    this.insights = insights;
    this.bands = bands;
    this.clock = clock;
  }

  /** Where the dashboards section's metric boards come from (set once at start-up). */
  public void dashboardSource(DashboardSource source) {
    this.dashboardSource = source;
  }

  // ---- preparing ---------------------------------------------------------------------------------

  /**
   * The team's review of the last week that has ended, prepared now if it was not yet: the
   * facilitator is last week's on-call, the facilitator and the managers are expected, pending
   * items are carried into it, and the reminder and the owners' digest are queued.
   */
  public Review prepare(long teamId, Long actorId) {
    return require(prepareWeek(teamId, actorId).id());
  }

  /** A review's id and whether this call created it. */
  private record Prepared(long id, boolean created) {}

  private Prepared prepareWeek(long teamId, Long actorId) {
    ReviewWeeks.Week week = ReviewWeeks.lastEnded(weeks.anchor(teamId), clock.millis());
    Long facilitator = weeks.facilitator(teamId, week).orElse(null);
    ReviewSettings settings = settings(teamId);
    long meetingAt = ReviewWeeks.meetingAt(week, Duration.ofMinutes(settings.meetingDelayMinutes()));
    List<Long> expected = new ArrayList<>();
    if (facilitator != null) {
      expected.add(facilitator);
    }
    team(teamId).members().stream().filter(m -> m.role() == TeamRole.MANAGER).map(Team.Member::userId)
        .filter(id -> !expected.contains(id)).forEach(expected::add);
    return db.inTransaction(h -> {
      long now = clock.millis();
      Optional<Long> created = ReviewStore.insert(h, teamId, week.start(), week.end(), meetingAt, facilitator, now);
      if (created.isEmpty()) {
        return new Prepared(ReviewStore.byWeek(h, teamId, week.start()).orElseThrow().id(), false);
      }
      long reviewId = created.get();
      ReviewStore.insertSections(h, reviewId, settings);
      ReviewStore.insertExpected(h, reviewId, expected);
      ReviewStore.carryPending(h, reviewId, teamId);
      actions.carryOver(h, teamId);
      long remindAt = meetingAt - Duration.ofMinutes(settings.reminderMinutes()).toMillis();
      // A review prepared after its meeting time (a new install, a long outage) gets no reminder.
      if (meetingAt > now) {
        jobs.enqueue(h, JobSpec.of(REMIND_JOB, String.valueOf(reviewId), REMIND_JOB + ":" + reviewId, Math.max(now, remindAt)));
      }
      jobs.enqueue(h, JobSpec.of(DIGEST_JOB, String.valueOf(reviewId), DIGEST_JOB + ":" + reviewId, now));
      people.audit(h, actorId, "review.prepare", "review:" + reviewId, teamId, null,
          state("week_start", week.start(), "facilitator_id", facilitator, "meeting_at", meetingAt));
      return new Prepared(reviewId, true);
    });
  }

  /** Prepares the review of every team that has schedules or services, for the week that just ended. */
  public int prepareDue() {
    Set<Long> active = new HashSet<>();
    services.all().forEach(s -> {
      if (s.teamId() != null) {
        active.add(s.teamId());
      }
    });
    int prepared = 0;
    for (Team t : people.teams()) {
      if ((active.contains(t.id()) || weeks.hasSchedules(t.id())) && prepareWeek(t.id(), null).created()) {
        prepared++;
      }
    }
    return prepared;
  }

  /** The earliest instant a team's next week ends: when the next reviews are due to be prepared. */
  public long nextWeekEnd() {
    long now = clock.millis();
    return people.teams().stream().mapToLong(t -> ReviewWeeks.containing(weeks.anchor(t.id()), now).end()).min()
        .orElse(now + Duration.ofDays(7).toMillis());
  }

  // ---- reading -----------------------------------------------------------------------------------

  public Review require(long id) {
    return db.withHandle(h -> review(h, ReviewStore.byId(h, id).orElseThrow(() -> notFound(id))));
  }

  /** The team that owns the review, for the access check; empty when there is no such review. */
  public Optional<Long> teamOf(long id) {
    return db.withHandle(h -> ReviewStore.teamOf(h, id));
  }

  /** The team's reviews, newest first; {@code query} (optional) searches minutes, notes and findings. */
  public List<Review> list(long teamId, String query) {
    String q = query == null || query.isBlank() ? null : query.strip();
    if (q != null && q.length() > 200) {
      throw Problem.invalid("q", "q: at most 200 characters");
    }
    return db.withHandle(h -> reviews(h, ReviewStore.list(h, teamId, q, MAX_LISTED)));
  }

  /** A review an action item went through: created in it, or carried into it. */
  public record ItemReview(long reviewId, long weekStart, boolean carried) {}

  /** The reviews an action item was created in or carried into, newest first: the item's link back. */
  public List<ItemReview> reviewsOf(long actionItemId) {
    return db.withHandle(h -> ReviewStore.reviewsOfItem(h, actionItemId));
  }

  public ReviewSettings settings(long teamId) {
    return db.withHandle(h -> ReviewStore.settings(h, teamId)).orElse(ReviewSettings.defaults(teamId));
  }

  /** Saves the team's settings; reviews not yet started take the new timeboxes. */
  public ReviewSettings saveSettings(ReviewSettings s, Long actorId) {
    ReviewSettings before = settings(s.teamId());
    db.useTransaction(h -> {
      ReviewStore.saveSettings(h, s, clock.millis());
      ReviewStore.applyTimeboxes(h, s.teamId(), s);
      people.audit(h, actorId, "review.settings", "team:" + s.teamId(), s.teamId(), audited(before), audited(s));
    });
    return s;
  }

  /** The whole agenda of a review, generated from its week. */
  public Agenda agenda(long id) {
    Review review = require(id);
    List<Service> teamServices = services.all(team -> team == review.teamId());
    List<Long> serviceIds = teamServices.stream().map(Service::id).toList();
    Map<Long, String> serviceNames = teamServices.stream().collect(Collectors.toMap(Service::id, Service::name));
    List<HandledIncident> week = incidents.openedOn(serviceIds, review.weekStart(), review.weekEnd(), MAX_INCIDENTS + 1);
    Map<Long, String> names = people.users().stream().collect(Collectors.toMap(User::id, User::name));
    ZoneId zone = review.facilitatorId() == null ? ZoneOffset.UTC
        : people.user(review.facilitatorId()).map(u -> ZoneId.of(u.timeZone())).orElse(ZoneOffset.UTC);
    boolean truncated = week.size() > MAX_INCIDENTS;
    List<HandledIncident> shown = truncated ? week.subList(0, MAX_INCIDENTS) : week;
    return new Agenda(review, incidentsSection(review, shown, truncated, names, zone), dashboards(review, serviceNames, names),
        newWork(review, serviceIds, serviceNames), actionsSection(review, names));
  }

  private Agenda.Incidents incidentsSection(Review review, List<HandledIncident> week, boolean truncated, Map<Long, String> names, ZoneId zone) {
    Map<String, List<HandledIncident>> byRule = new LinkedHashMap<>();
    for (HandledIncident x : week) {
      byRule.computeIfAbsent(x.incident().serviceId() + "\n" + x.incident().fingerprint(), k -> new ArrayList<>()).add(x);
    }
    List<Agenda.IncidentGroup> groups = new ArrayList<>();
    for (List<HandledIncident> group : byRule.values()) {
      List<Agenda.IncidentLine> lines = group.stream().map(x -> line(x, names, zone)).toList();
      HandledIncident latest = group.getLast();
      groups.add(new Agenda.IncidentGroup(latest.incident().serviceId(), latest.serviceName(), latest.incident().fingerprint(),
          latest.incident().title(), group.size(), group.stream().mapToInt(x -> x.incident().triggerCount()).sum(),
          (int) lines.stream().filter(Agenda.IncidentLine::sleepHours).count(), (int) lines.stream().filter(l -> l.log() == null).count(),
          lines));
    }
    // Repeat offenders first: the rules that opened the most incidents, then the most triggers.
    groups.sort(Comparator.comparingInt(Agenda.IncidentGroup::count).thenComparingInt(Agenda.IncidentGroup::triggers).reversed());
    Double mtta = meanMinutes(week, x -> x.incident().ackedAt() == null ? null : x.incident().ackedAt() - x.incident().openedAt());
    Double mttr = meanMinutes(week, x -> x.incident().resolvedAt() == null ? null : x.incident().resolvedAt() - x.incident().openedAt());
    int sleep = groups.stream().mapToInt(Agenda.IncidentGroup::sleepHourPages).sum();
    int unlogged = groups.stream().mapToInt(Agenda.IncidentGroup::unlogged).sum();
    // The rules that fire all the time: the week's noise ranking, less the rules it would keep as they are.
    List<NoiseRanking.Rule> noisy = insights.noise(review.teamId(), review.weekStart(), review.weekEnd()).rules().stream()
        .filter(r -> r.suggestion() != Suggestion.KEEP).toList();
    return new Agenda.Incidents(week.size(), sleep, mtta, mttr, unlogged, truncated, groups, noisy);
  }

  private Agenda.IncidentLine line(HandledIncident x, Map<Long, String> names, ZoneId zone) {
    var i = x.incident();
    var log = x.log();
    return new Agenda.IncidentLine(i.id(), i.title(), i.status().dbValue(), i.openedAt(), i.ackedAt(), i.resolvedAt(),
        i.ackedBy() == null ? null : names.getOrDefault(i.ackedBy(), "someone"),
        bands.band(Instant.ofEpochMilli(i.openedAt()), zone) == HourBands.Band.SLEEP,
        log == null ? null : new Agenda.Log(names.getOrDefault(log.authorUserId(), "someone"), log.action(), log.note(), log.verdict().label()));
  }

  private static Double meanMinutes(List<HandledIncident> week, Function<HandledIncident, Long> millis) {
    long sum = 0;
    int n = 0;
    for (HandledIncident x : week) {
      Long m = millis.apply(x);
      if (m != null) {
        sum += m;
        n++;
      }
    }
    return n == 0 ? null : sum / 60_000.0 / n;
  }

  private Agenda.Dashboards dashboards(Review review, Map<Long, String> serviceNames, Map<Long, String> names) {
    List<Agenda.ServiceWeek> weeks = new ArrayList<>();
    for (ServiceHours s : insights.hourly(review.teamId(), review.weekStart(), review.weekEnd())) {
      long[] hourStarts = new long[s.incidents().length];
      for (int i = 0; i < hourStarts.length; i++) {
        hourStarts[i] = (review.weekStart() + i * HOUR) / 1000;
      }
      weeks.add(new Agenda.ServiceWeek(s.serviceId(), s.service(), hourStarts, s.alertEvents(), s.pages(), s.incidents(), sum(s.alertEvents()),
          sum(s.pages()), sum(s.incidents())));
    }
    List<Agenda.Finding> findings = db.withHandle(h -> ReviewStore.findings(h, review.id())).stream()
        .map(f -> finding(f, serviceNames, names)).toList();
    return new Agenda.Dashboards(weeks, findings, dashboardSource.boards(review));
  }

  private static long sum(long[] v) {
    long s = 0;
    for (long x : v) {
      s += x;
    }
    return s;
  }

  private Agenda.NewWork newWork(Review review, List<Long> serviceIds, Map<Long, String> serviceNames) {
    List<Agenda.Change> changes = ingest.changes(serviceIds, review.weekStart(), review.weekEnd(), MAX_LISTED).stream()
        .map(c -> new Agenda.Change(c.id(), serviceNames.get(c.serviceId()), c.summary(), c.source(), c.happenedAt())).toList();
    String today = actions.today().toString();
    List<Agenda.Launch> launches = db.withHandle(h -> ReviewStore.launches(h, review.teamId(), review.id(), today, LaunchChecklist.ITEMS.size()))
        .stream().map(l -> launch(l, review.id(), serviceNames)).toList();
    return new Agenda.NewWork(changes, launches);
  }

  private static Agenda.Finding finding(ReviewStore.FindingRow f, Map<Long, String> serviceNames, Map<Long, String> names) {
    return new Agenda.Finding(f.id(), f.serviceId(), f.serviceId() == null ? null : serviceNames.get(f.serviceId()), f.kind(), f.text(),
        f.actionItemId(), f.createdBy() == null ? null : names.get(f.createdBy()), f.createdAt());
  }

  private static Agenda.Launch launch(ReviewStore.LaunchRow l, long reviewId, Map<Long, String> serviceNames) {
    return new Agenda.Launch(l.id(), l.title(), l.serviceId() == null ? null : serviceNames.get(l.serviceId()), l.launchDate(),
        LaunchChecklist.ITEMS.entrySet().stream().map(e -> new Agenda.Check(e.getKey(), e.getValue(), l.checks().contains(e.getKey()))).toList(),
        l.reviewId() == reviewId);
  }

  private Map<Long, String> serviceNames(long teamId) {
    return services.all(team -> team == teamId).stream().collect(Collectors.toMap(Service::id, Service::name));
  }

  private Agenda.Actions actionsSection(Review review, Map<Long, String> names) {
    Map<Long, Boolean> links = db.withHandle(h -> ReviewStore.itemLinks(h, review.id()));
    List<ActionItem> items = actions.byIds(links.keySet());
    List<ActionItem> carried = items.stream().filter(i -> links.get(i.id()))
        .sorted(Comparator.comparing((ActionItem i) -> !i.status().pending()).thenComparing(Comparator.comparingLong(ActionItem::slipWeeks).reversed())
            .thenComparing(ActionItem::priority))
        .toList();
    List<ActionItem> created = items.stream().filter(i -> !links.get(i.id())).sorted(Comparator.comparingLong(ActionItem::id)).toList();
    return new Agenda.Actions(carried, created, actions.overdueP1(review.teamId()), names);
  }

  // ---- the meeting -------------------------------------------------------------------------------

  /** Moves the meeting to a section: the first move starts the meeting; the section's countdown runs from its first visit. */
  public Review enter(long id, Section section, long actorId) {
    db.useTransaction(h -> {
      ReviewStore.Row r = open(h, id);
      long now = clock.millis();
      if (r.status() == ReviewStatus.SCHEDULED) {
        ReviewStore.start(h, id, now);
        people.audit(h, actorId, "review.start", "review:" + id, r.teamId(), null, state("section", section.slug()));
      }
      ReviewStore.enterSection(h, id, section, now);
    });
    return require(id);
  }

  public Review saveNotes(long id, Section section, String notes, long actorId) {
    String text = notes == null ? "" : notes;
    if (text.length() > MAX_NOTES) {
      throw Problem.invalid("notes", "notes: at most " + MAX_NOTES + " characters");
    }
    db.useTransaction(h -> {
      open(h, id);
      ReviewStore.setNotes(h, id, section, text);
    });
    return require(id);
  }

  /** Records who attended; only members of the team can be marked. */
  public Review attendance(long id, List<Long> attended, long actorId) {
    Review r = require(id);
    Set<Long> members = people.memberIds(r.teamId());
    for (long user : attended) {
      if (!members.contains(user)) {
        throw Problem.invalid("attended", "user " + user + " is not a member of the team");
      }
    }
    db.useTransaction(h -> {
      open(h, id);
      ReviewStore.setAttendance(h, id, List.copyOf(new java.util.LinkedHashSet<>(attended)));
      people.audit(h, actorId, "review.attendance", "review:" + id, r.teamId(), null, state("attended", attended));
    });
    return require(id);
  }

  /**
   * Records a finding on the week. "We should really log that" becomes observability debt at once:
   * an action item (P2, owned by {@code ownerId}, else the facilitator, else whoever recorded it)
   * that is carried over like any other until it is done.
   */
  public Agenda.Finding addFinding(long id, Long serviceId, FindingKind kind, String text, Long ownerId, long actorId) {
    Review r = require(id);
    String t = text == null ? "" : text.strip();
    if (t.isEmpty() || t.length() > MAX_FINDING) {
      throw Problem.invalid("text", "text: 1-" + MAX_FINDING + " characters");
    }
    if (serviceId != null && services.teamOf(serviceId).filter(team -> team == r.teamId()).isEmpty()) {
      throw Problem.invalid("service_id", "no service " + serviceId + " in this team");
    }
    long findingId = db.inTransaction(h -> {
      open(h, id);
      long fid = ReviewStore.insertFinding(h, id, serviceId, kind, t, actorId, clock.millis());
      people.audit(h, actorId, "review.finding", "review:" + id, r.teamId(), null, state("kind", kind.dbValue(), "text", t));
      return fid;
    });
    if (kind == FindingKind.LOG_THAT) {
      long owner = ownerId != null ? ownerId : r.facilitatorId() != null ? r.facilitatorId() : actorId;
      String title = "Log: " + t;
      createItem(id, new NewActionItem(title.length() > 200 ? title.substring(0, 200) : title, owner, null, Priority.P2, null,
          OriginKind.FINDING, findingId, List.of()), null, actorId);
    }
    Map<Long, String> names = people.users().stream().collect(Collectors.toMap(User::id, User::name));
    return finding(db.withHandle(h -> ReviewStore.finding(h, id, findingId)).orElseThrow(), serviceNames(r.teamId()), names);
  }

  /**
   * Creates an action item in the review, in one step: from an incident of the team (its
   * fingerprint linked), from a finding (linked both ways), or from the review itself.
   */
  public ActionItem createItem(long id, NewActionItem n, Long incidentId, long actorId) {
    Review r = require(id);
    if (r.status() == ReviewStatus.CLOSED) {
      throw closed(id);
    }
    ActionItem item;
    if (incidentId != null) {
      item = actions.createFromIncident(r.teamId(), incidentId, n, actorId);
    } else if (n.originKind() == OriginKind.FINDING) {
      db.withHandle(h -> ReviewStore.finding(h, id, n.originId()))
          .orElseThrow(() -> Problem.invalid("finding_id", "no finding " + n.originId() + " in this review"));
      item = actions.create(r.teamId(), n, actorId);
    } else {
      item = actions.create(r.teamId(), new NewActionItem(n.title(), n.ownerId(), n.mentorId(), n.priority(), n.due(), OriginKind.REVIEW, id,
          n.fingerprints()), actorId);
    }
    db.useTransaction(h -> {
      ReviewStore.linkCreated(h, id, item.id());
      if (item.originKind() == OriginKind.FINDING) {
        ReviewStore.linkFinding(h, item.originId(), item.id());
      }
    });
    return item;
  }

  /** Adds an upcoming launch or change to the new-work section. */
  public Agenda.Launch addLaunch(long id, String title, Long serviceId, LocalDate launchDate, List<String> checks, long actorId) {
    Review r = require(id);
    String t = title == null ? "" : title.strip();
    if (t.isEmpty() || t.length() > 200) {
      throw Problem.invalid("title", "title: 1-200 characters");
    }
    if (serviceId != null && services.teamOf(serviceId).filter(team -> team == r.teamId()).isEmpty()) {
      throw Problem.invalid("service_id", "no service " + serviceId + " in this team");
    }
    List<String> checked = LaunchChecklist.parse("checks", checks);
    long launchId = db.inTransaction(h -> {
      open(h, id);
      long lid = ReviewStore.insertLaunch(h, r.teamId(), id, t, serviceId, launchDate == null ? null : launchDate.toString(), checked, actorId,
          clock.millis());
      people.audit(h, actorId, "review.launch", "review:" + id, r.teamId(), null, state("title", t, "checks", checked));
      return lid;
    });
    return launch(r, launchId);
  }

  /** Ticks the checklist of one of the team's launches. */
  public Agenda.Launch checkLaunch(long id, long launchId, List<String> checks, long actorId) {
    Review r = require(id);
    List<String> checked = LaunchChecklist.parse("checks", checks);
    db.useTransaction(h -> {
      if (!ReviewStore.setLaunchChecks(h, r.teamId(), launchId, checked)) {
        throw Problem.notFound("launch", "no launch " + launchId + " in this team");
      }
      people.audit(h, actorId, "review.launch_check", "launch:" + launchId, r.teamId(), null, state("checks", checked));
    });
    return launch(r, launchId);
  }

  private Agenda.Launch launch(Review r, long launchId) {
    return launch(db.withHandle(h -> ReviewStore.launch(h, r.teamId(), launchId))
        .orElseThrow(() -> Problem.notFound("launch", "no launch " + launchId + " in this team")), r.id(), serviceNames(r.teamId()));
  }

  /**
   * The facilitator's acknowledgement that the review may close although these P1 items are
   * overdue; recorded with the items and a note. Only the facilitator gives it (a manager when
   * the week had no on-call).
   */
  public Review acknowledgeOverdue(long id, String note, long actorId) {
    Review r = require(id);
    boolean facilitator = r.facilitatorId() != null ? r.facilitatorId() == actorId
        : team(r.teamId()).members().stream().anyMatch(m -> m.userId() == actorId && m.role() == TeamRole.MANAGER);
    if (!facilitator) {
      throw Problem.forbidden("only the review's facilitator" + (r.facilitatorName() == null ? "" : ", " + r.facilitatorName() + ",")
          + " acknowledges overdue P1 items");
    }
    String n = note == null ? "" : note.strip();
    if (n.length() > 1_000) {
      throw Problem.invalid("note", "note: at most 1000 characters");
    }
    List<Long> overdue = actions.overdueP1(r.teamId()).stream().map(ActionItem::id).toList();
    db.useTransaction(h -> {
      open(h, id);
      ReviewStore.acknowledgeOverdue(h, id, actorId, clock.millis(), n, overdue);
      people.audit(h, actorId, "review.acknowledge_overdue", "review:" + id, r.teamId(), null, state("items", overdue, "note", n));
    });
    return require(id);
  }

  /**
   * Closes the review: refused while P1 items are overdue that the facilitator has not
   * acknowledged; otherwise the minutes are saved, the sections' clocks stop, and the minutes are
   * queued for e-mail to the team.
   */
  public Review close(long id, long actorId) {
    Review r = require(id);
    if (r.status() == ReviewStatus.CLOSED) {
      throw closed(id);
    }
    Agenda agenda = agenda(id);
    List<ActionItem> unacknowledged = agenda.unacknowledgedOverdue();
    if (!unacknowledged.isEmpty()) {
      throw new Problem(409, "overdue_p1", "acknowledged", unacknowledged.size() + " overdue P1 item(s) need the facilitator's acknowledgement first: "
          + unacknowledged.stream().map(i -> "#" + i.id() + " " + i.title()).collect(Collectors.joining("; ")));
    }
    String minutes = Minutes.markdown(agenda, clock.millis());
    db.useTransaction(h -> {
      open(h, id);
      long now = clock.millis();
      ReviewStore.endSections(h, id, now);
      ReviewStore.close(h, id, actorId, now, minutes);
      jobs.enqueue(h, JobSpec.of(MINUTES_JOB, String.valueOf(id), MINUTES_JOB + ":" + id, now));
      people.audit(h, actorId, "review.close", "review:" + id, r.teamId(), null, state("status", ReviewStatus.CLOSED.dbValue()));
    });
    return require(id);
  }

  /** The minutes as Markdown: as saved at the close, or a draft from the agenda so far. */
  public String minutes(long id) {
    Review r = require(id);
    return r.status() == ReviewStatus.CLOSED ? r.minutes() : Minutes.markdown(agenda(id), clock.millis());
  }

  /**
   * Marks the review mail still queued (reminders, digests, minutes) as handled without sending it:
   * for a generated history, whose mail went out back then. Returns how many were dropped.
   */
  public int forgetQueuedMail() {
    List<String> kinds = List.of(REMIND_JOB, DIGEST_JOB, MINUTES_JOB, ReviewJobs.MAIL_JOB);
    String owner = "history";
    int dropped = 0;
    for (var due = jobs.claim(owner, 500, 60_000, kinds); !due.isEmpty(); due = jobs.claim(owner, 500, 60_000, kinds)) {
      for (var job : due) {
        jobs.complete(job, owner);
        dropped++;
      }
    }
    return dropped;
  }

  // ---- for the jobs ------------------------------------------------------------------------------

  /** Everyone in the review's team, for the reminder and the minutes. */
  List<User> teamPeople(Review r) {
    Set<Long> ids = people.memberIds(r.teamId());
    return people.users().stream().filter(u -> ids.contains(u.id())).toList();
  }

  /** The team's pending items by owner, for the weekly digest. */
  Map<Long, List<ActionItem>> pendingByOwner(long teamId) {
    return actions.list(new ActionService.Filter(teamId, null, null, false), team -> true).stream().filter(i -> i.status().pending())
        .collect(Collectors.groupingBy(ActionItem::ownerId, LinkedHashMap::new, Collectors.toList()));
  }

  Optional<User> user(long id) {
    return people.user(id);
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private Review review(Handle h, ReviewStore.Row r) {
    return reviews(h, List.of(r)).getFirst();
  }

  /** The reviews with their team's name, sections and attendees, in a few queries however many there are. */
  private List<Review> reviews(Handle h, List<ReviewStore.Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<Long, Team> teams = people.teams().stream().collect(Collectors.toMap(Team::id, t -> t));
    Map<Long, String> names = people.users().stream().collect(Collectors.toMap(User::id, User::name));
    List<Long> ids = rows.stream().map(ReviewStore.Row::id).toList();
    Map<Long, List<Review.SectionState>> sections = ReviewStore.sections(h, ids);
    Map<Long, Map<Long, boolean[]>> attendees = ReviewStore.attendees(h, ids);
    List<Review> out = new ArrayList<>();
    for (ReviewStore.Row r : rows) {
      Team team = teams.get(r.teamId());
      Set<Long> managers = team.members().stream().filter(m -> m.role() == TeamRole.MANAGER).map(Team.Member::userId).collect(Collectors.toSet());
      List<Review.Attendee> people = new ArrayList<>();
      attendees.getOrDefault(r.id(), Map.of()).forEach((user, flags) -> people.add(new Review.Attendee(user, names.getOrDefault(user, "someone"),
          managers.contains(user), flags[0], flags[1])));
      out.add(new Review(r.id(), r.teamId(), team.name(), r.weekStart(), r.weekEnd(), r.meetingAt(), r.facilitatorId(),
          r.facilitatorId() == null ? null : names.get(r.facilitatorId()), r.status(), r.startedAt(), r.closedAt(), r.closedBy(),
          r.overdueAck(), sections.getOrDefault(r.id(), List.of()), people, r.minutes()));
    }
    return out;
  }

  /** The review for a change: it must exist and not be closed. */
  private static ReviewStore.Row open(Handle h, long id) {
    ReviewStore.Row r = ReviewStore.byId(h, id).orElseThrow(() -> notFound(id));
    if (r.status() == ReviewStatus.CLOSED) {
      throw closed(id);
    }
    return r;
  }

  private Team team(long teamId) {
    return people.teams().stream().filter(t -> t.id() == teamId).findFirst()
        .orElseThrow(() -> Problem.notFound("team", "no team " + teamId));
  }

  private static Problem notFound(long id) {
    return Problem.notFound("review", "no review " + id);
  }

  private static Problem closed(long id) {
    return Problem.conflict("status", "review " + id + " is closed; its minutes are final");
  }

  private static Map<String, Object> audited(ReviewSettings s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("meeting_delay_minutes", s.meetingDelayMinutes());
    out.put("reminder_minutes", s.reminderMinutes());
    for (Section section : Section.values()) {
      out.put(ReviewSettings.field(section), s.minutes(section));
    }
    return out;
  }
}
