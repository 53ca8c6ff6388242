package dev.hush.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Problem;
import dev.hush.people.User;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the rotation form and the schedule's calendar ask of the on-call service, on both stores. */
class RotationSetupTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void thePreviewShowsTheHandoffsTheCreatedRotationThenMakesAcrossSummerTime(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      OnCallService oncall = t.hush().oncall();
      User bo = t.person("bo@x.io", "Bo", "long-enough-pw", false, "UTC", null);
      List<Long> people = List.of(bo.id(), t.admin().id());
      // Berlin moves its clocks forward on Sunday 31 March 2030.
      List<OnCallService.Handoff> preview = oncall.previewHandoffs(t.team(), "Europe/Berlin", ShiftKind.DAILY, 1, LocalTime.of(9, 0), null,
          LocalDate.of(2030, 3, 29), people, 4);
      assertThat(preview).extracting(h -> Instant.ofEpochMilli(h.at()).toString())
          .containsExactly("2030-03-29T08:00:00Z", "2030-03-30T08:00:00Z", "2030-03-31T07:00:00Z", "2030-04-01T07:00:00Z");
      assertThat(preview).extracting(OnCallService.Handoff::userId).containsExactly(bo.id(), t.admin().id(), bo.id(), t.admin().id());
      assertThat(oncall.rotations()).as("a preview stores nothing").isEmpty();

      Rotation created = oncall.createRotation(t.team(), "primary", "Europe/Berlin", ShiftKind.DAILY, 1, LocalTime.of(9, 0), null,
          LocalDate.of(2030, 3, 29), people);
      Schedule schedule = oncall.createSchedule(t.team(), "primary");
      oncall.addLayer(schedule.id(), created.id(), 1, null);
      for (OnCallService.Handoff h : preview) {
        assertThat(oncall.onCallAt(schedule.id(), Instant.ofEpochMilli(h.at()))).as("the schedule agrees at " + h.at()).containsExactly(h.userId());
        assertThat(oncall.onCallAt(schedule.id(), Instant.ofEpochMilli(h.at() - 1))).doesNotContain(h.userId());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void thePreviewRefusesWhatCreatingWouldRefuseNamingTheField(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      OnCallService oncall = t.hush().oncall();
      User stranger = t.hush().people().createUser("s@x.io", "Stranger", "long-enough-pw", false, "UTC", null);
      assertThatThrownBy(() -> oncall.previewHandoffs(t.team(), "Mars/Olympus", ShiftKind.WEEKLY, 1, null, null, null, List.of(t.admin().id()), 6))
          .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("zone"));
      assertThatThrownBy(() -> oncall.previewHandoffs(t.team(), "UTC", ShiftKind.WEEKLY, 1, null, null, null, List.of(stranger.id()), 6))
          .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("user_ids"));
      assertThatThrownBy(() -> oncall.previewHandoffs(t.team(), "UTC", ShiftKind.WEEKLY, 53, null, null, null, List.of(t.admin().id()), 6))
          .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.field()).isEqualTo("length"));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aScheduleReordersOnlyItsOwnRotations(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      OnCallService oncall = t.hush().oncall();
      User bo = t.person("bo@x.io", "Bo", "long-enough-pw", false, "UTC", null);
      Rotation mine = oncall.createRotation(t.team(), "mine", "UTC", ShiftKind.DAILY, 1, LocalTime.of(9, 0), null, LocalDate.now(),
          List.of(t.admin().id(), bo.id()));
      Rotation elsewhere = oncall.createRotation(t.team(), "elsewhere", "UTC", ShiftKind.DAILY, 1, LocalTime.of(9, 0), null, LocalDate.now(),
          List.of(t.admin().id()));
      Schedule schedule = oncall.createSchedule(t.team(), "mine");
      oncall.addLayer(schedule.id(), mine.id(), 1, null);

      assertThatThrownBy(() -> oncall.reorderInSchedule(schedule.id(), elsewhere.id(), List.of(bo.id()), t.admin().id()))
          .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(404));
      assertThat(oncall.rotation(elsewhere.id()).orders()).hasSize(1);
      oncall.reorderInSchedule(schedule.id(), mine.id(), List.of(bo.id(), t.admin().id()), t.admin().id());
      assertThat(oncall.rotation(mine.id()).orders().getLast().userIds()).containsExactly(bo.id(), t.admin().id());
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theCalendarShowsGapsOnlyFromTheFirstShiftOnAndMarksOverrides(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      OnCallService oncall = t.hush().oncall();
      User bo = t.person("bo@x.io", "Bo", "long-enough-pw", false, "UTC", null);
      Rotation rotation = oncall.createRotation(t.team(), "days", "UTC", ShiftKind.DAILY, 1, LocalTime.of(9, 0), null, LocalDate.of(2030, 1, 9),
          List.of(t.admin().id(), bo.id()));
      Schedule schedule = oncall.createSchedule(t.team(), "days");
      oncall.addLayer(schedule.id(), rotation.id(), 1, Restriction.businessHours());
      oncall.addOverride(schedule.id(), Instant.parse("2030-01-10T09:00:00Z").toEpochMilli(), Instant.parse("2030-01-10T17:00:00Z").toEpochMilli(),
          Override.Kind.REPLACE, t.admin().id(), null, "", null);

      ScheduleCalendar week = oncall.calendar(schedule.id(), ScheduleCalendar.Span.WEEK, LocalDate.of(2030, 1, 10), ZoneId.of("UTC"));
      assertThat(week.days()).extracting(ScheduleCalendar.Day::date).first().isEqualTo(LocalDate.of(2030, 1, 7));
      assertThat(week.days()).hasSize(7);
      assertThat(week.days().get(0).bars()).extracting(ScheduleCalendar.Bar::kind).containsExactly(ScheduleCalendar.Kind.NOT_STARTED);
      assertThat(week.days().get(2).bars()).extracting(ScheduleCalendar.Bar::kind)
          .containsExactly(ScheduleCalendar.Kind.NOT_STARTED, ScheduleCalendar.Kind.ON_CALL, ScheduleCalendar.Kind.GAP);
      ScheduleCalendar.Bar overridden = week.days().get(3).bars().get(1);
      assertThat(overridden.override()).isTrue();
      assertThat(overridden.userIds()).containsExactly(t.admin().id());
      assertThat(week.localStart(overridden) + " " + week.localEnd(overridden)).isEqualTo("2030-01-10T09:00 2030-01-10T17:00");
      assertThat(week.days().get(5).bars()).singleElement().satisfies(b -> {
        assertThat(b.kind()).isEqualTo(ScheduleCalendar.Kind.GAP);
        assertThat(week.hours(b)).isEqualTo("00:00–24:00");
      });
      // The Friday evening gap runs into the weekend: each day shows its part, and keeps the whole range for an override.
      assertThat(week.localEnd(week.days().get(5).bars().getFirst())).isEqualTo("2030-01-14T09:00");

      ScheduleCalendar month = oncall.calendar(schedule.id(), ScheduleCalendar.Span.MONTH, LocalDate.of(2030, 1, 10), ZoneId.of("UTC"));
      assertThat(month.days()).hasSize(35);
      assertThat(month.days().stream().filter(d -> !d.inSpan())).hasSize(4);
      assertThat(month.title()).isEqualTo("January 2030");
      assertThat(month.previous()).isEqualTo(LocalDate.of(2029, 12, 10));
    }
  }
}
