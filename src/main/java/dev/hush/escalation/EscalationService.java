package dev.hush.escalation;

import dev.hush.core.Problem;
import dev.hush.core.TtlCache;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentFacts;
import dev.hush.incidents.IncidentService;
import dev.hush.incidents.IncidentStatus;
import dev.hush.incidents.OpenedListener;
import dev.hush.jobs.Job;
import dev.hush.jobs.JobQueue;
import dev.hush.jobs.JobSpec;
import dev.hush.jobs.JobWorker;
import dev.hush.notify.NotifyService;
import dev.hush.oncall.OnCallService;
import dev.hush.people.PeopleService;
import dev.hush.people.User;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import dev.hush.store.GroupCommit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Turns an open incident into pages: each step is a durable job with a due time, so a restart
 * or a crash loses no step, and idempotency keys make sure no step pages twice.
 */
public final class EscalationService implements OpenedListener, AutoCloseable {
  public static final String STEP_JOB = "escalation.step";
  /** How long this node trusts its cached service→policy map; assignments on this node apply at once. */
  private static final long POLICY_CACHE_MILLIS = 10_000;

  private final EscalationStore store;
  private final JobQueue jobs;
  private final IncidentService incidents;
  private final ServiceCatalog services;
  private final OnCallService oncall;
  private final NotifyService notify;
  private final PeopleService people;
  private final Clock clock;
  /** An override or a hand-off takes effect within this long in a burst of incidents. */
  private static final long ONCALL_CACHE_MILLIS = 1_000;
  private final TtlCache<Long, Optional<EscalationPolicy>> policyOfService;
  private final TtlCache<Long, List<Long>> onCallNow;
  private final GroupCommit stepCommits;

  public EscalationService(Database db, JobQueue jobs, JobWorker worker, IncidentService incidents, ServiceCatalog services,
      OnCallService oncall, NotifyService notify, PeopleService people, Clock clock) {
    this.store = new EscalationStore(db);
    this.jobs = jobs;
    this.incidents = incidents;
    this.services = services;
    this.oncall = oncall;
    this.notify = notify;
    this.people = people;
    this.clock = clock;
    this.stepCommits = new GroupCommit(db, "hush-escalation-commit");
    this.policyOfService = new TtlCache<>(clock, POLICY_CACHE_MILLIS, this::policyOf);
    this.onCallNow = new TtlCache<>(clock, ONCALL_CACHE_MILLIS, schedule -> oncall.onCallAt(schedule, clock.instant()));
    incidents.onOpened(this);
    worker.register(STEP_JOB, this::runStep);
  }

  public EscalationPolicy createPolicy(String name, int repeatCount, List<EscalationPolicy.Step> steps) {
    if (name == null || name.isBlank() || name.length() > 100) {
      throw Problem.invalid("name", "name: 1-100 characters");
    }
    if (repeatCount < 0 || repeatCount > 20) {
      throw Problem.invalid("repeat_count", "repeat_count must be between 0 and 20");
    }
    if (steps.isEmpty()) {
      throw Problem.invalid("steps", "a policy needs at least one step");
    }
    for (EscalationPolicy.Step s : steps) {
      if (s.delayMinutes() < 0 || s.delayMinutes() > 24 * 60) {
        throw Problem.invalid("steps", "a step's delay_minutes must be between 0 and 1440");
      }
      switch (s.targetKind()) {
        case SCHEDULE -> oncall.schedule(s.targetId());
        case USER -> people.user(s.targetId()).orElseThrow(() -> Problem.invalid("steps", "no user " + s.targetId()));
        case CHANNEL -> notify.contactMethod(s.targetId()).orElseThrow(() -> Problem.invalid("steps", "no contact method " + s.targetId()));
      }
    }
    return store.policy(store.insert(name.strip(), repeatCount, steps, clock.millis())).orElseThrow();
  }

  public EscalationPolicy policy(long id) {
    return store.policy(id).orElseThrow(() -> Problem.notFound("policy", "no escalation policy " + id));
  }

  public List<EscalationPolicy> policies() {
    return store.policyIds().stream().map(this::policy).toList();
  }

  /** A service has one policy; assigning replaces the previous one. */
  public void assign(long serviceId, long policyId) {
    services.require(serviceId);
    policy(policyId);
    store.assign(serviceId, policyId);
    policyOfService.invalidate(serviceId);
  }

  public Optional<EscalationPolicy> policyOf(long serviceId) {
    return store.policyOf(serviceId).flatMap(store::policy);
  }

  // ---- the engine ----------------------------------------------------------------------------

  /**
   * In the ingest transaction: the first step runs at once, so its pages are queued in the same
   * commit as the incident, and sent as soon as that commit is on disk.
   */
  @java.lang.Override
  public Runnable opened(Handle h, IncidentFacts incident) {
    EscalationPolicy policy = policyOfService.get(incident.serviceId()).orElse(null);
    if (policy == null) {
      return null;
    }
    List<NotifyService.Notification> pages = step(h, incident, policy, 0, 0);
    return pages.isEmpty() ? null : () -> notify.sendNow(pages);
  }

  /**
   * A later step (or a repeat), from the job queue: unless someone acknowledged or resolved
   * meanwhile. Steps falling due together share commits, so thousands of them page within a second.
   */
  void runStep(Job job) {
    String[] p = job.payload().split(":");
    long incidentId = Long.parseLong(p[0]);
    int round = Integer.parseInt(p[1]);
    int stepIndex = Integer.parseInt(p[2]);
    Incident incident = incidents.byId(incidentId).orElse(null);
    if (incident == null || incident.status() != IncidentStatus.TRIGGERED) {
      return;
    }
    EscalationPolicy policy = policyOfService.get(incident.serviceId()).orElse(null);
    if (policy == null || stepIndex >= policy.steps().size()) {
      return;
    }
    IncidentFacts facts = incidents.facts(incident);
    List<NotifyService.Notification> pages = new ArrayList<>();
    stepCommits.submit(h -> {
      // A failed group is retried write by write: start each run afresh.
      pages.clear();
      pages.addAll(step(h, facts, policy, round, stepIndex));
    }).join();
    notify.sendNow(pages);
  }

  /**
   * Pages a step's targets, schedules what comes next and notes it on the timeline, all in the
   * caller's transaction. Returns the pages to send once it commits.
   */
  private List<NotifyService.Notification> step(Handle h, IncidentFacts incident, EscalationPolicy policy, int round, int stepIndex) {
    long incidentId = incident.id();
    EscalationPolicy.Step step = policy.steps().get(stepIndex);
    String stepKey = "inc" + incidentId + ":r" + round + ":s" + stepIndex;
    long next = clock.millis() + step.delayMinutes() * 60_000L;
    List<NotifyService.Notification> sendNow = new ArrayList<>();
    List<Long> targets = switch (step.targetKind()) {
      case SCHEDULE -> onCallNow.get(step.targetId());
      case USER -> List.of(step.targetId());
      case CHANNEL -> List.of();
    };
    for (long user : targets) {
      sendNow.addAll(notify.page(h, incident, stepKey, user));
    }
    if (step.targetKind() == EscalationPolicy.TargetKind.CHANNEL) {
      sendNow.addAll(notify.pageChannel(h, incident, stepKey, step.targetId()));
    }
    if (stepIndex + 1 < policy.steps().size()) {
      jobs.enqueue(h, JobSpec.of(STEP_JOB, incidentId + ":" + round + ":" + (stepIndex + 1), "esc:" + incidentId + ":r" + round + ":s" + (stepIndex + 1), next));
    } else if (round < policy.repeatCount()) {
      jobs.enqueue(h, JobSpec.of(STEP_JOB, incidentId + ":" + (round + 1) + ":0", "esc:" + incidentId + ":r" + (round + 1) + ":s0", next));
    }
    List<String> names = new ArrayList<>();
    for (long id : targets) {
      names.add(people.recentUser(id).map(User::name).orElse("user " + id));
    }
    String whom = step.targetKind() == EscalationPolicy.TargetKind.CHANNEL
        ? "posting to " + notify.contactMethod(step.targetId()).map(m -> m.name() + " (" + m.kind().dbValue() + ")").orElse("a removed channel")
        : targets.isEmpty() ? "nobody is on call" : "paging " + String.join(", ", names);
    incidents.recordAction(h, incidentId, "escalated", null, "step " + (stepIndex + 1) + (round > 0 ? " (repeat " + round + ")" : "") + ": " + whom);
    return sendNow;
  }



  @java.lang.Override
  public void close() {
    stepCommits.close();
  }
}
