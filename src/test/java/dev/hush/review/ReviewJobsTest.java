package dev.hush.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.oncall.ShiftKind;
import dev.hush.people.User;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hush opens each team's review on its own when the on-call week ends, through a job that looks again at least hourly. */
class ReviewJobsTest {

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theJobOpensEachActiveTeamsReviewWhenItsWeekEnds(StoreKind store) {
    ManualClock clock = new ManualClock(at("2026-11-09T08:59:00Z"));
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      User ann = t.person("ann@x.io", "Ann", "long-enough-pw", false, "UTC", null);
      User ben = t.person("ben@x.io", "Ben", "long-enough-pw", false, "UTC", null);
      var rotation = t.hush().oncall().createRotation(t.team(), "weekly", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
          LocalDate.parse("2026-10-26"), List.of(ann.id(), ben.id()));
      var schedule = t.hush().oncall().createSchedule(t.team(), "primary");
      t.hush().oncall().addLayer(schedule.id(), rotation.id(), 1, null);
      long idle = t.hush().people().createTeam("No on-call yet", null).id();
      ReviewJobs jobs = new ReviewJobs(t.hush().reviews(), t.hush().notifications(), t.hush().jobs(), clock, t.baseUrl());

      jobs.prepare(null);
      List<Review> reviews = t.hush().reviews().list(t.team(), null);
      assertThat(reviews).singleElement().satisfies(r -> {
        assertThat(r.weekStart()).isEqualTo(at("2026-10-26T09:00:00Z"));
        assertThat(r.facilitatorName()).isEqualTo("Ann");
      });
      assertThat(t.hush().reviews().list(idle, null)).as("a team with no services or schedules has nothing to review").isEmpty();
      jobs.prepare(null);
      assertThat(t.hush().reviews().list(t.team(), null)).as("looking again opens nothing new").hasSize(1);

      // One minute past the hand-off, Ben's week is reviewed.
      clock.set(at("2026-11-09T09:01:00Z"));
      jobs.prepare(null);
      assertThat(t.hush().reviews().list(t.team(), null).getFirst().facilitatorName()).isEqualTo("Ben");
      // Each look queues the next: at the coming hand-off when it is near, otherwise within the hour.
      assertThat(t.text("SELECT MIN(due_at) FROM jobs WHERE kind = :v AND status = 'pending'", ReviewJobs.PREPARE_JOB))
          .isEqualTo(String.valueOf(at("2026-11-09T09:00:00Z")));
      assertThat(t.text("SELECT MAX(due_at) FROM jobs WHERE kind = :v AND status = 'pending'", ReviewJobs.PREPARE_JOB))
          .isEqualTo(String.valueOf(at("2026-11-09T10:01:00Z")));
    }
  }
}
