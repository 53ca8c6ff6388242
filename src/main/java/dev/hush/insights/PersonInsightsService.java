package dev.hush.insights;

import dev.hush.actions.ActionItem;
import dev.hush.actions.ActionService;
import dev.hush.core.Problem;
import dev.hush.incidents.IncidentService;
import dev.hush.oncall.Fairness;
import dev.hush.oncall.OnCallService;
import dev.hush.oncall.Rotation;
import dev.hush.oncall.Schedule;
import dev.hush.oncall.Segment;
import dev.hush.people.PeopleService;
import dev.hush.people.Team;
import dev.hush.people.User;
import dev.hush.services.Service;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The person-side insights of a team: interruptions by band, the fairness of the on-call load, and
 * the expertise map. Each covers whole weeks in the team's zone, the current week last.
 */
public final class PersonInsightsService {
  public static final int DEFAULT_WEEKS = 13;
  public static final int MAX_WEEKS = 52;
  private static final ZoneId UTC = ZoneId.of("UTC");

  private final Database db;
  private final PeopleService people;
  private final OnCallService oncall;
  private final ServiceCatalog services;
  private final IncidentService incidents;
  private final ActionService actions;
  private final HourBands bands;
  private final InterruptionsRollup rollup;
  private final Clock clock;

  public PersonInsightsService(Database db, PeopleService people, OnCallService oncall, ServiceCatalog services, IncidentService incidents,
      ActionService actions, HourBands bands, InterruptionsRollup rollup, Clock clock) {
    this.db = db;
    this.people = people;
    this.oncall = oncall;
    this.services = services;
    this.incidents = incidents;
    this.actions = actions;
    this.bands = bands;
    this.rollup = rollup;
    this.clock = clock;
  }

  /** The weeks a report covers: Monday 00:00 in {@code zone}, each as epoch ms; [from, to) spans them all. */
  public record Window(ZoneId zone, List<Long> weekStarts, long from, long to) {
    public Window {
      weekStarts = List.copyOf(weekStarts);
    }

    /**
     * The index of the week holding {@code at}, or -1 outside the window. The rollup keeps UTC hours, so in
     * a zone offset by a half hour a page in the first half hour of a Monday counts in the week before.
     */
    int weekOf(long at) {
      if (at < from || at >= to) {
        return -1;
      }
      int i = Collections.binarySearch(weekStarts, at);
      return i >= 0 ? i : -i - 2;
    }
  }

  /** For the access check: the team, when it exists. */
  public Optional<Long> teamExists(long teamId) {
    return people.teamExists(teamId);
  }

  /** The newest incident that paged this person (0: none yet), for a browser that tells them when a new one does. */
  public long latestPageOf(long userId) {
    return db.withHandle(h -> PersonInsightsStore.latestPageOf(h, userId));
  }

  /** Counts the pages found by migration 14 into the hourly rollup; at start-up. */
  public int catchUp() {
    return rollup.catchUp(db, () -> people.users().stream().collect(Collectors.toMap(User::id, User::timeZone)));
  }

  /** The {@code weeks} weeks up to and including the current one, in the team's zone. */
  public Window window(long teamId, int weeks) {
    if (weeks < 1 || weeks > MAX_WEEKS) {
      throw Problem.invalid("weeks", "weeks: 1-" + MAX_WEEKS);
    }
    ZoneId zone = teamZone(teamId);
    LocalDate monday = clock.instant().atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    List<Long> starts = new ArrayList<>();
    for (int i = weeks - 1; i >= 0; i--) {
      starts.add(monday.minusWeeks(i).atStartOfDay(zone).toInstant().toEpochMilli());
    }
    return new Window(zone, starts, starts.getFirst(), monday.plusWeeks(1).atStartOfDay(zone).toInstant().toEpochMilli());
  }

  /** The team's zone: its first rotation's, UTC without one. */
  private ZoneId teamZone(long teamId) {
    return oncall.rotations(sameTeam(teamId)).stream().min(Comparator.comparingLong(Rotation::id)).map(Rotation::zone).orElse(UTC);
  }

  private static Predicate<Long> sameTeam(long teamId) {
    return t -> t != null && t == teamId;
  }

  /** Each member's interruptions per week and band, from the hourly rollup. */
  public Interruptions interruptions(long teamId, int weeks) {
    Window w = window(teamId, weeks);
    Map<Long, String> members = members(teamId);
    Map<Long, Interruptions.Bands[]> byWeek = pagesByWeek(members.keySet(), w);
    List<Interruptions.Person> persons = new ArrayList<>();
    Interruptions.Bands[] team = empty(weeks);
    for (var m : members.entrySet()) {
      Interruptions.Bands[] mine = byWeek.getOrDefault(m.getKey(), empty(weeks));
      Interruptions.Bands total = Interruptions.Bands.NONE;
      for (int i = 0; i < weeks; i++) {
        total = total.plus(mine[i]);
        team[i] = team[i].plus(mine[i]);
      }
      persons.add(new Interruptions.Person(m.getKey(), m.getValue(), List.of(mine), total));
    }
    persons.sort(Comparator.comparingLong((Interruptions.Person p) -> -p.total().total()).thenComparing(Interruptions.Person::name));
    return new Interruptions(teamId, w.zone().getId(), weeks, w.from(), w.to(), w.weekStarts(), persons, List.of(team));
  }

  /**
   * The on-call load of the people on the team's schedules and of its paged members. Each schedule's
   * shifts are computed once (a few per team); a person on two of them at once counts those hours once.
   */
  public TeamFairness fairness(long teamId, int weeks) {
    Window w = window(teamId, weeks);
    // Hours carried so far: the rest of the current week is only planned.
    long until = Math.min(w.to(), clock.millis());
    Map<Long, List<long[]>> onCall = new HashMap<>();
    for (Schedule s : until <= w.from() ? List.<Schedule>of() : oncall.schedules(sameTeam(teamId))) {
      for (Segment seg : oncall.shifts(s.id(), w.from(), until)) {
        seg.userIds().forEach(u -> onCall.computeIfAbsent(u, k -> new ArrayList<>()).add(new long[] {seg.start(), seg.end()}));
      }
    }
    Map<Long, String> members = members(teamId);
    Set<Long> everyone = new LinkedHashSet<>(members.keySet());
    everyone.addAll(onCall.keySet());
    Map<Long, Interruptions.Bands> pages = new HashMap<>();
    pagesByWeek(everyone, w).forEach((u, perWeek) -> pages.put(u, Arrays.stream(perWeek).reduce(Interruptions.Bands.NONE,
        Interruptions.Bands::plus)));
    Map<Long, User> users = people.users().stream().collect(Collectors.toMap(User::id, u -> u));
    List<TeamFairness.Load> loads = new ArrayList<>();
    for (long u : everyone) {
      List<long[]> shifts = merged(onCall.getOrDefault(u, List.of()));
      Interruptions.Bands p = pages.getOrDefault(u, Interruptions.Bands.NONE);
      if (shifts.isEmpty() && p.total() == 0) {
        continue;
      }
      ZoneId zone = InterruptionsRollup.zoneOf(users.containsKey(u) ? users.get(u).timeZone() : null);
      double hours = 0;
      double sleep = 0;
      double offDays = 0;
      for (long[] s : shifts) {
        hours += (s[1] - s[0]) / 3_600_000.0;
        sleep += Fairness.overlapWithDaily(s[0], s[1], zone, bands.sleepStart(), bands.sleepEnd());
        offDays += TeamFairness.offDayHours(s[0], s[1], zone, bands.businessDays());
      }
      String name = members.getOrDefault(u, users.containsKey(u) ? users.get(u).name() : "user " + u);
      loads.add(TeamFairness.Load.of(u, name, hours, sleep, offDays, p));
    }
    return TeamFairness.of(teamId, w.zone().getId(), weeks, w.from(), w.to(), loads);
  }

  /** Who handled the team's services' incidents opened in the window, and who mentored whom. */
  public Expertise expertise(long teamId, int weeks) {
    Window w = window(teamId, weeks);
    List<Service> owned = services.all(sameTeam(teamId)).stream().sorted(Comparator.comparing(Service::name)).toList();
    Map<Long, String> names = incidents.userNames();
    Map<Long, Long> incidentCounts = new HashMap<>();
    Map<Long, Map<Long, long[]>> handled = new HashMap<>();
    for (IncidentService.Handling h : incidents.handling(owned.stream().map(Service::id).toList(), w.from(), w.to())) {
      if (h.userId() == null) {
        incidentCounts.put(h.serviceId(), h.count());
        continue;
      }
      long[] c = handled.computeIfAbsent(h.serviceId(), k -> new LinkedHashMap<>()).computeIfAbsent(h.userId(), k -> new long[3]);
      c[switch (h.what()) {
        case "ack" -> 0;
        case "resolve" -> 1;
        default -> 2;
      }] += h.count();
    }
    List<Expertise.ServiceExpertise> perService = new ArrayList<>();
    for (Service s : owned) {
      List<Expertise.Person> persons = handled.getOrDefault(s.id(), Map.of()).entrySet().stream()
          .map(e -> new Expertise.Person(e.getKey(), names.getOrDefault(e.getKey(), "user " + e.getKey()), e.getValue()[0], e.getValue()[1],
              e.getValue()[2]))
          .sorted(Comparator.comparingLong((Expertise.Person p) -> -p.total()).thenComparing(Expertise.Person::name)).toList();
      long count = incidentCounts.getOrDefault(s.id(), 0L);
      int handlers = (int) persons.stream().filter(Expertise.Person::handler).count();
      perService.add(new Expertise.ServiceExpertise(s.id(), s.name(), count, persons, handlers, count > 0 && handlers == 1));
    }
    return new Expertise(teamId, w.zone().getId(), weeks, w.from(), w.to(), perService, mentoring(teamId, w, names));
  }

  /** Mentor → owner pairs of the team's action items that were open at some point in the window. */
  private List<Expertise.Mentoring> mentoring(long teamId, Window w, Map<Long, String> names) {
    Map<List<Long>, Long> pairs = new LinkedHashMap<>();
    for (ActionItem i : actions.list(new ActionService.Filter(teamId, null, null, false), t -> true)) {
      if (i.mentorId() != null && i.createdAt() < w.to() && (i.doneAt() == null || i.doneAt() >= w.from())) {
        pairs.merge(List.of(i.mentorId(), i.ownerId()), 1L, Long::sum);
      }
    }
    return pairs.entrySet().stream()
        .map(e -> new Expertise.Mentoring(e.getKey().get(0), names.getOrDefault(e.getKey().get(0), "user " + e.getKey().get(0)),
            e.getKey().get(1), names.getOrDefault(e.getKey().get(1), "user " + e.getKey().get(1)), e.getValue()))
        .sorted(Comparator.comparingLong((Expertise.Mentoring m) -> -m.items()).thenComparing(Expertise.Mentoring::mentorName)).toList();
  }

  /** The team's members by id, in name order. */
  private Map<Long, String> members(long teamId) {
    Map<Long, String> out = new LinkedHashMap<>();
    people.teams().stream().filter(t -> t.id() == teamId).flatMap(t -> t.members().stream())
        .sorted(Comparator.comparing(Team.Member::name)).forEach(m -> out.put(m.userId(), m.name()));
    return out;
  }

  /** The people's interruptions per week of the window, from the hourly rollup in one query. */
  private Map<Long, Interruptions.Bands[]> pagesByWeek(Set<Long> userIds, Window w) {
    Map<Long, Interruptions.Bands[]> out = new HashMap<>();
    int weeks = w.weekStarts().size();
    for (PersonInsightsStore.Hour h : db.withHandle(handle -> PersonInsightsStore.hours(handle, userIds, w.from(), w.to()))) {
      int week = w.weekOf(h.hourStart());
      if (week >= 0) {
        Interruptions.Bands[] mine = out.computeIfAbsent(h.userId(), k -> empty(weeks));
        mine[week] = mine[week].plus(new Interruptions.Bands(h.business(), h.off(), h.sleep()));
      }
    }
    return out;
  }

  private static Interruptions.Bands[] empty(int weeks) {
    Interruptions.Bands[] a = new Interruptions.Bands[weeks];
    Arrays.fill(a, Interruptions.Bands.NONE);
    return a;
  }

  /** Overlapping stretches joined, so a person on two of the team's schedules at once counts those hours once. */
  static List<long[]> merged(List<long[]> intervals) {
    List<long[]> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparingLong(a -> a[0]));
    List<long[]> out = new ArrayList<>();
    for (long[] s : sorted) {
      if (!out.isEmpty() && s[0] <= out.getLast()[1]) {
        out.getLast()[1] = Math.max(out.getLast()[1], s[1]);
      } else {
        out.add(new long[] {s[0], s[1]});
      }
    }
    return out;
  }
}
