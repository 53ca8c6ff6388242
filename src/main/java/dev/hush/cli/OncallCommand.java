package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.oncall.Schedule;
import dev.hush.oncall.Segment;
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
    subcommands = {OncallCommand.Now.class, OncallCommand.Shifts.class})
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
}
