import dev.hush.Hush;
import dev.hush.HushConfig;
import dev.hush.core.SecretBox;
import dev.hush.notify.AllowedTargets;
import dev.hush.oncall.Restriction;
import dev.hush.oncall.ShiftKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who is on call in 1,000 schedules at one instant. Each schedule has a weekly 24/7 layer and a
 * business-hours layer over it, and one override; the answer is computed the way the escalation
 * engine asks for it (OnCallService.onCallAt, store reads included).
 * Run: java -cp target/hush.jar bench/tools/OnCallBench.java [schedules] [rounds]
 */
public class OnCallBench {
  public static void main(String[] args) throws Exception {
    int schedules = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Path dir = Files.createTempDirectory("oncall-bench");
    try (Hush hush = Hush.open(new HushConfig(HushConfig.sqliteUrl(dir), null, "127.0.0.1", 0, "http://localhost", 0, false, "bench",
        HushConfig.DEFAULT_DELIVERY, AllowedTargets.NONE, SecretBox.fromBase64(SecretBox.newKey())), Clock.systemUTC())) {
      List<Long> users = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        users.add(hush.people().createUser("u" + i + "@bench.local", "User " + i, "bench-password-" + i, false,
            List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe").get(i % 5), null).id());
      }
      String[] zones = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"};
      List<Long> ids = new ArrayList<>();
      long now = System.currentTimeMillis();
      for (int s = 0; s < schedules; s++) {
        List<Long> team = List.of(users.get(s % 50), users.get((s + 7) % 50), users.get((s + 13) % 50), users.get((s + 29) % 50));
        var base = hush.oncall().createRotation("r" + s, zones[s % 5], ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
            LocalDate.now().minusWeeks(10 + s % 7), team);
        var office = hush.oncall().createRotation("o" + s, zones[s % 5], ShiftKind.DAILY, 1, LocalTime.of(9, 0), null,
            LocalDate.now().minusDays(30), team.subList(0, 2));
        var schedule = hush.oncall().createSchedule("s" + s);
        hush.oncall().addLayer(schedule.id(), base.id(), 1, null);
        hush.oncall().addLayer(schedule.id(), office.id(), 2, Restriction.businessHours());
        hush.oncall().addOverride(schedule.id(), now - 3_600_000, now + 3_600_000, dev.hush.oncall.Override.Kind.ADD,
            users.get((s + 3) % 50), null, "bench", null);
        ids.add(schedule.id());
      }
      Instant at = Instant.ofEpochMilli(now);
      double[] ms = new double[rounds];
      long answered = 0;
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        for (long id : ids) {
          answered += hush.oncall().onCallAt(id, at).size();
        }
        ms[r] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf("oncall_schedules=%d%noncall_all_p50_ms=%.1f%noncall_all_min_ms=%.1f%noncall_per_schedule_p50_us=%.1f%noncall_people_found=%d%n",
          schedules, ms[rounds / 2], ms[0], ms[rounds / 2] * 1000 / schedules, answered / rounds);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
