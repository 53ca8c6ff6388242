package dev.hush.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.LoopbackReceiver;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InsightsApiTest {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long WEEK = 7 * DAY;
  /** A Monday, 09:00 UTC. */
  private static final long MONDAY = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theNoiseRankingSuggestsAFixForEachKindOfRule(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(MONDAY);
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver receiver = new LoopbackReceiver()) {
      InsightsFixture f = InsightsFixture.start(t, receiver, "web", "UTC", false);
      for (int i = 0; i < 7; i++) {
        f.trigger("flappy", "Flapping probe");
        clock.advance(10 * MINUTE);
        f.event("resolve", "flappy", "Flapping probe");
      }
      for (int i = 0; i < 4; i++) {
        f.trigger("blip", "Latency blip");
        clock.advance(MINUTE);
        f.event("resolve", "blip", "Latency blip");
        clock.advance(MINUTE);
      }
      for (int i = 0; i < 4; i++) {
        long id = f.trigger("disk", i == 3 ? "Disk full on db-2" : "Disk full");
        clock.advance(5 * MINUTE);
        f.log(id, "restarted");
        f.resolve(id);
      }
      for (int i = 0; i < 4; i++) {
        long id = f.trigger("cpu", "CPU high");
        clock.advance(10 * MINUTE);
        f.log(id, "no action");
        f.resolve(id);
      }
      for (String fix : List.of("fixed bug", "rolled back", "restarted")) {
        long id = f.trigger("db", "Replication broken");
        clock.advance(20 * MINUTE);
        f.log(id, fix);
        f.resolve(id);
      }

      JsonNode noise = t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/noise?weeks=1", null);
      JsonNode rules = noise.path("rules");
      assertThat(rules).hasSize(5);
      assertThat(rules.get(0).path("title").asText()).as("the most fires first").isEqualTo("Flapping probe");
      assertThat(rule(rules, "Flapping probe").path("suggestion").asText()).isEqualTo("delete the rule");
      assertThat(rule(rules, "Flapping probe").path("fires_per_week").asDouble()).isEqualTo(7.0);
      assertThat(rule(rules, "Latency blip").path("suggestion").asText()).isEqualTo("add a for: duration or raise the threshold");
      assertThat(rule(rules, "Latency blip").path("auto_resolved_share").asDouble()).isEqualTo(1.0);
      JsonNode disk = rule(rules, "Disk full on db-2");
      assertThat(disk.path("suggestion").asText()).as("the latest title names the rule").isEqualTo("write a runbook or automate the fix");
      assertThat(disk.path("top_fix").asText()).isEqualTo("restarted");
      assertThat(disk.path("top_fix_count").asLong()).isEqualTo(4);
      assertThat(disk.path("acted_on_share").asDouble()).isEqualTo(1.0);
      assertThat(rule(rules, "CPU high").path("suggestion").asText()).isEqualTo("make it non-paging or raise the threshold");
      assertThat(rule(rules, "CPU high").path("acted_on_share").asDouble()).isEqualTo(0.0);
      assertThat(rule(rules, "Replication broken").path("suggestion").asText()).isEqualTo("keep it");
      assertThat(rule(rules, "Replication broken").path("reason").asText()).isEqualTo("acted on in 100% of 3");

      HttpResponse<String> csv = t.api("GET", "/api/v1/teams/" + t.team() + "/insights/noise?weeks=1&format=csv", null);
      assertThat(csv.statusCode()).isEqualTo(200);
      assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
      List<String> lines = csv.body().lines().toList();
      assertThat(lines.getFirst()).isEqualTo("fingerprint,service,title,fires,fires_per_week,pages,acted_on_share,auto_resolved_share,"
          + "night_pages,top_fix,suggestion,reason");
      assertThat(lines).hasSize(6);
      assertThat(lines.get(1)).contains(",web,Flapping probe,7,7.000,0,0.000,0.000,0,,delete the rule,");

      HttpResponse<String> page = t.api("GET", "/teams/" + t.team() + "/insights/noise?weeks=1", null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("Disk full on db-2").contains("write a runbook or automate the fix");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void mttaAndMttrPerServiceAndWeek(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(MONDAY);
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver receiver = new LoopbackReceiver()) {
      InsightsFixture f = InsightsFixture.start(t, receiver, "web", "UTC", false);
      InsightsFixture.start(t, receiver, "api", "UTC", false);
      long first = f.trigger("one", "One");
      long second = f.trigger("two", "Two");
      clock.advance(2 * MINUTE);
      f.ack(first);
      clock.advance(2 * MINUTE);
      f.ack(second);
      clock.advance(6 * MINUTE);
      f.resolve(first);
      clock.advance(10 * MINUTE);
      f.resolve(second);
      clock.advance(WEEK);
      long third = f.trigger("three", "Three");
      clock.advance(MINUTE);
      f.ack(third);
      clock.advance(5 * MINUTE);
      f.event("resolve", "three", "Three");

      JsonNode r = t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/mtta-mttr?weeks=2", null);
      assertThat(r.path("week_starts")).extracting(JsonNode::asLong).containsExactly(MONDAY - 9 * HOUR, MONDAY - 9 * HOUR + WEEK);
      JsonNode times = r.path("times");
      assertThat(times).hasSize(4);
      JsonNode web0 = time(times, "web", MONDAY - 9 * HOUR);
      assertThat(web0.path("opened").asLong()).isEqualTo(2);
      assertThat(web0.path("mtta_millis").asLong()).isEqualTo(3 * MINUTE);
      assertThat(web0.path("mttr_millis").asLong()).isEqualTo(15 * MINUTE);
      JsonNode web1 = time(times, "web", MONDAY - 9 * HOUR + WEEK);
      assertThat(web1.path("mtta_millis").asLong()).isEqualTo(MINUTE);
      assertThat(web1.path("mttr_millis").asLong()).isEqualTo(6 * MINUTE);
      JsonNode api0 = time(times, "api", MONDAY - 9 * HOUR);
      assertThat(api0.path("opened").asLong()).isZero();
      assertThat(api0.path("mtta_millis").isNull()).as("no ack, no mean").isTrue();

      // The review's window: any [from, to).
      List<ResponseTime> window = t.hush().insights().responseTimes(t.team(), MONDAY - 9 * HOUR, MONDAY - 9 * HOUR + 2 * WEEK);
      assertThat(window).filteredOn(x -> x.service().equals("web")).singleElement().satisfies(x -> {
        assertThat(x.acked()).isEqualTo(3);
        assertThat(x.mttaMillis()).isEqualTo(Math.round((2 + 4 + 1) * MINUTE / 3.0));
        assertThat(x.mttrMillis()).isEqualTo((10 + 20 + 6) * MINUTE / 3);
      });

      String csv = t.api("GET", "/api/v1/teams/" + t.team() + "/insights/mtta-mttr?weeks=2&format=csv", null).body();
      assertThat(csv.lines().toList()).containsExactly("week_start,service,opened,acked,mtta_seconds,resolved,mttr_seconds",
          "2026-11-02T00:00:00Z,api,0,0,,0,", "2026-11-02T00:00:00Z,web,2,2,180,2,900",
          "2026-11-09T00:00:00Z,api,0,0,,0,", "2026-11-09T00:00:00Z,web,1,1,60,1,360");
      assertThat(t.api("GET", "/teams/" + t.team() + "/insights/response?weeks=2", null).body()).contains("mtta-chart").contains("data-chart=");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void quietWeeksCountBackFromNowInTheTeamsZone(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(MONDAY);
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver receiver = new LoopbackReceiver()) {
      InsightsFixture f = InsightsFixture.start(t, receiver, "web", "Europe/Berlin", true);
      f.trigger("w0", "Week zero");
      clock.advance(4 * WEEK);
      long lastPage = clock.millis();
      f.trigger("w4", "Week four");
      clock.advance(WEEK);
      // Weeks -4..5: quiet, quiet, quiet, quiet, paged, quiet, quiet, quiet, paged, now (quiet so far).
      JsonNode q = t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/quiet-streak?weeks=10", null);
      assertThat(q.path("zone").asText()).isEqualTo("Europe/Berlin");
      assertThat(q.path("pages")).extracting(JsonNode::asLong).containsExactly(0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 1L, 0L);
      assertThat(q.path("current").asInt()).isEqualTo(1);
      assertThat(q.path("best").asInt()).isEqualTo(4);
      assertThat(q.path("last_page_hour").asLong()).isEqualTo(lastPage - lastPage % HOUR);
      assertThat(q.path("week_starts").get(9).asLong()).as("Monday 00:00 in Berlin")
          .isEqualTo(Instant.parse("2026-12-06T23:00:00Z").toEpochMilli());

      clock.advance(WEEK);
      assertThat(t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/quiet-streak?weeks=10", null).path("current").asInt()).isEqualTo(2);
      f.trigger("now", "This week");
      assertThat(t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/quiet-streak?weeks=3", null).path("current").asInt()).isZero();
      HttpResponse<String> page = t.api("GET", "/teams/" + t.team() + "/insights/quiet", null);
      assertThat(page.body()).contains("id=\"current-streak\">0<");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void pagesPerWeekWithTheTrendAndTheDoneActionItems(StoreKind store) throws Exception {
    ManualClock clock = new ManualClock(MONDAY);
    try (TestHush t = TestHush.startWithClock(store, clock); LoopbackReceiver receiver = new LoopbackReceiver()) {
      InsightsFixture f = InsightsFixture.start(t, receiver, "payments", "UTC", true);
      InsightsFixture quiet = InsightsFixture.start(t, receiver, "batch", "UTC", false);
      for (int i = 0; i < 3; i++) {
        f.trigger("w0-" + i, "Payments failing");
      }
      quiet.trigger("b", "Batch late");
      clock.advance(WEEK);
      f.trigger("w1-a", "Payments failing");
      f.trigger("w1-b", "Payments failing");
      long item = t.apiJson("POST", "/api/v1/action-items", "{\"team_id\":" + t.team() + ",\"title\":\"retry the card API\",\"owner_id\":"
          + t.admin().id() + ",\"priority\":\"P1\"}").path("id").asLong();
      long doneAt = clock.millis();
      t.apiJson("PATCH", "/api/v1/action-items/" + item, "{\"status\":\"done\"}");
      clock.advance(WEEK + 14 * HOUR + 30 * MINUTE);
      long night = clock.millis();
      f.trigger("w2", "Payments failing at 23:30");
      clock.advance(WEEK - 14 * HOUR);

      JsonNode p = t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/pages-per-week?weeks=4", null);
      assertThat(p.path("pages")).extracting(JsonNode::asLong).containsExactly(3L, 2L, 1L, 0L);
      assertThat(p.path("trend").path("slope").asDouble()).isEqualTo(-1.0);
      assertThat(p.path("trend").path("intercept").asDouble()).isEqualTo(3.0);
      assertThat(p.path("trend").path("values")).extracting(JsonNode::asDouble).containsExactly(3.0, 2.0, 1.0, 0.0);
      assertThat(p.path("services")).extracting(s -> s.path("service").asText()).containsExactly("batch", "payments");
      assertThat(p.path("services").get(0).path("pages")).extracting(JsonNode::asLong).containsExactly(0L, 0L, 0L, 0L);
      assertThat(p.path("done_actions")).singleElement().satisfies(a -> {
        assertThat(a.path("title").asText()).isEqualTo("retry the card API");
        assertThat(a.path("done_at").asLong()).isEqualTo(doneAt);
      });
      assertThat(Instant.ofEpochMilli(night).toString()).isEqualTo("2026-11-16T23:30:00Z");
      List<ServicePages> perService = t.hush().insights().pagesPerService(t.team(), MONDAY - 9 * HOUR, MONDAY + 4 * WEEK);
      assertThat(perService).extracting(ServicePages::service, ServicePages::opened, ServicePages::pages, ServicePages::nightPages)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("batch", 1L, 0L, 0L), org.assertj.core.groups.Tuple.tuple("payments", 6L, 6L, 1L));

      HttpResponse<String> csv = t.api("GET", "/api/v1/teams/" + t.team() + "/insights/pages-per-week?weeks=4&format=csv", null);
      assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
      assertThat(csv.body().lines().toList()).containsExactly("week_start,pages,trend,batch,payments", "2026-11-02T00:00:00Z,3,3.000,0,3",
          "2026-11-09T00:00:00Z,2,2.000,0,2", "2026-11-16T00:00:00Z,1,1.000,0,1", "2026-11-23T00:00:00Z,0,0.000,0,0");

      String html = t.api("GET", "/teams/" + t.team() + "/insights/pages?weeks=4", null).body();
      int start = html.indexOf("data-chart=\"") + "data-chart=\"".length();
      JsonNode chart = Json.parse(unescape(html.substring(start, html.indexOf('"', start))));
      assertThat(chart.path("kind").asText()).isEqualTo("lines");
      assertThat(chart.path("x").get(0).asLong()).isEqualTo((MONDAY - 9 * HOUR) / 1000);
      assertThat(chart.path("series")).extracting(s -> s.path("label").asText()).containsExactly("pages", "trend");
      assertThat(chart.path("marks")).singleElement().satisfies(m -> {
        assertThat(m.path("x").asLong()).isEqualTo(doneAt / 1000);
        assertThat(m.path("label").asText()).isEqualTo("done: retry the card API");
      });
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void badParametersNameTheFieldAndOtherTeamsSeeNothing(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String base = "/api/v1/teams/" + t.team() + "/insights/";
      for (String path : List.of("pages-per-week", "quiet-streak", "mtta-mttr", "noise")) {
        for (String bad : List.of("weeks=0", "weeks=53", "weeks=four")) {
          HttpResponse<String> r = t.api("GET", base + path + "?" + bad, null);
          assertThat(r.statusCode()).as(path + "?" + bad).isEqualTo(400);
          assertThat(Json.parse(r.body()).path("field").asText()).isEqualTo("weeks");
        }
        HttpResponse<String> r = t.api("GET", base + path + "?format=xml", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.parse(r.body()).path("field").asText()).isEqualTo("format");
        assertThat(t.api("GET", base + path + "?format=json&weeks=52", null).statusCode()).isEqualTo(200);
      }
      assertThat(t.api("GET", "/teams/" + t.team() + "/insights/noise?weeks=99", null).statusCode()).isEqualTo(400);

      var people = t.hush().people();
      long other = people.createTeam("Other", null).id();
      User stranger = people.createUser("s@x.io", "Stranger", "long-enough-pw", false, "UTC", null);
      people.addMember(other, stranger.id(), TeamRole.MANAGER, null);
      String st = t.tokenOf(stranger);
      for (String path : List.of(base + "noise", base + "pages-per-week", "/teams/" + t.team() + "/insights", "/teams/" + t.team() + "/insights/pages")) {
        assertThat(t.apiAs(st, "GET", path, null).statusCode()).as(path).isEqualTo(404);
      }
      assertThat(t.apiAs(st, "GET", "/api/v1/teams/" + other + "/insights/noise", null).statusCode()).isEqualTo(200);
      HttpResponse<String> index = t.apiAs(st, "GET", "/insights", null);
      assertThat(index.body()).contains("/teams/" + other + "/insights").doesNotContain("/teams/" + t.team() + "/insights");
    }
  }

  /** Undoes the template's attribute escaping. */
  static String unescape(String attribute) {
    return attribute.replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private static JsonNode rule(JsonNode rules, String title) {
    return StreamSupport.stream(rules.spliterator(), false).filter(r -> r.path("title").asText().equals(title)).findFirst().orElseThrow();
  }

  private static JsonNode time(JsonNode times, String service, long from) {
    return StreamSupport.stream(times.spliterator(), false)
        .filter(r -> r.path("service").asText().equals(service) && r.path("from").asLong() == from).findFirst().orElseThrow();
  }
}
