package dev.hush.escalation;

import static dev.hush.people.AuditLog.state;

import dev.hush.core.Problem;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentFacts;
import dev.hush.incidents.IncidentService;
import dev.hush.incidents.IncidentStatus;
import dev.hush.jobs.Job;
import dev.hush.jobs.JobQueue;
import dev.hush.jobs.JobSpec;
import dev.hush.jobs.JobWorker;
import dev.hush.jobs.TransactionalJobHandler;
import dev.hush.notify.NotifyService;
import dev.hush.people.PeopleService;
import dev.hush.people.User;
import dev.hush.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What a responder does about an incident's paging from its page: snooze it, hand it to someone,
 * escalate it now, or bring in one more person. Each pages through the outbox in the transaction
 * that records it on the timeline, and a snooze ends by a durable job, so a restart loses none of it.
 */
public final class IncidentResponse {
  public static final String SNOOZE_END_JOB = "escalation.snooze_end";

  private final Database db;
  private final JobQueue jobs;
  private final EscalationService escalation;
  private final IncidentService incidents;
  private final NotifyService notify;
  private final PeopleService people;
  private final Clock clock;

  public IncidentResponse(Database db, JobQueue jobs, JobWorker worker, EscalationService escalation, IncidentService incidents,
      NotifyService notify, PeopleService people, Clock clock) {
    this.db = db;
    this.jobs = jobs;
    this.escalation = escalation;
    this.incidents = incidents;
    this.notify = notify;
    this.people = people;
    this.clock = clock;
    worker.registerTransactional(SNOOZE_END_JOB, this::endSnooze);
  }

  /** The incident after an action, and what its timeline line says (whom it paged). */
  public record Outcome(Incident incident, String said) {}

  /** When a snooze ends, for the job that pages again: the end time tells it from a later snooze of the same incident. */
  record SnoozeEnd(long incidentId, long until) {
    static SnoozeEnd parse(String payload) {
      String[] p = payload.split(":");
      return new SnoozeEnd(Long.parseLong(p[0]), Long.parseLong(p[1]));
    }

    JobSpec job() {
      return JobSpec.of(SNOOZE_END_JOB, incidentId + ":" + until, "snooze:" + incidentId + ":" + until, until);
    }
  }

  /**
   * Acknowledges the incident now and, if it is still not resolved {@code minutes} from now, pages
   * it again from the first step of its policy. A later snooze replaces this one; a resolve cancels it.
   */
  public Outcome snooze(long incidentId, Long minutes, long actorId) {
    if (minutes == null) {
      throw Problem.invalid("minutes", "minutes is required: how long to snooze, 1 to " + IncidentService.MAX_SNOOZE_MINUTES);
    }
    if (minutes < 1 || minutes > IncidentService.MAX_SNOOZE_MINUTES) {
      throw Problem.invalid("minutes", "minutes must be between 1 and " + IncidentService.MAX_SNOOZE_MINUTES + " (a day)");
    }
    Long team = incidents.teamOf(incidentId).orElse(null);
    long until = clock.millis() + minutes * 60_000L;
    String said = "for " + minutes + " min; pages again from step 1 if still open then";
    Incident snoozed = db.inTransaction(h -> {
      Incident before = incidents.current(h, incidentId);
      Incident after = incidents.snooze(h, incidentId, actorId, until, said);
      jobs.enqueue(h, new SnoozeEnd(incidentId, until).job());
      people.audit(h, actorId, "incident.snooze", "incident:" + incidentId, team, state("snoozed_until", before.snoozedUntil()),
          state("snoozed_until", until, "minutes", minutes));
      return after;
    });
    return new Outcome(snoozed, said);
  }

  /** The snooze's end, from the job queue: pages again from step 1 unless it was resolved or snoozed anew meanwhile. */
  TransactionalJobHandler.Write endSnooze(Job job) {
    SnoozeEnd end = SnoozeEnd.parse(job.payload());
    Incident incident = incidents.byId(end.incidentId()).orElse(null);
    if (incident == null || !Long.valueOf(end.until()).equals(incident.snoozedUntil())) {
      return null;
    }
    Optional<EscalationPolicy> policy = escalation.currentPolicyOf(incident.serviceId());
    IncidentFacts facts = incidents.facts(incident);
    return h -> {
      if (!incidents.endSnooze(h, end.incidentId(), end.until(),
          policy.isPresent() ? "still open: paging again from step 1" : "still open, but " + EscalationService.NO_POLICY)) {
        return null;
      }
      if (policy.isEmpty()) {
        return null;
      }
      EscalationStore.Position at = escalation.position(h, end.incidentId());
      EscalationService.Fired fired = escalation.startRun(h, facts, policy.get(), at, new StepJob(end.incidentId(), at.run() + 1, 0, 0));
      return sendLater(fired.pages());
    };
  }

  /**
   * Pages the next step of the incident's policy now (or the first step again, if the policy
   * repeats), and keeps escalating from there until someone acknowledges. At the last step of a
   * policy that repeats no more, says so and pages nobody.
   */
  public Outcome escalateNow(long incidentId, long actorId) {
    Incident incident = open(incidentId);
    EscalationPolicy policy = escalation.currentPolicyOf(incident.serviceId()).orElseThrow(() -> Problem.conflict("policy",
        "this incident's service has no escalation policy, so there is no next step: reassign it or add a responder instead"));
    Long team = incidents.teamOf(incidentId).orElse(null);
    IncidentFacts facts = incidents.facts(incident);
    EscalationService.Fired fired = db.inTransaction(h -> {
      requireOpen(incidents.current(h, incidentId));
      EscalationStore.Position at = escalation.position(h, incidentId);
      StepJob next;
      if (at.step() + 1 < policy.steps().size()) {
        next = new StepJob(incidentId, at.run() + 1, at.round(), at.step() + 1);
      } else if (at.round() < policy.repeatCount()) {
        next = new StepJob(incidentId, at.run() + 1, at.round() + 1, 0);
      } else {
        throw Problem.conflict("step", "this is already the last step of policy '" + policy.name() + "' (step " + policy.steps().size()
            + " of " + policy.steps().size() + "), and it repeats no more: reassign the incident or add a responder instead");
      }
      incidents.retrigger(h, incidentId);
      incidents.recordAction(h, incidentId, "escalated now", actorId, "to " + next.label() + " of " + policy.name());
      EscalationService.Fired f = escalation.startRun(h, facts, policy, at, next);
      people.audit(h, actorId, "incident.escalate", "incident:" + incidentId, team,
          state("round", at.round(), "step", at.step() + 1), state("round", next.round(), "step", next.step() + 1));
      return f;
    });
    notify.sendNow(fired.pages());
    return new Outcome(incidents.require(incidentId), fired.whom());
  }

  /** Makes a person of the incident's team its assignee and pages them now; the policy's escalation carries on as it was. */
  public Outcome reassign(long incidentId, Long userId, long actorId) {
    Incident incident = open(incidentId);
    User person = member(incidentId, userId);
    Long team = incidents.teamOf(incidentId).orElse(null);
    String said = "to " + person.name() + "; " + pagingWords(person);
    IncidentFacts facts = incidents.facts(incident);
    List<NotifyService.Notification> pages = db.inTransaction(h -> {
      Incident before = incidents.current(h, incidentId);
      requireOpen(before);
      incidents.assign(h, incidentId, person.id());
      long line = incidents.recordAction(h, incidentId, "reassigned", actorId, said);
      people.audit(h, actorId, "incident.reassign", "incident:" + incidentId, team, state("assignee_id", before.assigneeId()),
          state("assignee_id", person.id()));
      return notify.page(h, facts, "inc" + incidentId + ":a" + line, person.id());
    });
    notify.sendNow(pages);
    return new Outcome(incidents.require(incidentId), said);
  }

  /** Pages one more person of the incident's team now, without changing whom the policy pages or who is assigned. */
  public Outcome addResponder(long incidentId, Long userId, long actorId) {
    Incident incident = open(incidentId);
    User person = member(incidentId, userId);
    Long team = incidents.teamOf(incidentId).orElse(null);
    String said = "added " + person.name() + " as responder; " + pagingWords(person);
    IncidentFacts facts = incidents.facts(incident);
    List<NotifyService.Notification> pages = db.inTransaction(h -> {
      requireOpen(incidents.current(h, incidentId));
      long line = incidents.recordAction(h, incidentId, "responder added", actorId, said);
      people.audit(h, actorId, "incident.responder_add", "incident:" + incidentId, team, null, state("user_id", person.id()));
      return notify.page(h, facts, "inc" + incidentId + ":a" + line, person.id());
    });
    notify.sendNow(pages);
    return new Outcome(incidents.require(incidentId), said);
  }

  /** "paging Dana", or why Dana cannot be reached, as an escalation step says it. */
  private String pagingWords(User person) {
    return notify.unreachableBecause(person.id()).map(why -> EscalationService.NO_ONE + person.name() + " " + why)
        .orElse("paging " + person.name());
  }

  private Incident open(long incidentId) {
    return requireOpen(incidents.require(incidentId));
  }

  private static Incident requireOpen(Incident incident) {
    if (incident.status() == IncidentStatus.RESOLVED) {
      throw Problem.conflict("status", "incident " + incident.id() + " is resolved; reopen it first");
    }
    return incident;
  }

  /** A person of the team that owns the incident; anyone else is refused, naming the field. */
  private User member(long incidentId, Long userId) {
    if (userId == null) {
      throw Problem.invalid("user_id", "user_id is required: choose a person of the incident's team");
    }
    return incidents.teamMembers(incidentId).stream().filter(m -> m.userId() == userId).findFirst()
        .flatMap(m -> people.user(userId))
        .orElseThrow(() -> Problem.invalid("user_id", "user " + userId + " is not a member of the team that owns this incident"));
  }

  private Runnable sendLater(List<NotifyService.Notification> pages) {
    return pages.isEmpty() ? null : () -> notify.sendNow(pages);
  }
}
