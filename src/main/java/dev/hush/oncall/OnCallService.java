package dev.hush.oncall;

import static dev.hush.people.AuditLog.state;

import dev.hush.core.Problem;
import dev.hush.core.Secrets;
import dev.hush.people.PeopleService;
import dev.hush.people.User;
import dev.hush.store.Database;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Rotations, schedules and overrides, and the one answer to "who is on call": the API, the UI,
 * the CLI and the escalation engine all ask {@link #onCallAt}.
 */
public final class OnCallService {
  private static final Duration MAX_RANGE = Duration.ofDays(3 * 366);
  private static final Duration CALENDAR_MARGIN = Duration.ofDays(31);

  private final Database db;
  private final OncallStore store;
  private final PeopleService people;
  private final Clock clock;

  public OnCallService(Database db, PeopleService people, Clock clock) {
    this.db = db;
    this.store = new OncallStore(db);
    this.people = people;
    this.clock = clock;
  }

  // ---- rotations ------------------------------------------------------------------------------

  public Rotation createRotation(long teamId, String name, String zone, ShiftKind kind, int length, LocalTime handoffTime,
      DayOfWeek handoffDay, LocalDate startDate, List<Long> userIds) {
    return createRotation(teamId, name, zone, kind, length, handoffTime, handoffDay, startDate, userIds, null);
  }

  /** {@code actorId}: who does it, for the audit log (null: the command line or Hush itself), as in every change below. */
  public Rotation createRotation(long teamId, String name, String zone, ShiftKind kind, int length, LocalTime handoffTime,
      DayOfWeek handoffDay, LocalDate startDate, List<Long> userIds, Long actorId) {
    String n = requireName(name);
    Rotation r = unsaved(teamId, n, zone, kind, length, handoffTime, handoffDay, startDate, userIds);
    return db.inTransaction(h -> {
      Rotation created = store.rotation(store.insertRotation(teamId, r, clock.millis())).orElseThrow();
      people.audit(h, actorId, "rotation.create", "rotation:" + created.id(), teamId, null, audited(created));
      return created;
    });
  }

  /** A rotation as it would be created, checked the same way, but not stored (id 0). */
  private Rotation unsaved(long teamId, String name, String zone, ShiftKind kind, int length, LocalTime handoffTime, DayOfWeek handoffDay,
      LocalDate startDate, List<Long> userIds) {
    ZoneId z = zone(zone);
    if (kind == ShiftKind.DAILY && length != 1) {
      throw Problem.invalid("length", "a daily rotation hands off every day; for " + length + "-day shifts use kind 'days' with length " + length);
    }
    if (length < 1 || length > (kind == ShiftKind.HOURS ? 24 * 28 : 52)) {
      throw Problem.invalid("length", "length must be between 1 and " + (kind == ShiftKind.HOURS ? 24 * 28 : 52));
    }
    requireMembers(teamId, userIds);
    return new Rotation(0, name, z, kind, length, handoffTime == null ? LocalTime.of(9, 0) : handoffTime,
        kind == ShiftKind.WEEKLY ? (handoffDay == null ? DayOfWeek.MONDAY : handoffDay) : null,
        startDate == null ? LocalDate.now(z) : startDate, List.of(new Rotation.Order(clock.millis(), List.copyOf(userIds))));
  }

  /** One hand-off: at {@code at} (epoch ms) the shift passes to {@code userId}. */
  public record Handoff(long at, Long userId) {}

  /**
   * The next {@code count} hand-offs of a rotation not created yet, as the form describes it: the
   * same checks as {@link #createRotation} and the same shift arithmetic as the schedule, so the
   * preview shows what the rotation will do, across DST changes too. From now, or from the first
   * shift when the rotation starts later.
   */
  public List<Handoff> previewHandoffs(long teamId, String zone, ShiftKind kind, int length, LocalTime handoffTime, DayOfWeek handoffDay,
      LocalDate startDate, List<Long> userIds, int count) {
    Rotation r = unsaved(teamId, "preview", zone, kind, length, handoffTime, handoffDay, startDate, userIds);
    long next = Math.max(0, RotationMath.indexAt(r, clock.instant()) + 1);
    List<Handoff> out = new ArrayList<>();
    for (long k = next; k < next + count; k++) {
      out.add(new Handoff(RotationMath.start(r, k).toEpochMilli(), RotationMath.userOf(r, k)));
    }
    return out;
  }

  /** What the audit log keeps of a rotation: its settings and its current turn order. */
  private static Map<String, Object> audited(Rotation r) {
    return state("name", r.name(), "zone", r.zone().getId(), "kind", r.kind(), "length", r.length(),
        "handoff_time", r.handoffTime().toString(), "handoff_day", r.handoffDay() == null ? null : r.handoffDay().name().toLowerCase(Locale.ROOT),
        "start_date", r.startDate().toString(), "user_ids", r.orders().getLast().userIds());
  }

  /**
   * A new turn order, in force from the next hand-off: the person on call now finishes their
   * shift, and shifts already past keep who held them.
   */
  public Rotation reorder(long rotationId, List<Long> userIds) {
    return reorder(rotationId, userIds, null);
  }

  public Rotation reorder(long rotationId, List<Long> userIds, Long actorId) {
    Rotation r = rotation(rotationId);
    long team = store.rotationTeam(rotationId).orElseThrow();
    requireMembers(team, userIds);
    Instant now = clock.instant();
    long next = RotationMath.start(r, RotationMath.indexAt(r, now) + 1).toEpochMilli();
    long from = Math.max(next, now.toEpochMilli());
    db.useTransaction(h -> {
      store.addOrder(rotationId, new Rotation.Order(from, List.copyOf(userIds)));
      people.audit(h, actorId, "rotation.reorder", "rotation:" + rotationId, team, state("user_ids", r.orders().getLast().userIds()),
          state("user_ids", userIds, "effective_from", Instant.ofEpochMilli(from).toString()));
    });
    return rotation(rotationId);
  }

  /** A new turn order for one of the schedule's rotations; a rotation that is not one of its layers is not found. */
  public Rotation reorderInSchedule(long scheduleId, long rotationId, List<Long> userIds, Long actorId) {
    if (schedule(scheduleId).layers().stream().noneMatch(l -> l.rotation().id() == rotationId)) {
      throw Problem.notFound("rotation", "no rotation " + rotationId + " in schedule " + scheduleId);
    }
    return reorder(rotationId, userIds, actorId);
  }

  public Rotation rotation(long id) {
    return store.rotation(id).orElseThrow(() -> Problem.notFound("rotation", "no rotation " + id));
  }

  public List<Rotation> rotations() {
    return store.rotations();
  }

  /** The rotations of the teams a person sees. */
  public List<Rotation> rotations(Predicate<Long> teamVisible) {
    Map<Long, Long> teams = store.rotationTeams();
    return store.rotations().stream().filter(r -> teamVisible.test(teams.get(r.id()))).toList();
  }

  /** For the access check: the team owning the rotation, empty when there is none. */
  public Optional<Long> rotationTeam(long rotationId) {
    return store.rotationTeam(rotationId);
  }

  public Optional<Long> scheduleTeam(long scheduleId) {
    return store.scheduleTeam(scheduleId);
  }

  public Optional<Long> swapTeam(long swapId) {
    return store.swapTeam(swapId);
  }

  // ---- schedules ------------------------------------------------------------------------------

  public Schedule createSchedule(long teamId, String name) {
    return createSchedule(teamId, name, null);
  }

  public Schedule createSchedule(long teamId, String name, Long actorId) {
    String n = requireName(name);
    if (scheduleNamed(n).isPresent()) {
      throw Problem.conflict("name", "a schedule named '" + n + "' exists already");
    }
    return db.inTransaction(h -> {
      Schedule created = schedule(store.insertSchedule(teamId, n, clock.millis()));
      people.audit(h, actorId, "schedule.create", "schedule:" + created.id(), teamId, null, state("name", n));
      return created;
    });
  }

  /** Places a rotation in a schedule; a higher level wins where its restriction allows. */
  public Schedule addLayer(long scheduleId, long rotationId, int level, Restriction restriction) {
    return addLayer(scheduleId, rotationId, level, restriction, null);
  }

  public Schedule addLayer(long scheduleId, long rotationId, int level, Restriction restriction, Long actorId) {
    Schedule schedule = schedule(scheduleId);
    rotation(rotationId);
    if (rotationTeam(rotationId).orElseThrow() != schedule.teamId()) {
      throw Problem.invalid("rotation_id", "the rotation belongs to another team than the schedule");
    }
    if (restriction != null && restriction.days().isEmpty()) {
      throw Problem.invalid("restrict_days", "a restriction needs at least one day");
    }
    db.useTransaction(h -> {
      long layer = store.insertLayer(scheduleId, level, rotationId, restriction);
      people.audit(h, actorId, "schedule.layer_add", "schedule:" + scheduleId, schedule.teamId(), null,
          state("layer_id", layer, "level", level, "rotation_id", rotationId, "restriction", restriction == null ? null
              : state("days", restriction.days().stream().sorted().map(d -> d.name().toLowerCase(Locale.ROOT)).toList(),
                  "from", restriction.from().toString(), "until", restriction.until().toString())));
    });
    return schedule(scheduleId);
  }

  public Schedule schedule(long id) {
    return store.schedule(id).orElseThrow(() -> Problem.notFound("schedule", "no schedule " + id));
  }

  public List<Schedule> schedules() {
    return store.schedules();
  }

  /** The schedules of the teams a person sees. */
  public List<Schedule> schedules(Predicate<Long> teamVisible) {
    return store.schedules().stream().filter(s -> teamVisible.test(s.teamId())).toList();
  }

  /** Schedule names are unique regardless of case (see {@link #createSchedule}). */
  public Optional<Schedule> scheduleNamed(String name) {
    return store.schedules().stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
  }

  // ---- overrides and swaps --------------------------------------------------------------------

  public Override addOverride(long scheduleId, long start, long end, Override.Kind kind, long userId, Long replacesUserId, String note,
      Long actorId) {
    Schedule schedule = schedule(scheduleId);
    requireRange(start, end);
    requireMembers(schedule.teamId(), List.of(userId));
    String text = note == null ? "" : note.strip();
    if (text.length() > 500) {
      throw Problem.invalid("note", "note may have at most 500 characters");
    }
    return db.inTransaction(h -> {
      long id = store.insertOverride(scheduleId, new Override(0, start, end, kind, userId, replacesUserId, text), actorId, clock.millis());
      Override created = store.override(scheduleId, id).orElseThrow();
      people.audit(h, actorId, "override.create", "schedule:" + scheduleId, schedule.teamId(), null, audited(created));
      return created;
    });
  }

  public void deleteOverride(long scheduleId, long overrideId) {
    deleteOverride(scheduleId, overrideId, null);
  }

  public void deleteOverride(long scheduleId, long overrideId, Long actorId) {
    db.useTransaction(h -> {
      Optional<Override> before = store.override(scheduleId, overrideId);
      if (before.isEmpty() || store.deleteOverride(scheduleId, overrideId) == 0) {
        throw Problem.notFound("override", "no override " + overrideId + " on schedule " + scheduleId);
      }
      people.audit(h, actorId, "override.delete", "schedule:" + scheduleId, scheduleTeam(scheduleId).orElse(null), audited(before.get()), null);
    });
  }

  /** What the audit log keeps of an override. */
  private static Map<String, Object> audited(Override o) {
    return state("override_id", o.id(), "kind", o.kind(), "user_id", o.userId(), "replaces_user_id", o.replacesUserId(),
        "start", Instant.ofEpochMilli(o.start()).toString(), "end", Instant.ofEpochMilli(o.end()).toString(), "note", o.note());
  }

  public List<Override> overrides(long scheduleId, long from, long to) {
    return store.overrides(scheduleId, from, to);
  }

  /** Asks {@code counterpartId} to take over [start, end) from {@code requesterId}. */
  public ShiftSwap requestSwap(long scheduleId, long requesterId, long counterpartId, long start, long end) {
    Schedule schedule = schedule(scheduleId);
    requireRange(start, end);
    requireMembers(schedule.teamId(), List.of(counterpartId));
    if (requesterId == counterpartId) {
      throw Problem.invalid("counterpart_id", "a swap needs someone else");
    }
    return db.inTransaction(h -> {
      ShiftSwap created = store.swap(store.insertSwap(new ShiftSwap(0, scheduleId, requesterId, counterpartId, start, end, "pending"),
          clock.millis())).orElseThrow();
      people.audit(h, requesterId, "swap.request", "schedule:" + scheduleId, schedule.teamId(), null, audited(created));
      return created;
    });
  }

  /** What the audit log keeps of a shift swap. */
  private static Map<String, Object> audited(ShiftSwap s) {
    return state("swap_id", s.id(), "requester_id", s.requesterId(), "counterpart_id", s.counterpartId(),
        "start", Instant.ofEpochMilli(s.start()).toString(), "end", Instant.ofEpochMilli(s.end()).toString(), "status", s.status());
  }

  /** Only the counterpart decides; accepting puts them on call instead of the requester for the range. */
  public ShiftSwap decideSwap(long swapId, long userId, boolean accept) {
    ShiftSwap s = store.swap(swapId).orElseThrow(() -> Problem.notFound("swap", "no swap " + swapId));
    if (s.counterpartId() != userId) {
      throw Problem.forbidden("only the person asked can accept or decline this swap");
    }
    return db.inTransaction(h -> {
      if (!store.decideSwap(s, accept, clock.millis())) {
        throw Problem.conflict("status", "this swap was already " + s.status());
      }
      ShiftSwap decided = store.swap(swapId).orElseThrow();
      people.audit(h, userId, accept ? "swap.accept" : "swap.decline", "schedule:" + s.scheduleId(), scheduleTeam(s.scheduleId()).orElse(null),
          audited(s), audited(decided));
      return decided;
    });
  }

  public List<ShiftSwap> swapsFor(long userId) {
    return store.swapsFor(userId);
  }

  // ---- who is on call -------------------------------------------------------------------------

  public List<Long> onCallAt(long scheduleId, Instant t) {
    Schedule s = schedule(scheduleId);
    return ScheduleMath.onCallAt(s.layers(), store.overrides(scheduleId, t.toEpochMilli(), t.toEpochMilli() + 1), t);
  }

  /** Everyone on call now, per schedule, with the next hand-off. */
  public record NowAndNext(Schedule schedule, List<Long> now, long nextChange, List<Long> next) {}

  /** Who is on call now and next on each schedule of the teams {@code teamVisible} accepts. */
  public List<NowAndNext> nowAndNext(Predicate<Long> teamVisible) {
    Instant now = clock.instant();
    List<NowAndNext> out = new ArrayList<>();
    for (Schedule s : schedules(teamVisible)) {
      List<Segment> segs = segments(s, now, now.plus(Duration.ofDays(60)));
      Segment current = segs.isEmpty() ? null : segs.get(0);
      Segment following = segs.size() > 1 ? segs.get(1) : null;
      out.add(new NowAndNext(s, current == null ? List.of() : current.userIds(), following == null ? 0 : following.start(),
          following == null ? List.of() : following.userIds()));
    }
    return out;
  }

  /** [from, to) as segments with their people; gaps included with nobody. */
  public List<Segment> shifts(long scheduleId, long from, long to) {
    requireRange(from, to);
    return segments(schedule(scheduleId), Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
  }

  private List<Segment> segments(Schedule s, Instant from, Instant to) {
    return ScheduleMath.segments(s.layers(), store.overrides(s.id(), from.toEpochMilli(), to.toEpochMilli()), from, to);
  }

  /**
   * A week or a month of the schedule around {@code anchor}, by day in the viewer's zone: who is on
   * call, the gaps, and what overrides decide. Before the earliest of its rotations starts nothing
   * is missing yet, so that time is not shown as a gap. {@code anchor} null: today.
   */
  public ScheduleCalendar calendar(long scheduleId, ScheduleCalendar.Span span, LocalDate anchor, ZoneId viewer) {
    Schedule s = schedule(scheduleId);
    LocalDate today = LocalDate.now(clock.withZone(viewer));
    LocalDate day = anchor == null ? today : anchor;
    LocalDate[] range = ScheduleCalendar.range(span, day);
    // A stretch that starts before the first day shown or ends after the last keeps its whole range
    // (an override made from it covers all of it), so look a shift's length or more beyond both ends.
    Instant from = range[0].atStartOfDay(viewer).toInstant().minus(CALENDAR_MARGIN);
    Instant to = range[1].atStartOfDay(viewer).toInstant().plus(CALENDAR_MARGIN);
    Long firstShift = s.layers().stream().map(l -> RotationMath.firstStart(l.rotation()).toEpochMilli()).min(Long::compare).orElse(null);
    List<Override> overrides = store.overrides(s.id(), from.toEpochMilli(), to.toEpochMilli());
    return ScheduleCalendar.of(span, day, today, viewer, ScheduleMath.segments(s.layers(), overrides, from, to), overrides, firstShift);
  }

  /** One person's shifts across every schedule, for [from, to). */
  public List<Segment> shiftsOf(long userId, long from, long to) {
    requireRange(from, to);
    List<Segment> mine = new ArrayList<>();
    for (long scheduleId : store.scheduleIdsWithUser(userId)) {
      for (Segment seg : shifts(scheduleId, from, to)) {
        if (seg.userIds().contains(userId)) {
          mine.add(new Segment(seg.start(), seg.end(), List.of(userId)));
        }
      }
    }
    mine.sort(Comparator.comparingLong(Segment::start));
    return mine;
  }

  public Fairness fairness(long scheduleId, long from, long to) {
    Map<Long, ZoneId> zones = people.users().stream().collect(Collectors.toMap(User::id, u -> ZoneId.of(u.timeZone())));
    Function<Long, ZoneId> zoneOf = id -> zones.getOrDefault(id, ZoneId.of("UTC"));
    return Fairness.of(shifts(scheduleId, from, to), from, to, zoneOf);
  }

  // ---- iCal -----------------------------------------------------------------------------------

  /** A subscription feed: its id (to revoke it) and its secret token (shown once). */
  public record Feed(long id, String token) {}

  /** A new secret subscription URL token for a schedule or a person (exactly one of them). */
  public Feed createFeed(Long scheduleId, Long userId, long actorId) {
    if ((scheduleId == null) == (userId == null)) {
      throw Problem.invalid("schedule_id", "a feed is for one schedule or one person");
    }
    if (scheduleId != null) {
      schedule(scheduleId);
    } else {
      requireUsers(List.of(userId));
    }
    String token = Secrets.generate("ical_", 32);
    return db.inTransaction(h -> {
      long id = store.insertFeed(Secrets.sha256(token), scheduleId, userId, actorId, clock.millis());
      auditFeed(h, actorId, "feed.create", scheduleId, userId, null, state("feed_id", id, "active", true));
      return new Feed(id, token);
    });
  }

  /** Only whoever made a feed revokes it (its URL was theirs to hand out). */
  public void revokeFeed(long feedId, long actorId) {
    db.useTransaction(h -> {
      Optional<Long[]> owner = store.feedById(feedId);
      if (owner.isEmpty() || store.revokeFeed(feedId, actorId, clock.millis()) == 0) {
        throw Problem.notFound("feed", "no active feed " + feedId);
      }
      auditFeed(h, actorId, "feed.revoke", owner.get()[0], owner.get()[1], state("feed_id", feedId, "active", true),
          state("feed_id", feedId, "active", false));
    });
  }

  /** A feed is its schedule's (and its team's) or its person's; its secret URL is never recorded. */
  private void auditFeed(Handle h, long actorId, String action, Long scheduleId, Long userId, Object before, Object after) {
    if (scheduleId != null) {
      people.audit(h, actorId, action, "schedule:" + scheduleId, scheduleTeam(scheduleId).orElse(null), before, after);
    } else {
      people.audit(h, actorId, action, "user:" + userId, null, before, after);
    }
  }

  /** The calendar behind a feed token: two weeks back, twelve ahead. Empty when the token is unknown or revoked. */
  public Optional<String> feedCalendar(String token) {
    if (token == null || !token.startsWith("ical_")) {
      return Optional.empty();
    }
    return store.feed(Secrets.sha256(token)).map(ids -> {
      long now = clock.millis();
      long from = now - Duration.ofDays(14).toMillis();
      long to = now + Duration.ofDays(84).toMillis();
      Map<Long, String> names = people.users().stream().collect(Collectors.toMap(User::id, User::name));
      if (ids[0] != null) {
        Schedule s = schedule(ids[0]);
        return ICalendars.export(s.name(), shifts(s.id(), from, to), names);
      }
      return ICalendars.export(names.getOrDefault(ids[1], "me"), shiftsOf(ids[1], from, to), names);
    });
  }

  /** What an imported calendar's events mean for a schedule. */
  public enum ImportMode {
    /** Each event takes the people it names off call (holidays, leave). */
    UNAVAILABLE,
    /** Each event puts the person it names on call instead of anyone else. */
    ON_CALL
  }

  /**
   * Turns the events of an iCal feed in the next {@code days} into overrides. An event names people
   * by attendee e-mail or by an e-mail in its summary; events naming nobody known are reported back.
   */
  public record ImportResult(int overridesCreated, List<String> skipped) {}

  public ImportResult importCalendar(long scheduleId, String ics, ImportMode mode, int days, long actorId) {
    Schedule schedule = schedule(scheduleId);
    if (ics == null || ics.isBlank()) {
      throw Problem.invalid("ics", "the calendar is empty");
    }
    if (days < 1 || days > 730) {
      throw Problem.invalid("days", "days must be between 1 and 730");
    }
    Instant now = clock.instant();
    Map<String, Long> byEmail = people.users().stream().collect(Collectors.toMap(User::email, User::id));
    List<ICalendars.ImportedEvent> events = ICalendars.parse(ics, ZoneId.of("UTC"), now, now.plus(Duration.ofDays(days)));
    return db.inTransaction(h -> {
      int created = 0;
      List<String> skipped = new ArrayList<>();
      for (ICalendars.ImportedEvent e : events) {
        List<Long> users = e.emails().stream().map(byEmail::get).filter(java.util.Objects::nonNull).distinct().toList();
        if (users.isEmpty() || e.end() <= e.start()) {
          skipped.add(e.summary());
          continue;
        }
        for (long user : mode == ImportMode.ON_CALL ? users.subList(0, 1) : users) {
          store.insertOverride(scheduleId, new Override(0, e.start(), e.end(),
              mode == ImportMode.ON_CALL ? Override.Kind.REPLACE : Override.Kind.REMOVE, user, null, "imported: " + e.summary()),
              actorId, clock.millis());
          created++;
        }
      }
      people.audit(h, actorId, "schedule.import", "schedule:" + scheduleId, schedule.teamId(), null,
          state("mode", mode.name().toLowerCase(Locale.ROOT), "days", days, "overrides_created", created, "events_skipped", skipped.size()));
      return new ImportResult(created, skipped);
    });
  }

  // ---- validation -----------------------------------------------------------------------------

  /** Only the team's own people may be put on its rotations and schedules. */
  private void requireMembers(long teamId, List<Long> ids) {
    requireUsers(ids);
    Set<Long> members = people.memberIds(teamId);
    for (long id : ids) {
      if (!members.contains(id)) {
        throw Problem.invalid("user_ids", "user " + id + " is not in the team that owns this");
      }
    }
  }

  private void requireUsers(List<Long> ids) {
    if (ids == null || ids.isEmpty()) {
      throw Problem.invalid("user_ids", "at least one person is needed");
    }
    for (long id : ids) {
      if (people.user(id).isEmpty()) {
        throw Problem.invalid("user_ids", "no user " + id);
      }
    }
  }

  private static void requireRange(long start, long end) {
    if (end <= start) {
      throw Problem.invalid("end", "the end must be after the start");
    }
    if (end - start > MAX_RANGE.toMillis()) {
      throw Problem.invalid("end", "a range may span at most three years");
    }
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank() || name.strip().length() > 100) {
      throw Problem.invalid("name", "name: 1-100 characters");
    }
    return name.strip();
  }

  static ZoneId zone(String zone) {
    try {
      return ZoneId.of(zone == null ? "" : zone);
    } catch (DateTimeException e) {
      throw Problem.invalid("zone", "unknown time zone '" + zone + "' (use an IANA name like Europe/Berlin)");
    }
  }
}
