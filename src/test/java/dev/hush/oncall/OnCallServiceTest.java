package dev.hush.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.people.User;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnCallServiceTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void rotationsSchedulesOverridesAndSwapsAnswerWhoIsOnCallTheSameThroughTheApi(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      OnCallService oncall = t.hush().oncall();
      User ana = t.person("ana@x.io", "Ana", "long-enough-pw", false, "Europe/Berlin", null);
      User ben = t.person("ben@x.io", "Ben", "long-enough-pw", false, "America/New_York", null);
      JsonNode rotation = t.apiJson("POST", "/api/v1/rotations", """
          {"name":"primary","zone":"Europe/Berlin","kind":"weekly","handoff_day":"monday","handoff_time":"09:00",
           "start_date":"%s","user_ids":[%d,%d]}""".formatted(LocalDate.now().minusWeeks(3), ana.id(), ben.id()));
      JsonNode schedule = t.apiJson("POST", "/api/v1/schedules", "{\"name\":\"payments\"}");
      long sid = schedule.path("id").asLong();
      t.apiJson("POST", "/api/v1/schedules/" + sid + "/layers", "{\"rotation_id\":" + rotation.path("id").asLong() + ",\"level\":1}");

      Instant now = Instant.now();
      List<Long> onCall = oncall.onCallAt(sid, now);
      assertThat(onCall).hasSize(1);
      JsonNode api = t.apiJson("GET", "/api/v1/schedules/" + sid + "/oncall?at=" + now, null);
      assertThat(api.path("user_ids").get(0).asLong()).isEqualTo(onCall.get(0));

      long other = onCall.get(0) == ana.id() ? ben.id() : ana.id();
      String start = now.minusSeconds(60).toString();
      String end = now.plus(Duration.ofHours(2)).toString();
      JsonNode swap = Json.parse(t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v1/schedules/" + sid + "/swaps"))
          .header("Authorization", "Bearer " + t.hush().people().createApiToken(onCall.get(0), "me", false, null).secret())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"counterpart_id\":" + other + ",\"start\":\"" + start + "\",\"end\":\"" + end + "\"}"))).body());
      assertThat(swap.path("status").asText()).isEqualTo("pending");
      assertThat(oncall.onCallAt(sid, now)).containsExactly(onCall.get(0));
      HttpResponse<String> notMine = t.api("POST", "/api/v1/swaps/" + swap.path("id").asLong() + "/accept", null);
      assertThat(notMine.statusCode()).as("only the counterpart accepts").isEqualTo(403);
      assertThat(t.hush().oncall().swapsFor(other)).singleElement().satisfies(x -> assertThat(x.status()).isEqualTo("pending"));
      oncall.decideSwap(swap.path("id").asLong(), other, true);
      assertThat(oncall.onCallAt(sid, now)).containsExactly(other);

      t.apiJson("POST", "/api/v1/schedules/" + sid + "/overrides", "{\"kind\":\"add\",\"user_id\":" + t.admin().id()
          + ",\"start\":\"" + start + "\",\"end\":\"" + end + "\"}");
      assertThat(oncall.onCallAt(sid, now)).containsExactly(other, t.admin().id());

      JsonNode shifts = t.apiJson("GET", "/api/v1/schedules/" + sid + "/shifts?from=" + now.minus(Duration.ofDays(7)) + "&to=" + now.plus(Duration.ofDays(21)), null);
      assertThat(shifts.size()).isGreaterThanOrEqualTo(4);
      assertThat(shifts.findValues("user_ids")).noneMatch(JsonNode::isEmpty);
      assertThat(Json.parse(t.api("POST", "/api/v1/schedules/" + sid + "/overrides", "{\"kind\":\"add\",\"user_id\":1,\"start\":\"x\",\"end\":\"y\"}").body())
          .path("field").asText()).isEqualTo("start");
      assertThat(Json.parse(t.api("POST", "/api/v1/rotations", "{\"name\":\"r\",\"zone\":\"Mars/Base\",\"user_ids\":[1]}").body())
          .path("field").asText()).isEqualTo("zone");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void fairnessCountsHoursSleepHoursWeekendHoursAndGapsExactly(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      OnCallService oncall = t.hush().oncall();
      User ana = t.person("ana@x.io", "Ana", "long-enough-pw", false, "UTC", null);
      Rotation r = oncall.createRotation(t.team(), "daily", "UTC", ShiftKind.DAILY, 1, LocalTime.of(0, 0), null, LocalDate.of(2026, 11, 2), List.of(ana.id()));
      Schedule s = oncall.createSchedule(t.team(), "solo");
      oncall.addLayer(s.id(), r.id(), 1, null);
      long from = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
      long to = Instant.parse("2026-11-09T00:00:00Z").toEpochMilli();
      oncall.addOverride(s.id(), Instant.parse("2026-11-04T12:00:00Z").toEpochMilli(), Instant.parse("2026-11-04T18:00:00Z").toEpochMilli(),
          Override.Kind.REMOVE, ana.id(), null, "dentist", t.admin().id());
      Fairness f = oncall.fairness(s.id(), from, to);
      assertThat(f.gapHours()).isEqualTo(6.0);
      Fairness.PersonLoad load = f.people().get(0);
      assertThat(load.hours()).isEqualTo(168.0 - 6);
      assertThat(load.sleepHours()).as("10 h a night, 7 nights, in UTC").isEqualTo(70.0);
      assertThat(load.weekendHours()).isEqualTo(48.0);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theICalFeedParsesBackAndRevokesAndAnImportedHolidayCalendarTakesPeopleOffCall(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store)) {
      OnCallService oncall = t.hush().oncall();
      User ana = t.person("ana@x.io", "Ana", "long-enough-pw", false, "UTC", null);
      User ben = t.person("ben@x.io", "Ben", "long-enough-pw", false, "UTC", null);
      Rotation r = oncall.createRotation(t.team(), "weekly", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
          LocalDate.now().minusWeeks(2), List.of(ana.id(), ben.id()));
      Schedule s = oncall.createSchedule(t.team(), "platform");
      oncall.addLayer(s.id(), r.id(), 1, null);

      JsonNode created = t.apiJson("POST", "/api/v1/schedules/" + s.id() + "/feeds", null);
      String url = created.path("url").asText();
      String path = URI.create(url).getPath();
      HttpResponse<String> feed = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + path)));
      assertThat(feed.statusCode()).isEqualTo(200);
      assertThat(feed.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/calendar"));
      Calendar calendar = new CalendarBuilder().build(new StringReader(feed.body()));
      List<VEvent> events = calendar.getComponents().stream().filter(VEvent.class::isInstance).map(VEvent.class::cast).toList();
      assertThat(events).hasSizeBetween(13, 15);
      assertThat(events).allSatisfy(e -> assertThat(e.getSummary().getValue()).matches("On call: (Ana|Ben)"));

      String holidays = """
          BEGIN:VCALENDAR
          VERSION:2.0
          PRODID:-//test//holidays//EN
          BEGIN:VEVENT
          UID:h1@test
          DTSTAMP:20261101T000000Z
          DTSTART;VALUE=DATE:%s
          DTEND;VALUE=DATE:%s
          SUMMARY:Ana on leave
          ATTENDEE:mailto:ana@x.io
          END:VEVENT
          BEGIN:VEVENT
          UID:h2@test
          DTSTAMP:20261101T000000Z
          DTSTART;VALUE=DATE:%s
          DTEND;VALUE=DATE:%s
          SUMMARY:Company offsite (nobody we know)
          END:VEVENT
          END:VCALENDAR
          """.formatted(day(3), day(5), day(3), day(4)).replace("\n", "\r\n");
      JsonNode imported = t.apiJson("POST", "/api/v1/schedules/" + s.id() + "/import",
          Json.write(java.util.Map.of("ics", holidays, "mode", "unavailable", "days", 30)));
      assertThat(imported.path("overrides_created").asInt()).isEqualTo(1);
      assertThat(imported.path("skipped").get(0).asText()).contains("offsite");
      Instant during = LocalDate.now().plusDays(3).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC);
      assertThat(oncall.onCallAt(s.id(), during)).doesNotContain(ana.id());

      assertThat(t.api("POST", "/api/v1/schedules/" + s.id() + "/import", "{\"ics\":\"BEGIN:NOPE\"}").statusCode()).isEqualTo(400);
      assertThat(t.api("DELETE", "/api/v1/feeds/" + created.path("id").asLong(), null).statusCode()).isEqualTo(204);
      assertThat(t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + path))).statusCode()).isEqualTo(404);
    }
  }

  private static String day(int plusDays) {
    return LocalDate.now().plusDays(plusDays).toString().replace("-", "");
  }
}
