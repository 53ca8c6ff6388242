package dev.hush.escalation;

import static dev.hush.people.AuditLog.state;

import dev.hush.core.Problem;
import dev.hush.core.TtlCache;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentFacts;
import dev.hush.incidents.IncidentService;
import dev.hush.incidents.IncidentStatus;
import dev.hush.incidents.IncidentWriter;
import dev.hush.incidents.OpenedListener;
import dev.hush.jobs.Job;
import dev.hush.jobs.JobQueue;
import dev.hush.jobs.JobWorker;
import dev.hush.jobs.TransactionalJobHandler;
import dev.hush.notify.ContactMethod;
import dev.hush.notify.NotifyService;
import dev.hush.oncall.OnCallService;
import dev.hush.oncall.Schedule;
import dev.hush.people.PeopleService;
import dev.hush.people.Team;
import dev.hush.people.User;
import dev.hush.services.Service;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Escalation policies (their checks, names in words and the editor's choices) and the engine that
 * turns an open incident into pages: each later step is a durable job with a due time whose writes
 * commit with its completion, so a restart or a crash loses no step and no step pages twice.
 */
public final class EscalationService implements OpenedListener {
  public static final String STEP_JOB = "escalation.step";
  /** The timeline's kind for an incident of a service that pages nobody, and what it says. */
  public static final String NOT_PAGED = "not paged";
  public static final String NO_POLICY = "nobody is paged for this service: it has no escalation policy";
  /** How a step that reached nobody starts its timeline line. */
  public static final String NO_ONE = "no one notified: ";
  /** How long this node trusts its cached service→policy map; assignments on this node apply at once. */
  private static final long POLICY_CACHE_MILLIS = 10_000;
  static final int MAX_STEPS = 20;
  private static final int MAX_TARGETS = 20;

  private final Database db;
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

  public EscalationService(Database db, JobQueue jobs, JobWorker worker, IncidentService incidents, ServiceCatalog services,
      OnCallService oncall, NotifyService notify, PeopleService people, Clock clock) {
    this.db = db;
    this.store = new EscalationStore(db);
    this.jobs = jobs;
    this.incidents = incidents;
    this.services = services;
    this.oncall = oncall;
    this.notify = notify;
    this.people = people;
    this.clock = clock;
    this.policyOfService = new TtlCache<>(clock, POLICY_CACHE_MILLIS, this::policyOf);
    this.onCallNow = new TtlCache<>(clock, ONCALL_CACHE_MILLIS, schedule -> oncall.onCallAt(schedule, clock.instant()));
    incidents.onOpened(this);
    worker.registerTransactional(STEP_JOB, this::runStep);
  }

  public EscalationPolicy createPolicy(long teamId, String name, int repeatCount, List<EscalationPolicy.Step> steps) {
    return createPolicy(teamId, name, repeatCount, steps, null);
  }

  /** {@code actorId}: who does it, for the audit log (null: the command line or Hush itself), as in every change below. */
  public EscalationPolicy createPolicy(long teamId, String name, int repeatCount, List<EscalationPolicy.Step> steps, Long actorId) {
    List<EscalationPolicy.Step> valid = validate(teamId, name, repeatCount, steps);
    try {
      return db.inTransaction(h -> {
        EscalationPolicy created = store.policy(store.insert(teamId, name.strip(), repeatCount, valid, clock.millis())).orElseThrow();
        people.audit(h, actorId, "policy.create", "policy:" + created.id(), teamId, null, audited(created));
        return created;
      });
    } catch (RuntimeException e) {
      throw nameTaken(e, name);
    }
  }

  /** Replaces a policy's name, repeat count and steps; incidents already escalating follow the new steps from their next one. */
  public EscalationPolicy updatePolicy(long id, String name, int repeatCount, List<EscalationPolicy.Step> steps) {
    return updatePolicy(id, name, repeatCount, steps, null);
  }

  public EscalationPolicy updatePolicy(long id, String name, int repeatCount, List<EscalationPolicy.Step> steps, Long actorId) {
    List<EscalationPolicy.Step> valid = validate(policy(id).teamId(), name, repeatCount, steps);
    try {
      db.useTransaction(h -> {
        EscalationPolicy before = policy(id);
        store.replace(id, name.strip(), repeatCount, valid);
        people.audit(h, actorId, "policy.update", "policy:" + id, before.teamId(), audited(before), audited(policy(id)));
      });
    } catch (RuntimeException e) {
      throw nameTaken(e, name);
    }
    policyOfService.clear();
    return policy(id);
  }

  /** Deletes a policy, unless a service still uses it. */
  public void deletePolicy(long id) {
    deletePolicy(id, null);
  }

  public void deletePolicy(long id, Long actorId) {
    EscalationPolicy before = policy(id);
    List<Long> users = db.inTransaction(h -> {
      List<Long> using = store.deleteUnlessUsed(id);
      if (using.isEmpty()) {
        people.audit(h, actorId, "policy.delete", "policy:" + id, before.teamId(), audited(before), null);
      }
      return using;
    });
    if (!users.isEmpty()) {
      throw Problem.conflict("id", "services " + String.join(", ", users.stream().map(s -> services.require(s).name()).toList())
          + " use this policy; give them another one first");
    }
    policyOfService.clear();
  }

  /**
   * The policy a service's page edits: its current one, changed in place (for every service that
   * uses it), or a new one given to the service when it has none.
   */
  public EscalationPolicy savePolicyOfService(long serviceId, String name, int repeatCount, List<EscalationPolicy.Step> steps) {
    return savePolicyOfService(serviceId, name, repeatCount, steps, null);
  }

  public EscalationPolicy savePolicyOfService(long serviceId, String name, int repeatCount, List<EscalationPolicy.Step> steps, Long actorId) {
    Service service = services.require(serviceId);
    Optional<Long> current = store.policyOf(serviceId);
    if (current.isPresent()) {
      return updatePolicy(current.get(), name, repeatCount, steps, actorId);
    }
    EscalationPolicy created = createPolicy(service.teamId(), name, repeatCount, steps, actorId);
    assign(serviceId, created.id(), actorId);
    return created;
  }

  /** What the audit log keeps of a policy: its name, repeat count, and steps with their targets as {@code kind:id}. */
  private static Map<String, Object> audited(EscalationPolicy p) {
    return state("name", p.name(), "repeat_count", p.repeatCount(), "steps", p.steps().stream()
        .map(s -> state("delay_minutes", s.delayMinutes(), "mode", s.mode(),
            "targets", s.targets().stream().map(t -> t.kind().dbValue() + ":" + t.id()).toList()))
        .toList());
  }

  /**
   * Checks a policy and numbers its steps in order. Targets must be the team's own: its schedules,
   * its people, and the shared channels (Slack, Teams, webhooks) of its people, never someone's
   * personal contact method. Fields at fault are named as the API spells them, e.g.
   * {@code steps[1].targets[0].target_id}.
   */
  private List<EscalationPolicy.Step> validate(long teamId, String name, int repeatCount, List<EscalationPolicy.Step> steps) {
    if (name == null || name.isBlank() || name.length() > 100) {
      throw Problem.invalid("name", "name: 1-100 characters");
    }
    if (repeatCount < 0 || repeatCount > 20) {
      throw Problem.invalid("repeat_count", "repeat_count must be between 0 and 20");
    }
    if (steps.isEmpty() || steps.size() > MAX_STEPS) {
      throw Problem.invalid("steps", "a policy needs 1 to " + MAX_STEPS + " steps");
    }
    Set<Long> schedules = new HashSet<>(oncall.schedules(t -> t == teamId).stream().map(Schedule::id).toList());
    Set<Long> members = people.memberIds(teamId);
    List<EscalationPolicy.Step> numbered = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      EscalationPolicy.Step s = steps.get(i);
      String field = "steps[" + i + "]";
      String step = "step " + (i + 1);
      if (s.delayMinutes() < 0 || s.delayMinutes() > 24 * 60) {
        throw Problem.invalid(field + ".delay_minutes", step + ": delay_minutes must be between 0 and 1440");
      }
      if (s.mode() == null) {
        throw Problem.invalid(field + ".mode", step + ": mode must be 'all' or 'round_robin'");
      }
      if (s.targets().isEmpty() || s.targets().size() > MAX_TARGETS) {
        throw Problem.invalid(field + ".targets", step + " needs 1 to " + MAX_TARGETS + " targets");
      }
      Set<EscalationPolicy.Target> seen = new HashSet<>();
      for (int j = 0; j < s.targets().size(); j++) {
        EscalationPolicy.Target t = s.targets().get(j);
        String at = field + ".targets[" + j + "]";
        if (t.kind() == null) {
          throw Problem.invalid(at + ".target", step + ": target must be 'schedule', 'user' or 'channel'");
        }
        boolean exists = switch (t.kind()) {
          case SCHEDULE -> schedules.contains(t.id());
          case USER -> members.contains(t.id()) && people.user(t.id()).isPresent();
          case CHANNEL -> notify.contactMethod(t.id()).filter(m -> m.kind().shared() && members.contains(m.userId())).isPresent();
        };
        if (!exists) {
          throw Problem.invalid(at + ".target_id", step + ": no " + (t.kind() == EscalationPolicy.TargetKind.CHANNEL ? "shared channel (Slack, Teams, webhook)"
              : t.kind().dbValue()) + " " + t.id() + " in this team");
        }
        if (!seen.add(t)) {
          throw Problem.invalid(at, step + " lists " + t.kind().dbValue() + " " + t.id() + " twice");
        }
      }
      numbered.add(new EscalationPolicy.Step(i, s.delayMinutes(), s.mode(), s.targets()));
    }
    return numbered;
  }

  private static RuntimeException nameTaken(RuntimeException e, String name) {
    return Database.isUniqueViolation(e) ? Problem.conflict("name", "there is already a policy named " + name.strip()) : e;
  }

  public EscalationPolicy policy(long id) {
    return store.policy(id).orElseThrow(() -> Problem.notFound("policy", "no escalation policy " + id));
  }

  /** Every policy of the teams {@code teamVisible} accepts, with its targets' names, by name. */
  public List<NamedPolicy> policies(Predicate<Long> teamVisible) {
    return store.policyIds().stream().map(this::policy).filter(p -> teamVisible.test(p.teamId())).map(this::named).toList();
  }

  /** For the access check: the team owning the policy, empty when there is none. */
  public Optional<Long> policyTeam(long policyId) {
    return store.policy(policyId).map(EscalationPolicy::teamId);
  }

  /** The policy with its targets' names looked up; a target deleted since shows as removed. */
  public NamedPolicy named(EscalationPolicy policy) {
    Map<Long, String> schedules = new HashMap<>();
    oncall.schedules().forEach(s -> schedules.put(s.id(), s.name()));
    List<NamedPolicy.NamedStep> steps = new ArrayList<>();
    for (EscalationPolicy.Step s : policy.steps()) {
      List<NamedPolicy.NamedTarget> targets = new ArrayList<>();
      for (EscalationPolicy.Target t : s.targets()) {
        Optional<String> name = switch (t.kind()) {
          case SCHEDULE -> Optional.ofNullable(schedules.get(t.id()));
          case USER -> people.user(t.id()).map(User::name);
          case CHANNEL -> notify.contactMethod(t.id()).map(ContactMethod::label);
        };
        targets.add(new NamedPolicy.NamedTarget(t.kind(), t.id(), name.orElse(t.kind().dbValue() + " " + t.id() + " (removed)")));
      }
      steps.add(new NamedPolicy.NamedStep(s.position(), s.delayMinutes(), s.mode(), targets));
    }
    return new NamedPolicy(policy.id(), policy.teamId(), policy.name(), policy.repeatCount(), steps);
  }

  /** What a service's escalation page shows: its policy (null: none), the other services that share it, and the editor's choices. */
  public record Editor(long serviceId, String serviceName, NamedPolicy policy, List<String> sharedWith, TargetChoices choices) {
    /** The policy as the editor's form starts out: its steps as they are, or one empty step. */
    public PolicyDraft draft() {
      return PolicyDraft.of(policy, serviceName);
    }
  }

  public Editor editor(long serviceId) {
    Service service = services.require(serviceId);
    NamedPolicy policy = policyOf(serviceId).map(this::named).orElse(null);
    List<String> sharedWith = policy == null ? List.of() : store.servicesUsing(policy.id()).stream().filter(id -> id != serviceId)
        .map(id -> services.require(id).name()).toList();
    return new Editor(serviceId, service.name(), policy, sharedWith, targetChoices(service.teamId(), policy));
  }

  /** One option of the policy editor: a target's id and what to call it. */
  public record Choice(long id, String label) {}

  /** What a policy editor offers: the team's schedules, its people, and its people's shared channels. */
  public record TargetChoices(List<Choice> schedules, List<Choice> people, List<Choice> channels) {}

  /**
   * The targets a policy editor of team {@code teamId} offers: the same ones {@link #validate}
   * accepts. Channels are the shared contact methods (such as the team's Slack room) of the team's
   * people; a personal one (e-mail, SMS, push, voice) is only ever reached through its person.
   */
  private TargetChoices targetChoices(long teamId, NamedPolicy editing) {
    List<Team.Member> members = people.teams().stream().filter(t -> t.id() == teamId).flatMap(t -> t.members().stream()).toList();
    Map<Long, Choice> channels = new LinkedHashMap<>();
    for (Team.Member member : members) {
      for (ContactMethod m : notify.contactMethods(member.userId())) {
        if (m.kind().shared()) {
          channels.put(m.id(), new Choice(m.id(), m.label() + " · " + member.name()));
        }
      }
    }
    if (editing != null) {
      editing.steps().stream().flatMap(s -> s.targets().stream()).filter(t -> t.target() == EscalationPolicy.TargetKind.CHANNEL)
          .forEach(t -> channels.putIfAbsent(t.targetId(), new Choice(t.targetId(), t.name())));
    }
    return new TargetChoices(oncall.schedules(t -> t == teamId).stream().map(s -> new Choice(s.id(), s.name())).toList(),
        members.stream().map(m -> new Choice(m.userId(), m.name())).toList(), List.copyOf(channels.values()));
  }

  /** A service has one policy; assigning replaces the previous one. */
  public void assign(long serviceId, long policyId) {
    assign(serviceId, policyId, null);
  }

  public void assign(long serviceId, long policyId, Long actorId) {
    Service service = services.require(serviceId);
    if (policy(policyId).teamId() != service.teamId()) {
      throw Problem.invalid("policy_id", "policy " + policyId + " belongs to another team than the service");
    }
    db.useTransaction(h -> {
      Optional<Long> previous = store.policyOf(serviceId);
      store.assign(serviceId, policyId);
      people.audit(h, actorId, "service.policy_assign", "service:" + serviceId, service.teamId(),
          previous.map(p -> state("policy_id", p)).orElse(null), state("policy_id", policyId));
    });
    policyOfService.invalidate(serviceId);
  }

  /** The services of these that page nobody (no escalation policy), read in one query for a list. */
  public Set<Long> unpaged(Collection<Service> services) {
    Set<Long> paged = store.withPolicy(services.stream().map(Service::id).toList());
    return services.stream().map(Service::id).filter(id -> !paged.contains(id)).collect(Collectors.toSet());
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
  public Runnable opened(IncidentWriter writer, IncidentFacts incident) throws SQLException {
    EscalationPolicy policy = policyOfService.get(incident.serviceId()).orElse(null);
    if (policy == null) {
      writer.note(incident.id(), NOT_PAGED, NO_POLICY);
      return null;
    }
    List<NotifyService.Notification> pages = step(writer.handle(), incident, policy, 0, 0);
    return pages.isEmpty() ? null : () -> notify.sendNow(pages);
  }

  /**
   * A later step (or a repeat), from the job queue: unless someone acknowledged or resolved
   * meanwhile. The step's writes commit with the job's completion, so a step runs once however often
   * its job is claimed, and steps falling due together share that commit.
   */
  TransactionalJobHandler.Write runStep(Job job) {
    StepJob firing = StepJob.parse(job.payload());
    Incident incident = incidents.byId(firing.incidentId()).orElse(null);
    if (incident == null || incident.status() != IncidentStatus.TRIGGERED) {
      return null;
    }
    EscalationPolicy policy = policyOfService.get(incident.serviceId()).orElse(null);
    if (policy == null || firing.step() >= policy.steps().size()) {
      return null;
    }
    IncidentFacts facts = incidents.facts(incident);
    return h -> {
      if (!EscalationStore.stepped(h, firing)) {
        // Someone escalated by hand, or a snooze ended, since this was queued: a newer run pages now.
        return null;
      }
      List<NotifyService.Notification> pages = fire(h, facts, policy, firing).pages();
      return pages.isEmpty() ? null : () -> notify.sendNow(pages);
    };
  }

  /** Where the incident's escalation stands, as the caller's transaction sees it. */
  EscalationStore.Position position(Handle h, long incidentId) {
    return EscalationStore.position(h, incidentId);
  }

  /**
   * Starts a new run of the incident's escalation at {@code firing} (its run must be the one after
   * {@code from}'s) and fires that step now, in the caller's transaction; the older run's queued
   * steps then page nobody. Returns the pages to send once it commits, and what the timeline says.
   */
  Fired startRun(Handle h, IncidentFacts incident, EscalationPolicy policy, EscalationStore.Position from, StepJob firing) {
    if (!EscalationStore.startRun(h, from.run(), firing)) {
      throw Problem.conflict("incident", "someone else moved this incident's escalation at the same moment; reload and try again");
    }
    return fire(h, incident, policy, firing);
  }

  /** The pages one firing queued to send at once, and whom the timeline says it reached. */
  record Fired(List<NotifyService.Notification> pages, String whom) {}

  /** The policy a service pages with now, read from the store rather than this node's cache: for a person's action. */
  Optional<EscalationPolicy> currentPolicyOf(long serviceId) {
    return policyOf(serviceId);
  }

  /**
   * Pages a step's targets, schedules what comes next and notes it on the timeline, all in the
   * caller's transaction. Returns the pages to send once it commits.
   */
  private List<NotifyService.Notification> step(Handle h, IncidentFacts incident, EscalationPolicy policy, int round, int stepIndex) {
    return fire(h, incident, policy, new StepJob(incident.id(), 0, round, stepIndex)).pages();
  }

  private Fired fire(Handle h, IncidentFacts incident, EscalationPolicy policy, StepJob firing) {
    long incidentId = incident.id();
    EscalationPolicy.Step step = policy.steps().get(firing.step());
    String stepKey = firing.stepKey();
    long next = clock.millis() + step.delayMinutes() * 60_000L;
    List<NotifyService.Notification> sendNow = new ArrayList<>();
    Reach reach = reach(h, policy.id(), step, stepKey);
    List<Long> targets = reach.people();
    for (long user : targets) {
      sendNow.addAll(notify.page(h, incident, stepKey, user));
    }
    for (ContactMethod channel : reach.channels()) {
      sendNow.addAll(notify.pageChannel(h, incident, stepKey, channel));
    }
    if (firing.step() + 1 < policy.steps().size()) {
      jobs.enqueue(h, new StepJob(incidentId, firing.run(), firing.round(), firing.step() + 1).job(next));
    } else if (firing.round() < policy.repeatCount()) {
      jobs.enqueue(h, new StepJob(incidentId, firing.run(), firing.round() + 1, 0).job(next));
    }
    incidents.recordAction(h, incidentId, "escalated", null, firing.label() + ": " + reach.whom());
    return new Fired(sendNow, reach.whom());
  }

  /** Whom one firing of a step reaches (people to page, channels to post to), and how the timeline says it. */
  private record Reach(List<Long> people, List<ContactMethod> channels, String whom) {}

  /**
   * Resolves a step's targets: every one of them, or in round-robin mode the next in turn (and,
   * if that one reaches nobody, the one after it). A schedule with nobody on call is noted; a
   * step that reaches nobody still leads to the next step.
   */
  private Reach reach(Handle h, long policyId, EscalationPolicy.Step step, String stepKey) {
    List<EscalationPolicy.Target> all = step.targets();
    boolean inTurn = step.mode() == EscalationPolicy.Mode.ROUND_ROBIN && all.size() > 1;
    int first = inTurn ? (int) Math.floorMod(EscalationStore.takeTurn(h, policyId, step.position(), stepKey), (long) all.size()) : 0;
    Set<Long> paged = new LinkedHashSet<>();
    List<ContactMethod> channels = new ArrayList<>();
    List<String> said = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      EscalationPolicy.Target target = all.get((first + i) % all.size());
      switch (target.kind()) {
        case SCHEDULE -> {
          List<Long> onCall = onCallNow.get(target.id());
          if (onCall.isEmpty()) {
            said.add("nobody is on call in " + oncall.schedule(target.id()).name());
          }
          paged.addAll(onCall);
        }
        case USER -> paged.add(target.id());
        case CHANNEL -> notify.contactMethod(target.id()).ifPresentOrElse(channels::add, () -> said.add("posting to a removed channel"));
      }
      if (inTurn && (!paged.isEmpty() || !channels.isEmpty())) {
        break;
      }
    }
    List<String> reached = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    for (long id : paged) {
      String name = people.recentUser(id).map(User::name).orElse("user " + id);
      notify.unreachableBecause(id).ifPresentOrElse(why -> unreachable.add(name + " " + why), () -> reached.add(name));
    }
    if (!reached.isEmpty()) {
      said.add("paging " + String.join(", ", reached));
    }
    said.addAll(unreachable);
    for (ContactMethod channel : channels) {
      said.add("posting to " + channel.label());
    }
    String whom = String.join("; ", said) + (inTurn ? " (round-robin)" : "");
    if (reached.isEmpty() && channels.isEmpty()) {
      // Say plainly that nobody was reached, rather than "paging" someone who cannot be.
      whom = NO_ONE + (whom.isEmpty() ? "the step has no one to page" : whom);
    }
    return new Reach(List.copyOf(paged), channels, whom);
  }

}
