package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.oncall.Schedule;
import dev.hush.oncall.Segment;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "oncall", mixinStandardHelpOptions = true, description = "Who is on call.",
    subcommands = {OncallCommand.Now.class, OncallCommand.Shifts.class, OncallCommand.CreateRotation.class, OncallCommand.AddOverride.class,
        OncallCommand.Reorder.class, OncallCommand.SwapRequest.class, OncallCommand.SwapAnswer.class})
final class OncallCommand {

  @Command(name = "now", mixinStandardHelpOptions = true, description = "Who is on call now (or --at an instant), per schedule.")
  static final class Now implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Option(names = "--at", description = "an ISO 8601 instant, e.g. 2026-12-24T22:00:00Z (default: now)") Instant at;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        Instant when = at == null ? Instant.now() : at;
        Map<Long, String> names = hush.people().users().stream().collect(Collectors.toMap(User::id, User::name));
        for (Schedule s : hush.oncall().schedules()) {
          List<Long> people = hush.oncall().onCallAt(s.id(), when);
          System.out.printf("%s\t%s%n", s.name(), people.isEmpty() ? "NOBODY" : people.stream().map(names::get).collect(Collectors.joining(", ")));
        }
      }
      return 0;
    }
  }

  @Command(name = "shifts", mixinStandardHelpOptions = true, description = "A schedule's shifts for the next days.")
  static final class Shifts implements Callable<Integer> {
    @Mixin StoreOptions store;
    @picocli.CommandLine.Parameters(paramLabel = "SCHEDULE_ID") long scheduleId;
    @Option(names = "--days", defaultValue = "28") int days;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        Map<Long, String> names = hush.people().users().stream().collect(Collectors.toMap(User::id, User::name));
        long from = System.currentTimeMillis();
        for (Segment seg : hush.oncall().shifts(scheduleId, from, from + Duration.ofDays(days).toMillis())) {
          System.out.printf("%s\t%s\t%s%n", Instant.ofEpochMilli(seg.start()), Instant.ofEpochMilli(seg.end()),
              seg.gap() ? "NOBODY" : seg.userIds().stream().map(names::get).collect(Collectors.joining(", ")));
        }
      }
      return 0;
    }
  }

  @Command(name = "rotation-create", mixinStandardHelpOptions = true,
      description = "Create a rotation and put it as a layer in a schedule (created when missing).")
  static final class CreateRotation implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin TeamOption team;
    @Option(names = "--name", required = true) String name;
    @Option(names = "--schedule", description = "schedule name (default: the rotation's name)") String schedule;
    @Option(names = "--zone", defaultValue = "UTC", description = "IANA time zone of the hand-off (default: ${DEFAULT-VALUE})") String zone;
    @Option(names = "--kind", defaultValue = "weekly", description = "weekly, daily, days or hours") String kind;
    @Option(names = "--length", defaultValue = "1", description = "weeks, days or hours per shift") int length;
    @Option(names = "--handoff-day", defaultValue = "monday") String day;
    @Option(names = "--handoff-time", defaultValue = "09:00") String time;
    @Option(names = "--start-date", description = "first shift's date (default: today)") String startDate;
    @Option(names = "--people", required = true, split = ",", description = "e-mails, in turn order") List<String> people;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        List<Long> ids = people.stream().map(e -> hush.people().userByEmail(e)
            .orElseThrow(() -> dev.hush.core.Problem.invalid("people", "no user " + e)).id()).toList();
        long owner = team.resolve(hush);
        var rotation = hush.oncall().createRotation(owner, name, zone, dev.hush.oncall.ShiftKind.parse("kind", kind), length,
            java.time.LocalTime.parse(time), java.time.DayOfWeek.valueOf(day.toUpperCase(java.util.Locale.ROOT)),
            startDate == null ? null : java.time.LocalDate.parse(startDate), ids);
        String scheduleName = schedule == null ? name : schedule;
        Schedule s = hush.oncall().scheduleNamed(scheduleName).orElseGet(() -> hush.oncall().createSchedule(owner, scheduleName));
        hush.oncall().addLayer(s.id(), rotation.id(), s.layers().size() + 1, null);
        System.out.println("rotation " + rotation.id() + " in schedule " + s.id() + " " + s.name());
      }
      return 0;
    }
  }

  @Command(name = "override", mixinStandardHelpOptions = true, description = "Put someone on call (or take them off) for a time range.")
  static final class AddOverride implements Callable<Integer> {
    @Mixin StoreOptions store;
    @picocli.CommandLine.Parameters(paramLabel = "SCHEDULE_ID") long scheduleId;
    @Option(names = "--kind", defaultValue = "replace", description = "replace, add or remove") String kind;
    @Option(names = "--person", required = true, description = "e-mail") String person;
    @Option(names = "--start", required = true, description = "ISO 8601 instant") Instant start;
    @Option(names = "--end", required = true, description = "ISO 8601 instant") Instant end;
    @Option(names = "--note", defaultValue = "") String note;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        long user = hush.people().userByEmail(person).orElseThrow(() -> dev.hush.core.Problem.invalid("person", "no user " + person)).id();
        var o = hush.oncall().addOverride(scheduleId, start.toEpochMilli(), end.toEpochMilli(), dev.hush.oncall.Override.Kind.parse("kind", kind),
            user, null, note, null);
        System.out.println("override " + o.id());
      }
      return 0;
    }
  }

  static long userId(Hush hush, String email) {
    return hush.people().userByEmail(email).orElseThrow(() -> dev.hush.core.Problem.invalid("person", "no user " + email)).id();
  }

  @Command(name = "reorder", mixinStandardHelpOptions = true, description = "A rotation's new turn order, from its next hand-off.")
  static final class Reorder implements Callable<Integer> {
    @Mixin StoreOptions store;
    @picocli.CommandLine.Parameters(paramLabel = "ROTATION_ID") long rotationId;
    @Option(names = "--people", required = true, split = ",", description = "e-mails, in turn order") List<String> people;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        hush.oncall().reorder(rotationId, people.stream().map(e -> userId(hush, e)).toList());
        System.out.println("rotation " + rotationId + " reordered from its next hand-off");
      }
      return 0;
    }
  }

  @Command(name = "swap-request", mixinStandardHelpOptions = true, description = "Ask someone to take your shift for a time range.")
  static final class SwapRequest implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin IncidentCommand.Actor actor;
    @picocli.CommandLine.Parameters(paramLabel = "SCHEDULE_ID") long scheduleId;
    @Option(names = "--with", required = true, description = "e-mail of the person asked") String with;
    @Option(names = "--start", required = true) Instant start;
    @Option(names = "--end", required = true) Instant end;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        var swap = hush.oncall().requestSwap(scheduleId, actor.resolve(hush, TeamRole.RESPONDER, hush.oncall().scheduleTeam(scheduleId)).id(), userId(hush, with), start.toEpochMilli(), end.toEpochMilli());
        System.out.println("swap " + swap.id() + " pending");
      }
      return 0;
    }
  }

  @Command(name = "swap-answer", mixinStandardHelpOptions = true, description = "Accept or decline a swap you were asked for.")
  static final class SwapAnswer implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin IncidentCommand.Actor actor;
    @picocli.CommandLine.Parameters(paramLabel = "SWAP_ID") long swapId;
    @Option(names = "--accept", description = "accept (default: decline)") boolean accept;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        var swap = hush.oncall().decideSwap(swapId, actor.resolve(hush, TeamRole.RESPONDER, hush.oncall().swapTeam(swapId)).id(), accept);
        System.out.println("swap " + swap.id() + " " + swap.status());
      }
      return 0;
    }
  }
}
