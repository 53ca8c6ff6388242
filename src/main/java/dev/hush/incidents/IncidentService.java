package dev.hush.incidents;

import dev.hush.core.Problem;
import dev.hush.people.PeopleService;
import dev.hush.people.Team;
import dev.hush.people.User;
import dev.hush.services.Service;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** The incident lifecycle (ack, resolve, reopen), the timeline and the on-call log. */
public final class IncidentService {
  /** The snooze lengths an incident's page offers, in minutes; any other from 1 to {@link #MAX_SNOOZE_MINUTES} may be typed. */
  public static final List<Integer> SNOOZE_CHOICES = List.of(15, 30, 60, 120);
  public static final int MAX_SNOOZE_MINUTES = 24 * 60;
  /** The most incidents one bulk acknowledge or resolve takes: a page of the list. */
  public static final int MAX_BULK = IncidentFilter.MAX_LIMIT;

  private final Database db;
  private final IncidentStore store;
  private final ServiceCatalog services;
  private final PeopleService people;
  private final Clock clock;
  private volatile EventHistory eventHistory;
  private final List<OpenedListener> openedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<IncidentCounts.Listener> countListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The ingest writer working in each open transaction, so a page queued inside it joins the batch's counts. */
  private final Map<Handle, IncidentWriter> batches = new java.util.concurrent.ConcurrentHashMap<>();

  public IncidentService(Database db, ServiceCatalog services, PeopleService people, Clock clock) {
    this.db = db;
    this.store = new IncidentStore(db);
    this.services = services;
    this.people = people;
    this.clock = clock;
  }

  /** Where the timeline's received events come from (set once at wiring by the alerts feature). */
  public void useEventHistory(EventHistory history) {
    this.eventHistory = history;
  }

  // ---- called by ingest, inside its transaction -------------------------------------------

  /** Applies received triggers, acks and resolves within the caller's transaction (the ingest group commit). */
  public IncidentWriter writer(Handle h) {
    IncidentWriter writer = new IncidentWriter(h, openedListeners, countListeners, () -> batches.remove(h));
    batches.put(h, writer);
    return writer;
  }

  public void onOpened(OpenedListener listener) {
    openedListeners.add(listener);
  }

  /** Whoever keeps counts of incidents (the insights rollup) hears of every counted change in its transaction. */
  public void onCounted(IncidentCounts.Listener listener) {
    countListeners.add(listener);
  }

  /**
   * Notes, in the caller's transaction, that a person was paged for the incident. Only the first page
   * of an incident counts, whichever step or node sends it.
   */
  public void paged(Handle h, long incidentId, long at) {
    IncidentStore.markPaged(h, incidentId, at).ifPresent(i -> {
      IncidentWriter batch = batches.get(h);
      if (batch != null) {
        batch.count(incidentId, i.serviceId(), i.fingerprint(), i.openedAt(), IncidentCounts::withPage);
      } else {
        counted(h, IncidentCounts.none(i.serviceId(), i.fingerprint(), i.openedAt()).withPage());
      }
    });
  }

  private void counted(Handle h, IncidentCounts change) {
    counted(h, List.of(change));
  }

  private void counted(Handle h, List<IncidentCounts> changes) {
    if (!changes.isEmpty()) {
      countListeners.forEach(l -> l.counted(h, changes));
    }
  }

  // ---- people acting on incidents -----------------------------------------------------------

  public Incident acknowledge(long incidentId, long userId) {
    return acknowledge(incidentId, userId, null);
  }

  /**
   * Acknowledges as something sent for one episode does (an ack link, a key press on a call): only
   * while that episode is the current one, checked in the same transaction, so a reopen racing the
   * click cannot be acknowledged by a link sent before it. {@code episode} null: any episode.
   */
  public Incident acknowledge(long incidentId, long userId, Integer episode) {
    return db.inTransaction(h -> {
      Incident incident = require(h, incidentId);
      if (episode != null && incident.episode() != episode) {
        throw new Problem(410, "earlier_episode", "episode", "this link is for an earlier episode of the incident; it was reopened since");
      }
      if (incident.status() == IncidentStatus.RESOLVED) {
        throw Problem.conflict("status", "incident " + incidentId + " is already resolved");
      }
      ack(h, incident, userId, clock.millis());
      return require(h, incidentId);
    });
  }

  /** Acknowledges a triggered incident in the caller's transaction; only its first acknowledgement counts (time to acknowledge). */
  private void ack(Handle h, Incident incident, long userId, long now) {
    if (IncidentStore.acknowledge(h, incident.id(), userId, now)) {
      IncidentStore.insertAction(h, incident.id(), now, "acknowledged", userId, "");
      if (incident.episode() == 1 && incident.ackedAt() == null) {
        counted(h, none(incident).withAck(now));
      }
    }
  }

  public Incident resolve(long incidentId, long userId) {
    return db.inTransaction(h -> {
      Incident incident = require(h, incidentId);
      if (incident.status() == IncidentStatus.RESOLVED) {
        return incident;
      }
      Service service = services.require(incident.serviceId());
      if (service.requireLogOnResolve() && !IncidentStore.hasLogEntry(h, incidentId)) {
        throw Problem.invalid("log", "service '" + service.name() + "' asks for an on-call log entry before resolving");
      }
      long now = clock.millis();
      if (IncidentStore.resolve(h, incidentId, userId, now)) {
        IncidentStore.insertAction(h, incidentId, now, "resolved", userId, incident.snoozedUntil() == null ? "" : "snooze cancelled");
        if (incident.episode() == 1) {
          counted(h, none(incident).withResolve(now, false));
        }
      }
      return require(h, incidentId);
    });
  }

  /** Acknowledges every triggered one of these incidents in one transaction; the others are reported as they are. */
  public BulkOutcome acknowledgeAll(Collection<Long> incidentIds, long userId) {
    List<Long> ids = bulkIds(incidentIds);
    return db.inTransaction(h -> {
      List<Incident> found = requireAll(h, ids);
      long now = clock.millis();
      List<Long> changed = IncidentStore.acknowledgeAll(h, ids, userId, now);
      Set<Long> acked = Set.copyOf(changed);
      IncidentStore.insertActions(h, changed, now, "acknowledged", userId);
      List<BulkOutcome.Skipped> skipped = new ArrayList<>();
      List<IncidentCounts> counts = new ArrayList<>();
      for (Incident i : found) {
        if (acked.contains(i.id())) {
          if (i.episode() == 1) {
            counts.add(none(i).withAck(now));
          }
        } else {
          skipped.add(new BulkOutcome.Skipped(i.id(), i.title(), i.status() == IncidentStatus.RESOLVED
              ? BulkOutcome.Reason.ALREADY_RESOLVED : BulkOutcome.Reason.ALREADY_ACKNOWLEDGED));
        }
      }
      counted(h, counts);
      return new BulkOutcome(BulkOutcome.Verb.ACKNOWLEDGE, changed, skipped);
    });
  }

  /**
   * Resolves every open one of these incidents in one transaction, except those whose service asks
   * for an on-call log entry first and have none: they stay open and are reported, as a single
   * resolve refuses them.
   */
  public BulkOutcome resolveAll(Collection<Long> incidentIds, long userId) {
    List<Long> ids = bulkIds(incidentIds);
    return db.inTransaction(h -> {
      List<Incident> found = requireAll(h, ids);
      Set<Long> logged = IncidentStore.withLogEntry(h, ids);
      Map<Long, Boolean> logRequired = new java.util.HashMap<>();
      List<BulkOutcome.Skipped> skipped = new ArrayList<>();
      List<Long> resolvable = new ArrayList<>();
      for (Incident i : found) {
        boolean needsLog = logRequired.computeIfAbsent(i.serviceId(), s -> services.require(s).requireLogOnResolve()) && !logged.contains(i.id());
        if (i.status() == IncidentStatus.RESOLVED) {
          skipped.add(new BulkOutcome.Skipped(i.id(), i.title(), BulkOutcome.Reason.ALREADY_RESOLVED));
        } else if (needsLog) {
          skipped.add(new BulkOutcome.Skipped(i.id(), i.title(), BulkOutcome.Reason.NEEDS_LOG));
        } else {
          resolvable.add(i.id());
        }
      }
      long now = clock.millis();
      List<Long> changed = resolvable.isEmpty() ? List.of() : IncidentStore.resolveAll(h, resolvable, userId, now);
      Set<Long> resolved = Set.copyOf(changed);
      IncidentStore.insertActions(h, changed, now, "resolved", userId);
      counted(h, found.stream().filter(i -> resolved.contains(i.id()) && i.episode() == 1).map(i -> none(i).withResolve(now, false)).toList());
      return new BulkOutcome(BulkOutcome.Verb.RESOLVE, changed, skipped);
    });
  }

  /** The ids of a bulk request: at least one, at most {@link #MAX_BULK}, each once. */
  private static List<Long> bulkIds(Collection<Long> ids) {
    List<Long> list = distinct(ids);
    if (list.isEmpty()) {
      throw Problem.invalid("ids", "ids is required: choose at least one incident");
    }
    if (list.size() > MAX_BULK) {
      throw Problem.invalid("ids", "ids may name at most " + MAX_BULK + " incidents at once");
    }
    return list;
  }

  private static List<Incident> requireAll(Handle h, List<Long> ids) {
    List<Incident> found = IncidentStore.byIds(h, ids);
    if (found.size() != ids.size()) {
      Set<Long> present = found.stream().map(Incident::id).collect(Collectors.toSet());
      throw Problem.notFound("incident", "no incident " + ids.stream().filter(id -> !present.contains(id)).findFirst().orElseThrow());
    }
    return found;
  }

  public Incident reopen(long incidentId, long userId) {
    try {
      return db.inTransaction(h -> {
        Incident incident = require(h, incidentId);
        if (incident.status() != IncidentStatus.RESOLVED) {
          throw Problem.conflict("status", "incident " + incidentId + " is not resolved");
        }
        long now = clock.millis();
        IncidentStore.reopen(h, incidentId);
        IncidentStore.insertAction(h, incidentId, now, "reopened", userId, "");
        return require(h, incidentId);
      });
    } catch (RuntimeException e) {
      if (Database.isUniqueViolation(e)) {
        throw Problem.conflict("status", "a newer incident with the same dedup key is open; handle that one instead");
      }
      throw e;
    }
  }

  /** Writes (or rewrites) the responder's log entry. */
  public LogEntry writeLog(long incidentId, long userId, String action, String note, String verdict) {
    if (action == null || action.isBlank()) {
      throw Problem.invalid("action", "action is required: choose what you did (" + String.join(", ", store.logActions()) + ")");
    }
    if (!store.logActions().contains(action)) {
      throw Problem.invalid("action", "action must be one of: " + String.join(", ", store.logActions()));
    }
    NoiseVerdict noise = NoiseVerdict.parse("verdict", verdict == null ? "" : verdict);
    String text = note == null ? "" : note.strip();
    if (text.length() > 10_000) {
      throw Problem.invalid("note", "note may have at most 10000 characters");
    }
    LogEntry entry = new LogEntry(incidentId, userId, action, text, noise, clock.millis());
    db.useTransaction(h -> {
      Incident incident = require(h, incidentId);
      Optional<String> actionBefore = IncidentStore.logAction(h, incidentId);
      boolean actedBefore = actionBefore.map(LogEntry::actedOn).orElse(false);
      IncidentStore.upsertLogEntry(h, entry);
      IncidentStore.countLogAction(h, incident, actionBefore, action);
      long actedDelta = (LogEntry.actedOn(action) ? 1 : 0) - (actedBefore ? 1 : 0);
      if (actedDelta != 0) {
        counted(h, none(incident).withActedOn(actedDelta));
      }
      IncidentStore.insertAction(h, incidentId, entry.writtenAt(), "log", userId,
          action + " · " + noise.label() + (text.isEmpty() ? "" : " · " + text));
    });
    return entry;
  }

  /** Adds a line to an incident's timeline on behalf of another feature (a notification sent or failed). */
  public void recordAction(long incidentId, String kind, Long actorId, String detail) {
    db.useTransaction(h -> recordAction(h, incidentId, kind, actorId, detail));
  }

  /** The same, inside the caller's transaction; returns the line's id, which names that one action. */
  public long recordAction(Handle h, long incidentId, String kind, Long actorId, String detail) {
    return IncidentStore.insertAction(h, incidentId, clock.millis(), kind, actorId, detail);
  }

  // ---- what the escalation feature does to an incident, inside its transaction ---------------

  /** The incident as the caller's transaction sees it. */
  public Incident current(Handle h, long incidentId) {
    return require(h, incidentId);
  }

  /**
   * Acknowledges the incident (if it is triggered) and holds it so until {@code until}, when the
   * caller's timer pages it again; a resolve before then cancels that. {@code detail}: the
   * timeline's words for it.
   */
  public Incident snooze(Handle h, long incidentId, long userId, long until, String detail) {
    Incident incident = require(h, incidentId);
    if (incident.status() == IncidentStatus.RESOLVED) {
      throw Problem.conflict("status", "incident " + incidentId + " is resolved; there is nothing to snooze");
    }
    long now = clock.millis();
    ack(h, incident, userId, now);
    IncidentStore.snooze(h, incidentId, until);
    IncidentStore.insertAction(h, incidentId, now, "snoozed", userId, detail);
    return require(h, incidentId);
  }

  /**
   * The snooze that ends at {@code until} is over: the incident is triggered again and the timeline
   * says so. False (and nothing changes) when it was resolved meanwhile or snoozed anew.
   */
  public boolean endSnooze(Handle h, long incidentId, long until, String detail) {
    if (!IncidentStore.endSnooze(h, incidentId, until)) {
      return false;
    }
    IncidentStore.insertAction(h, incidentId, clock.millis(), "snooze ended", null, detail);
    return true;
  }

  /** An open incident pages again (someone escalated it): triggered, and no longer snoozed. */
  public void retrigger(Handle h, long incidentId) {
    IncidentStore.retrigger(h, incidentId);
  }

  /** Makes the person the incident's assignee. */
  public void assign(Handle h, long incidentId, long userId) {
    IncidentStore.assign(h, incidentId, userId);
  }

  /** The people of the team that owns the incident's service: whom it may be handed to. */
  public List<Team.Member> teamMembers(long incidentId) {
    Optional<Long> team = teamOf(incidentId);
    return team.isEmpty() ? List.of()
        : people.teams().stream().filter(t -> t.id() == team.get()).flatMap(t -> t.members().stream()).toList();
  }

  public List<String> logActions() {
    return store.logActions();
  }

  /** Teams extend the "what I did" choices. */
  public void addLogAction(String name) {
    addLogAction(name, null);
  }

  /** {@code actorId}: who does it, for the audit log (null: the command line or Hush itself). */
  public void addLogAction(String name, Long actorId) {
    String n = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT);
    if (n.isEmpty() || n.length() > 40) {
      throw Problem.invalid("name", "name: 1-40 characters");
    }
    if (store.logActions().contains(n)) {
      throw Problem.conflict("name", "'" + n + "' exists already");
    }
    db.useTransaction(h -> {
      store.insertLogAction(n, clock.millis());
      people.audit(h, actorId, "settings.log_action_add", "settings:log_actions", null, null, Map.of("name", n));
    });
  }

  // ---- reading ------------------------------------------------------------------------------

  public Optional<Incident> byId(long id) {
    return store.byId(id);
  }

  public Incident require(long id) {
    return store.byId(id).orElseThrow(() -> Problem.notFound("incident", "no incident " + id));
  }

  private static IncidentCounts none(Incident i) {
    return IncidentCounts.none(i.serviceId(), i.fingerprint(), i.openedAt());
  }

  private static Incident require(Handle h, long id) {
    return IncidentStore.byId(h, id).orElseThrow(() -> Problem.notFound("incident", "no incident " + id));
  }

  public List<Incident> list(IncidentFilter filter) {
    return store.list(filter, null);
  }

  /** The incidents of the services whose team {@code teamVisible} accepts. */
  public List<Incident> list(IncidentFilter filter, Predicate<Long> teamVisible) {
    return store.list(filter, servicesOf(teamVisible));
  }

  /** Open incidents of the teams {@code teamVisible} accepts: [triggered, acknowledged]. */
  public long[] openCounts(Predicate<Long> teamVisible) {
    return store.openCounts(servicesOf(teamVisible));
  }

  /**
   * How often these alerts fired: incidents opened per week with any of the fingerprints, for
   * {@code weeks} weeks of {@code weekMillis} from {@code from}, read in one query.
   */
  public long[] weeklyCounts(Collection<String> fingerprints, long from, long weekMillis, int weeks) {
    List<String> list = distinct(fingerprints);
    return db.withHandle(h -> IncidentStore.weeklyCounts(h, list, from, weekMillis, weeks));
  }

  /** Incidents opened with any of these fingerprints in [from, to), oldest first, at most {@code limit}. */
  public List<Incident> openedWith(Collection<String> fingerprints, long from, long to, int limit) {
    List<String> list = distinct(fingerprints);
    return db.withHandle(h -> IncidentStore.openedWith(h, list, from, to, limit));
  }

  /** The title of the latest incident of each fingerprint: what a rule is called where only its fingerprint is kept. */
  public Map<String, String> latestTitles(Collection<String> fingerprints) {
    List<String> list = distinct(fingerprints);
    return list.isEmpty() ? Map.of() : db.withHandle(h -> IncidentStore.latestTitles(h, list));
  }

  /**
   * How often each log action was written for incidents of these fingerprints opened in [from, to):
   * fingerprint → action → entries, in one query. There is at most one log entry per incident, so
   * this stays small where raw events would not.
   */
  public Map<String, Map<String, Long>> logActionCounts(Collection<String> fingerprints, long from, long to) {
    List<String> list = distinct(fingerprints);
    return list.isEmpty() ? Map.of() : db.withHandle(h -> IncidentStore.logActionCounts(h, list, from, to));
  }

  /** The team that owns the incident's service, for the access check; empty when there is no such incident. */
  public Optional<Long> teamOf(long incidentId) {
    return store.byId(incidentId).flatMap(i -> services.teamOf(i.serviceId()));
  }

  /**
   * The teams owning these incidents, for the access check of a bulk request; empty when any of
   * them does not exist or belongs to no team, so the whole request answers as for a missing one.
   */
  public Set<Long> teamsOf(Collection<Long> incidentIds) {
    List<Long> ids = distinct(incidentIds);
    if (ids.isEmpty() || ids.size() > MAX_BULK) {
      return Set.of();
    }
    List<Incident> found = db.withHandle(h -> IncidentStore.byIds(h, ids));
    if (found.size() != ids.size()) {
      return Set.of();
    }
    Set<Long> teams = new java.util.HashSet<>();
    for (long serviceId : found.stream().map(Incident::serviceId).collect(Collectors.toSet())) {
      Optional<Long> team = services.teamOf(serviceId);
      if (team.isEmpty()) {
        return Set.of();
      }
      teams.add(team.get());
    }
    return teams;
  }

  /** The ids of the services whose team {@code team} accepts (for a page: those whose incidents a person may act on). */
  public Set<Long> serviceIds(Predicate<Long> team) {
    return servicesOf(team);
  }

  private Set<Long> servicesOf(Predicate<Long> teamVisible) {
    return services.all(teamVisible).stream().map(Service::id).collect(Collectors.toSet());
  }

  /** An incident with everything its page shows. */
  public record Detail(Incident incident, String serviceName, List<TimelineEntry> timeline, Optional<LogEntry> log,
      Map<Long, String> userNames) {

    /** When the latest paging on the timeline reached nobody, what it said; else "". */
    public String pagingWarning() {
      for (int i = timeline.size() - 1; i >= 0; i--) {
        TimelineEntry t = timeline.get(i);
        if (PAGING_KINDS.contains(t.kind())) {
          return "not paged".equals(t.kind()) || t.detail().contains("no one notified") ? t.detail() : "";
        }
      }
      return "";
    }
  }

  /** The timeline kinds that say whom an incident paged ("escalated") or that it paged nobody ("not paged"). */
  static final java.util.Set<String> PAGING_KINDS = java.util.Set.of("escalated", "not paged");

  /** For each of these incidents, the latest line that says whom it paged (or that it paged nobody). */
  public Map<Long, String> pagingOf(List<Incident> list) {
    if (list.isEmpty()) {
      return Map.of();
    }
    Map<Long, String> paging = new java.util.HashMap<>(store.latestPaging(list.stream().map(Incident::id).toList()));
    if (list.stream().anyMatch(i -> i.assigneeId() != null)) {
      // Whom someone handed the incident to matters more than whom the policy paged.
      Map<Long, String> names = userNames();
      for (Incident i : list) {
        if (i.assigneeId() != null) {
          String paged = paging.getOrDefault(i.id(), "");
          paging.put(i.id(), "assigned to " + names.getOrDefault(i.assigneeId(), "user " + i.assigneeId()) + (paged.isEmpty() ? "" : " · " + paged));
        }
      }
    }
    return paging;
  }

  public Detail detail(long id) {
    Incident incident = require(id);
    Map<Long, String> names = userNames();
    List<TimelineEntry> timeline = new ArrayList<>(eventHistory == null ? List.of() : eventHistory.eventsOf(id));
    for (TimelineEntry a : store.actions(id)) {
      String actor = "null".equals(a.actor()) ? "" : names.getOrDefault(Long.valueOf(a.actor()), "user " + a.actor());
      timeline.add(new TimelineEntry(a.at(), a.lastAt(), a.kind(), actor, a.detail(), a.count()));
    }
    timeline.sort(Comparator.comparingLong(TimelineEntry::at));
    String serviceName = services.byId(incident.serviceId()).map(Service::name).orElse("service " + incident.serviceId());
    return new Detail(incident, serviceName, timeline, store.logEntry(id), names);
  }

  /** The body of the alert event that opened an incident, for messages that carry the alert's labels. */
  public Optional<String> firstEventBody(long incidentId) {
    return eventHistory == null ? Optional.empty() : eventHistory.firstEventBody(incidentId);
  }

  /** What the alert says (summary, links, details, images), from its first event. */
  public AlertContent content(long incidentId) {
    return AlertContent.of(firstEventBody(incidentId).orElse(null));
  }

  /** What a page says about this incident, its first event read from the store. */
  public IncidentFacts facts(Incident incident) {
    return IncidentFacts.of(incident, firstEventBody(incident.id()).orElse(null));
  }

  public Map<Long, String> userNames() {
    return people.users().stream().collect(Collectors.toMap(User::id, User::name));
  }

  public Map<Long, String> serviceNames() {
    return services.all().stream().collect(Collectors.toMap(Service::id, Service::name));
  }

  /**
   * A count of who handled incidents of a service: {@code what} is {@code incidents} (how many were
   * opened, {@code userId} null), {@code ack}, {@code resolve} or {@code log} (a person's count).
   */
  public record Handling(long serviceId, String what, Long userId, long count) {}

  /** Who handled the incidents of these services opened in [from, to), read in one query. */
  public List<Handling> handling(Collection<Long> serviceIds, long from, long to) {
    List<Long> list = distinct(serviceIds);
    return db.withHandle(h -> IncidentStore.handling(h, list, from, to));
  }

  /** What someone handled in a week, and which of those still lack a log entry. */
  public record Week(long from, long to, List<HandledIncident> handled) {
    public long gaps() {
      return handled.stream().filter(x -> x.log() == null).count();
    }
  }

  /** One incident in "my week"; {@code log} is null while the entry is still to write. */
  public record HandledIncident(Incident incident, String serviceName, LogEntry log) {}

  /** The incidents of these services opened in [from, to), oldest first, with their log entries; at most {@code limit}. */
  public List<HandledIncident> openedOn(Collection<Long> serviceIds, long from, long to, int limit) {
    return handled(store.openedOn(serviceIds, from, to, limit));
  }

  public Week week(long userId, long from, long to) {
    return new Week(from, to, handled(store.handledBy(userId, from, to)));
  }

  private List<HandledIncident> handled(List<IncidentStore.Handled> rows) {
    Map<Long, String> serviceNames = serviceNames();
    Function<Long, String> name = id -> serviceNames.getOrDefault(id, "service " + id);
    return rows.stream().map(x -> new HandledIncident(x.incident(), name.apply(x.incident().serviceId()), x.log())).toList();
  }

  /** Each value once, in the order given. */
  private static <T> List<T> distinct(Collection<T> values) {
    return List.copyOf(new java.util.LinkedHashSet<>(values));
  }
}
