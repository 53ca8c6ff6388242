package dev.hush.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.Hush;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.actions.ActionItem;
import dev.hush.actions.ActionService;
import dev.hush.actions.ActionStatus;
import dev.hush.actions.Recurrence;
import dev.hush.core.SettableClock;
import dev.hush.incidents.IncidentFilter;
import dev.hush.insights.PagesPerWeek;
import dev.hush.notify.NotifyService;
import dev.hush.incidents.IncidentStatus;
import dev.hush.people.PeopleService;
import dev.hush.people.TeamRole;
import dev.hush.review.DashboardSource;
import dev.hush.review.Review;
import dev.hush.review.ReviewStatus;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The demo year, read back as a user would notice it: pages falling over the year, fixes that hold, the gaps the review chases. */
class DemoYearTest {
  /** A Thursday afternoon: the year ends here, so its last week is complete. */
  private static NotifyService.Settings delivery(MailSink sink) {
    return new NotifyService.Settings("127.0.0.1", sink.port(), "hush@demo.test", "http://127.0.0.1:1", "+10000000000");
  }

  private static final Instant END = Instant.parse("2026-11-26T15:00:00Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aYearOfOnCallTellsTheStory(StoreKind store) throws Exception {
    SettableClock clock = new SettableClock(END);
    try (MailSink sink = new MailSink(); TestHush t = TestHush.startWithClockAndDelivery(store, clock, delivery(sink))) {
      Hush hush = t.hush();
      long started = System.nanoTime();
      DemoYear.Summary summary = DemoYear.generate(hush, clock, DemoYear.DEFAULT_SEED, END, DemoYear.WEEKS);
      System.out.printf("demo year on %s: %.1f s, %s%n", store, (System.nanoTime() - started) / 1e9, summary);
      assertThat(clock.instant()).isEqualTo(END);

      long[] pages = pagesPerWeek(hush, DemoYear.WEEKS);
      long first = pages[0] + pages[1] + pages[2] + pages[3];
      long last = pages[48] + pages[49] + pages[50] + pages[51];
      assertThat(first).as("pages in the first 4 weeks").isGreaterThanOrEqualTo(60).isEqualTo(summary.pagesFirstFourWeeks());
      assertThat(last).as("pages in the last 4 weeks").isLessThanOrEqualTo(first / 10).isEqualTo(summary.pagesLastFourWeeks());
      assertThat(java.util.Arrays.stream(pages).filter(n -> n > 0).count()).as("weeks with pages").isGreaterThanOrEqualTo(44);
      assertThat(java.util.Arrays.stream(pages).sum()).isEqualTo(summary.incidents()).isGreaterThan(500);
      int quiet = 0;
      for (int k = pages.length - 1; k >= 0 && pages[k] == 0; k--) {
        quiet++;
      }
      assertThat(quiet).as("quiet weeks at the end").isGreaterThanOrEqualTo(3);
      assertThat(summary.nightPages()).as("night pages").isPositive();
      assertThat(t.count("SELECT COUNT(*) FROM incident_actions WHERE kind = 'escalated' AND detail LIKE :v", "step 2%"))
          .as("slow acknowledgements at night reached the manager").isPositive();

      assertThat(hush.incidents().list(new IncidentFilter(Set.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED), null, null, null, 10, null)))
          .as("nothing of the past is left open").isEmpty();
      assertThat(hush.jobs().count("pending")).as("no timer of the past is left for the server").isZero();

      long logged = t.count("SELECT COUNT(*) FROM oncall_log_entries WHERE action <> :v", "");
      long unlogged = t.count("SELECT COUNT(*) FROM incidents i WHERE i.dedup_key <> :v"
          + " AND NOT EXISTS (SELECT 1 FROM oncall_log_entries l WHERE l.incident_id = i.id)", "");
      assertThat(logged).isEqualTo(summary.logEntries()).isGreaterThan(4 * unlogged);
      assertThat(unlogged).as("incidents whose log entry is missing").isPositive();
      assertThat(t.count("SELECT COUNT(DISTINCT verdict) FROM oncall_log_entries WHERE action <> :v", "")).isEqualTo(4);

      long team = hush.people().teamNamed(Story.TEAM).orElseThrow().id();
      List<ActionItem> items = hush.actions().list(new ActionService.Filter(team, null, null, false), x -> true);
      assertThat(items).hasSize(summary.actionItems());
      assertThat(items).allSatisfy(i -> assertThat(i.mentorId()).as(i.title()).isNotNull().isNotEqualTo(i.ownerId()));
      Map<ActionStatus, Long> byStatus = items.stream().collect(Collectors.groupingBy(ActionItem::status, Collectors.counting()));
      assertThat(byStatus.get(ActionStatus.DONE)).isGreaterThan(10);
      assertThat(byStatus.get(ActionStatus.OPEN)).isPositive();
      assertThat(byStatus.get(ActionStatus.IN_PROGRESS)).isPositive();
      assertThat(items).filteredOn(i -> i.status() == ActionStatus.WONT_DO).singleElement()
          .satisfies(i -> assertThat(i.reason()).isEqualTo(Story.WONT_DO_REASON));
      assertThat(hush.actions().list(new ActionService.Filter(team, null, null, true), x -> true)).as("overdue items")
          .hasSizeBetween(1, Story.OVERDUE_ITEMS);
      assertThat(items.stream().map(ActionItem::title).distinct().count()).as("each follow-up filed once").isEqualTo(items.size());

      for (Story.NoisyRule rule : Story.NOISY_RULES) {
        ActionItem fix = items.stream().filter(i -> i.title().equals(rule.fix())).findFirst().orElseThrow();
        assertThat(fix.status()).isEqualTo(ActionStatus.DONE);
        Recurrence proof = hush.actions().recurrence(fix.id(), ActionService.DEFAULT_PROOF_WEEKS);
        assertThat(proof.state()).as(rule.alert().rule())
            .isEqualTo(rule.recursWeek() >= 0 ? Recurrence.State.RECURRED : Recurrence.State.VERIFIED_QUIET);
        assertThat(proof.before().stream().mapToLong(Recurrence.WeekCount::count).sum()).as("fired before the fix").isPositive();
      }

      // The insights read the same story: pages fall over the year and the year ends in a quiet streak.
      PagesPerWeek insights = hush.insights().pagesPerWeek(team, DemoYear.WEEKS);
      assertThat(insights.pages().stream().mapToLong(Long::longValue).sum()).as("pages the insights count").isGreaterThan(500);
      assertThat(insights.trend().slope()).as("pages a week, trend").isNegative();
      assertThat(hush.insights().quietStreak(team, DemoYear.WEEKS).current()).as("quiet weeks, as the insights see them")
          .isGreaterThanOrEqualTo(3);
      assertThat(insights.doneActions()).as("fixes marked on the timeline").isNotEmpty();
      assertThat(sink.accepted()).as("pages went out by e-mail").isPositive();

      // A review every week, facilitated by its on-call person, all closed with minutes but the last, left for the demo's visitor.
      List<Review> reviews = hush.reviews().list(team, null);
      assertThat(reviews).hasSize(DemoYear.WEEKS);
      assertThat(reviews.getFirst().status()).as("the latest review is open").isNotEqualTo(ReviewStatus.CLOSED);
      assertThat(reviews.subList(1, reviews.size())).allSatisfy(r -> {
        assertThat(r.status()).isEqualTo(ReviewStatus.CLOSED);
        assertThat(r.facilitatorId()).isNotNull();
        assertThat(r.minutes()).contains("# Weekly review: " + Story.TEAM, "## Incidents", "## Action items");
      });
      assertThat(hush.reviews().list(team, "payment provider")).as("minutes are searchable").isNotEmpty();

      // The open review's dashboards chart every service's metrics and flag the latest week's planted anomalies, each on its
      // service, near when it began; the other services show nothing.
      Review open = reviews.getFirst();
      Map<String, DashboardSource.Board> boards = hush.anomalies().findings(open.id()).stream()
          .collect(Collectors.toMap(DashboardSource.Board::name, b -> b));
      assertThat(boards.get("ledger-worker").charts()).extracting(DashboardSource.Chart::title)
          .contains(DemoMetrics.REQUESTS, DemoMetrics.ERRORS, DemoMetrics.LATENCY);
      for (DemoMetrics.Planted p : DemoMetrics.PLANTED) {
        long from = p.from(open.weekStart());
        assertThat(boards.get(p.service()).findings()).as(p.service() + " " + p.series()).anySatisfy(f -> {
          assertThat(f.series()).isEqualTo(p.series());
          assertThat(f.fromMs()).isBetween(from - 15 * 60_000L, from + 15 * 60_000L);
          if (p.deploy() != null) {
            assertThat(f.explanation()).contains("lines up with change “" + p.deploy());
          }
        });
      }
      Story.SERVICES.stream().filter(s -> DemoMetrics.PLANTED.stream().noneMatch(p -> p.service().equals(s)))
          .forEach(service -> assertThat(boards.get(service).findings()).as(service).isEmpty());
      assertThat(t.count("SELECT COUNT(*) FROM review_action_items WHERE carried = CAST(:v AS INTEGER)", "0")).as("items filed in reviews")
          .isGreaterThan(10);

      long schedule = hush.oncall().scheduleNamed(Story.SCHEDULE).orElseThrow().id();
      assertThat(hush.oncall().overrides(schedule, weekStart(DemoYear.WEEKS).toInstant().toEpochMilli(), END.toEpochMilli()))
          .as("the covers and the accepted swap").hasSize(Story.COVERS.size() + 1);
      assertThat(hush.ingest().changes(null, weekStart(DemoYear.WEEKS).toInstant().toEpochMilli(), END.toEpochMilli(), 1000))
          .hasSize(summary.deploys());

      PeopleService.Session demo = hush.people().signIn(DemoYear.DEMO_EMAIL, DemoYear.DEMO_PASSWORD);
      assertThat(hush.oncall().onCallAt(schedule, END)).as("the demo login is on call when the demo starts").containsExactly(demo.principal().userId());
      assertThat(demo.principal().admin()).isTrue();
      assertThat(demo.principal().roleIn(team)).contains(TeamRole.MANAGER);
      assertThat(hush.people().users().stream().map(u -> u.timeZone()).distinct().count()).as("zones of the team and the test admin")
          .isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void theSameSeedTellsTheSameStory() throws Exception {
    DemoYear.Summary[] runs = new DemoYear.Summary[2];
    long[][] pages = new long[2][];
    for (int run = 0; run < 2; run++) {
      SettableClock clock = new SettableClock(END);
      try (MailSink sink = new MailSink(); TestHush t = TestHush.startWithClockAndDelivery(StoreKind.SQLITE, clock, delivery(sink))) {
        runs[run] = DemoYear.generate(t.hush(), clock, 7, END, DemoYear.MIN_WEEKS);
        pages[run] = pagesPerWeek(t.hush(), DemoYear.MIN_WEEKS);
      }
    }
    assertThat(runs[1]).isEqualTo(runs[0]);
    assertThat(pages[1]).containsExactly(pages[0]);
    assertThat(pages[0][DemoYear.MIN_WEEKS - 1]).as("a short year keeps its quiet end").isZero();
  }

  /** Incidents opened in each on-call week (Monday 09:00 Berlin to the next), oldest week first. */
  private static long[] pagesPerWeek(Hush hush, int weeks) {
    long[] pages = new long[weeks];
    for (int k = 0; k < weeks; k++) {
      long from = weekStart(weeks - k).toInstant().toEpochMilli();
      long to = weekStart(weeks - k - 1).toInstant().toEpochMilli();
      pages[k] = hush.incidents().list(new IncidentFilter(Set.of(), null, from, to, IncidentFilter.MAX_LIMIT, null)).size();
    }
    return pages;
  }

  /** The hand-off {@code weeksBack} weeks before the last one before {@link #END}. */
  private static ZonedDateTime weekStart(int weeksBack) {
    ZonedDateTime last = END.atZone(BERLIN).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).with(LocalTime.of(9, 0));
    return last.minusWeeks(weeksBack);
  }
}
