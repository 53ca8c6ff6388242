package dev.hush.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeamWeeksTest {
  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void weeksStartOnMondayMidnightInTheTeamsZoneAndSpanDstChanges() {
    TeamWeeks berlin = new TeamWeeks(ZoneId.of("Europe/Berlin"));
    // Sunday 23:30 UTC is already Monday 00:30 in Berlin (CET, UTC+1).
    assertThat(berlin.weekStart(at("2026-11-08T23:30:00Z"))).isEqualTo(at("2026-11-08T23:00:00Z"));
    assertThat(berlin.weekStart(at("2026-11-08T22:59:00Z"))).isEqualTo(at("2026-11-01T23:00:00Z"));
    // Summer time ends on Sunday 25 October: the week before starts at 00:00 CEST, the next at 00:00 CET,
    // so the week holding the change is 169 hours long.
    assertThat(berlin.weekStart(at("2026-10-21T12:00:00Z"))).isEqualTo(at("2026-10-18T22:00:00Z"));
    assertThat(berlin.weekStart(at("2026-10-28T12:00:00Z"))).isEqualTo(at("2026-10-25T23:00:00Z"));
    assertThat(berlin.next(at("2026-10-18T22:00:00Z")) - at("2026-10-18T22:00:00Z")).isEqualTo(169 * 3_600_000L);

    List<Long> last = berlin.last(3, at("2026-11-11T10:00:00Z"));
    assertThat(last).containsExactly(at("2026-10-25T23:00:00Z"), at("2026-11-01T23:00:00Z"), at("2026-11-08T23:00:00Z"));
    assertThat(TeamWeeks.indexOf(last, berlin.next(last.getLast()), at("2026-11-02T00:00:00Z"))).isEqualTo(1);
    assertThat(TeamWeeks.indexOf(last, berlin.next(last.getLast()), at("2026-10-25T22:59:59Z"))).isEqualTo(-1);
    assertThat(TeamWeeks.indexOf(last, berlin.next(last.getLast()), at("2026-11-15T23:00:00Z"))).isEqualTo(-1);

    assertThat(TeamWeeks.of(List.of()).zone()).isEqualTo(ZoneOffset.UTC);
  }
}
