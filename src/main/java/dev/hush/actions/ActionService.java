package dev.hush.actions;

import static dev.hush.people.AuditLog.state;

import dev.hush.core.Problem;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentService;
import dev.hush.people.PeopleService;
import dev.hush.store.Database;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;

/**
 * Action items: follow-up work that comes before features, with an owner and a mentor from the
 * team, a priority, a due day, and the alerts it should silence; slip tracking, carry-over, and the
 * recurrence proof. Due days are days in UTC (teams have no zone of their own yet).
 */
public final class ActionService {
  /** Weeks a done item must stay quiet to count as verified, unless asked otherwise. */
  public static final int DEFAULT_PROOF_WEEKS = 2;
  static final int MAX_PROOF_WEEKS = 52;
  private static final int MAX_RECURRED_LISTED = 100;

  private final Database db;
  private final PeopleService people;
  private final IncidentService incidents;
  private final Clock clock;

  public ActionService(Database db, PeopleService people, IncidentService incidents, Clock clock) {
    this.db = db;
    this.people = people;
    this.incidents = incidents;
    this.clock = clock;
  }

  /** The list's filters: null fields do not filter; {@code overdue} true keeps only overdue items. */
  public record Filter(Long teamId, Long ownerId, ActionStatus status, boolean overdue) {
    public static final Filter ALL = new Filter(null, null, null, false);
  }

  /** The items that came from an incident, for its two-way link. */
  public List<ActionItem> fromIncident(long incidentId) {
    return db.withHandle(h -> items(h, ActionStore.list(h, new ActionStore.Filter(null, null, null, null, incidentId)), team -> true));
  }

  /** Creates an item in the team; the owner and the mentor must be members, an incident origin must be the team's. */
  public ActionItem create(long teamId, NewActionItem n, Long actorId) {
    requireMember(teamId, n.ownerId(), "owner_id");
    if (n.mentorId() != null) {
      requireMember(teamId, n.mentorId(), "mentor_id");
    }
    requireOrigin(teamId, n.originKind(), n.originId());
    return db.inTransaction(h -> {
      long id = ActionStore.insert(h, teamId, n, actorId, clock.millis());
      ActionItem created = require(h, id);
      people.audit(h, actorId, "action.create", "action:" + id, teamId, null, audited(created));
      return created;
    });
  }

  /**
   * Creates an item from an incident of the team: its origin is the incident, and the incident's
   * fingerprint is linked with any the request names.
   */
  public ActionItem createFromIncident(long teamId, long incidentId, NewActionItem n, Long actorId) {
    requireOrigin(teamId, OriginKind.INCIDENT, incidentId);
    Incident incident = incidents.require(incidentId);
    List<String> fingerprints = new ArrayList<>();
    fingerprints.add(incident.fingerprint());
    fingerprints.addAll(n.fingerprints());
    return create(teamId, new NewActionItem(n.title(), n.ownerId(), n.mentorId(), n.priority(), n.due(), OriginKind.INCIDENT, incidentId,
        fingerprints), actorId);
  }

  /** Changes fields and the status. Done records when; leaving done forgets it. Won't do needs a reason. */
  public ActionItem update(long id, ActionPatch p, Long actorId) {
    return db.inTransaction(h -> {
      ActionStore.Row r = ActionStore.byId(h, id).orElseThrow(() -> notFound(id));
      ActionItem before = require(h, id);
      long owner = p.ownerId() == null ? r.ownerId() : p.ownerId();
      Long mentor = p.mentorId() == null ? r.mentorId() : p.mentorId().orElse(null);
      if (p.ownerId() != null) {
        requireMember(r.teamId(), owner, "owner_id");
      }
      if (p.mentorId() != null && mentor != null) {
        requireMember(r.teamId(), mentor, "mentor_id");
      }
      if (mentor != null && mentor == owner) {
        throw Problem.invalid("mentor_id", "the mentor oversees the owner; name someone else or nobody");
      }
      ActionStatus status = p.status() == null ? r.status() : p.status();
      String reason = p.reason() == null ? r.reason() : p.reason();
      if (status == ActionStatus.WONT_DO && (reason == null || reason.isBlank())) {
        throw Problem.invalid("reason", "a reason is required for won't do");
      }
      if (status != ActionStatus.WONT_DO && p.status() != null && p.reason() == null) {
        reason = "";
      }
      long now = clock.millis();
      Long doneAt = status == ActionStatus.DONE ? (r.status() == ActionStatus.DONE ? r.doneAt() : Long.valueOf(now)) : null;
      ActionStore.Row changed = new ActionStore.Row(r.id(), r.teamId(), p.title() == null ? r.title() : p.title(), owner, mentor,
          p.priority() == null ? r.priority() : p.priority(), p.due() == null ? r.due() : p.due().orElse(null), status, reason,
          r.originKind(), r.originId(), r.createdAt(), now, doneAt, r.carriedOver());
      ActionStore.update(h, changed, now);
      if (p.fingerprints() != null) {
        ActionStore.replaceFingerprints(h, id, p.fingerprints());
      }
      ActionItem after = require(h, id);
      people.audit(h, actorId, "action.update", "action:" + id, r.teamId(), audited(before), audited(after));
      return after;
    });
  }

  /**
   * Carries the team's pending items into the next review: each counts one more carry-over. Runs in
   * the caller's transaction (the review that is being created).
   */
  public int carryOver(Handle h, long teamId) {
    return ActionStore.carryOver(h, teamId, clock.millis());
  }

  public ActionItem require(long id) {
    return db.withHandle(h -> require(h, id));
  }

  public Optional<ActionItem> byId(long id) {
    return db.withHandle(h -> ActionStore.byId(h, id).map(r -> item(r, ActionStore.fingerprints(h, List.of(id)).getOrDefault(id, List.of()))));
  }

  /** These items, in id order; ids that do not exist are left out. */
  public List<ActionItem> byIds(java.util.Collection<Long> ids) {
    return ids.isEmpty() ? List.of() : db.withHandle(h -> items(h, ActionStore.byIds(h, ids), team -> true));
  }

  /** The team that owns the item, for the access check; empty when there is no such item. */
  public Optional<Long> teamOf(long id) {
    return db.withHandle(h -> ActionStore.teamOf(h, id));
  }

  /** The items of the teams {@code teamVisible} accepts: pending first, P1 first, then by due day. */
  public List<ActionItem> list(Filter f, Predicate<Long> teamVisible) {
    return db.withHandle(h -> items(h, ActionStore.list(h, new ActionStore.Filter(f.teamId(), f.ownerId(), null, f.status(), null)), teamVisible))
        .stream().filter(i -> !f.overdue() || i.overdue()).toList();
  }

  /** The pending items a person owns or mentors, in the teams {@code teamVisible} accepts. */
  public List<ActionItem> pendingOf(long userId, Predicate<Long> teamVisible) {
    return db.withHandle(h -> items(h, ActionStore.list(h, new ActionStore.Filter(null, null, userId, null, null)), teamVisible))
        .stream().filter(i -> i.status().pending()).toList();
  }

  /** The team's overdue P1 items: what a review may not close over without the facilitator acknowledging them. */
  public List<ActionItem> overdueP1(long teamId) {
    return list(new Filter(teamId, null, null, true), team -> true).stream().filter(i -> i.priority() == Priority.P1).toList();
  }

  /** Today, in the sense due days have. */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /**
   * The recurrence proof of an item over {@code weeks} weeks (1-52) before and after its done instant,
   * read through the incidents feature in two queries.
   */
  public Recurrence recurrence(long id, int weeks) {
    if (weeks < 1 || weeks > MAX_PROOF_WEEKS) {
      throw Problem.invalid("weeks", "weeks: 1-" + MAX_PROOF_WEEKS);
    }
    ActionItem item = require(id);
    if (item.status() != ActionStatus.DONE || item.doneAt() == null) {
      return new Recurrence(id, Recurrence.State.NOT_DONE, weeks, null, item.fingerprints(), List.of(), List.of(), List.of());
    }
    long doneAt = item.doneAt();
    long week = ActionItem.WEEK_MILLIS;
    if (item.fingerprints().isEmpty()) {
      return new Recurrence(id, Recurrence.State.NO_FINGERPRINTS, weeks, doneAt, List.of(), List.of(), List.of(), List.of());
    }
    long from = doneAt - weeks * week;
    long[] counts = incidents.weeklyCounts(item.fingerprints(), from, week, 2 * weeks);
    List<Recurrence.WeekCount> before = new ArrayList<>();
    List<Recurrence.WeekCount> after = new ArrayList<>();
    for (int i = 0; i < 2 * weeks; i++) {
      (i < weeks ? before : after).add(new Recurrence.WeekCount(from + i * week, counts[i]));
    }
    long now = clock.millis();
    List<Recurrence.Recurred> recurred = incidents.openedWith(item.fingerprints(), doneAt, Math.max(now + 1, doneAt + weeks * week),
            MAX_RECURRED_LISTED).stream()
        .map(i -> new Recurrence.Recurred(i.id(), i.title(), i.fingerprint(), i.openedAt())).toList();
    Recurrence.State state = !recurred.isEmpty() ? Recurrence.State.RECURRED
        : now >= doneAt + weeks * week ? Recurrence.State.VERIFIED_QUIET : Recurrence.State.WATCHING;
    return new Recurrence(id, state, weeks, doneAt, item.fingerprints(), before, after, recurred);
  }

  private ActionItem require(Handle h, long id) {
    ActionStore.Row r = ActionStore.byId(h, id).orElseThrow(() -> notFound(id));
    return item(r, ActionStore.fingerprints(h, List.of(id)).getOrDefault(id, List.of()));
  }

  private List<ActionItem> items(Handle h, List<ActionStore.Row> rows, Predicate<Long> teamVisible) {
    List<ActionStore.Row> visible = rows.stream().filter(r -> teamVisible.test(r.teamId())).toList();
    Map<Long, List<String>> fps = ActionStore.fingerprints(h, visible.stream().map(ActionStore.Row::id).toList());
    return visible.stream().map(r -> item(r, fps.getOrDefault(r.id(), List.of()))).toList();
  }

  private ActionItem item(ActionStore.Row r, List<String> fingerprints) {
    return new ActionItem(r.id(), r.teamId(), r.title(), r.ownerId(), r.mentorId(), r.priority(), r.due(), r.status(), r.reason(),
        r.originKind(), r.originId(), fingerprints, r.createdAt(), r.updatedAt(), r.doneAt(), r.carriedOver(),
        ActionItem.overdue(r.status(), r.due(), today()), ActionItem.slipWeeks(r.createdAt(), r.doneAt(), clock.millis()));
  }

  private void requireMember(long teamId, long userId, String field) {
    if (!people.isMember(teamId, userId)) {
      throw Problem.invalid(field, field + ": user " + userId + " is not a member of the team");
    }
  }

  private void requireOrigin(long teamId, OriginKind kind, Long originId) {
    if (kind == OriginKind.INCIDENT) {
      if (originId == null) {
        throw Problem.invalid("origin_id", "origin_id is required for an incident origin");
      }
      Optional<Long> team = incidents.teamOf(originId);
      if (team.isEmpty() || team.get() != teamId) {
        throw Problem.invalid("origin_id", "no incident " + originId + " of this team");
      }
    }
  }

  private static Problem notFound(long id) {
    return Problem.notFound("action_item", "no action item " + id);
  }

  /** What the audit log keeps of an item. */
  private static Map<String, Object> audited(ActionItem i) {
    return state("title", i.title(), "owner_id", i.ownerId(), "mentor_id", i.mentorId(), "priority", i.priority().dbValue(),
        "due", i.due() == null ? null : i.due().toString(), "status", i.status().dbValue(), "reason", i.reason(),
        "fingerprints", i.fingerprints());
  }
}
