package dev.hush.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.notify.ChannelKind;
import dev.hush.oncall.ShiftKind;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A person keeps their own name and zone; an org admin edits, disables and enables people, and nobody else may. */
class PersonEditTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aPersonChangesTheirOwnNameAndTimeZoneAndBadValuesAreNamed(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      User sam = t.person("sam@x.io", "Sam", "long-enough-pw", false, "UTC", null);
      String token = t.tokenOf(sam);

      JsonNode me = Json.parse(t.apiAs(token, "PATCH", "/api/v1/me", "{\"name\":\"Sam Rivera\",\"time_zone\":\"America/New_York\"}").body());
      assertThat(me.path("name").asText()).isEqualTo("Sam Rivera");
      assertThat(me.path("time_zone").asText()).isEqualTo("America/New_York");
      assertThat(t.hush().people().user(sam.id()).orElseThrow().timeZone()).isEqualTo("America/New_York");

      HttpResponse<String> badZone = t.apiAs(token, "PATCH", "/api/v1/me", "{\"time_zone\":\"Mars/Olympus\"}");
      assertThat(badZone.statusCode()).isEqualTo(400);
      assertThat(Json.parse(badZone.body()).path("field").asText()).isEqualTo("time_zone");
      HttpResponse<String> blankName = t.apiAs(token, "PATCH", "/api/v1/me", "{\"name\":\" \"}");
      assertThat(blankName.statusCode()).isEqualTo(400);
      assertThat(Json.parse(blankName.body()).path("field").asText()).isEqualTo("name");
      assertThat(t.apiAs(token, "PATCH", "/api/v1/me", "{}").statusCode()).isEqualTo(400);
      assertThat(t.hush().people().user(sam.id()).orElseThrow().name()).as("a refused change changes nothing").isEqualTo("Sam Rivera");
      assertThat(t.count("SELECT COUNT(*) FROM audit_log WHERE action = :v", "user.update")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void onlyAnOrgAdminEditsSomeoneElseAndNoAdminDemotesThemself(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      PeopleService people = t.hush().people();
      User lee = t.person("lee@x.io", "Lee", "long-enough-pw", false, "UTC", null);
      User manager = t.person("mo@x.io", "Mo", "long-enough-pw", false, "UTC", null);
      people.addMember(t.team(), manager.id(), TeamRole.MANAGER, null);
      User stranger = people.createUser("max@x.io", "Max", "long-enough-pw", false, "UTC", null);
      people.addMember(people.createTeam("Search", null).id(), stranger.id(), TeamRole.MANAGER, null);
      String edit = "{\"name\":\"Taken Over\",\"admin\":true}";

      for (User notAdmin : List.of(manager, stranger, lee)) {
        HttpResponse<String> refused = t.apiAs(t.tokenOf(notAdmin), "PATCH", "/api/v1/users/" + lee.id(), edit);
        assertThat(refused.statusCode()).as(notAdmin.name()).isEqualTo(403);
      }
      User unchanged = people.user(lee.id()).orElseThrow();
      assertThat(unchanged.name()).isEqualTo("Lee");
      assertThat(unchanged.admin()).isFalse();

      JsonNode edited = t.apiJson("PATCH", "/api/v1/users/" + lee.id(), "{\"name\":\"Lee Park\",\"time_zone\":\"Asia/Seoul\",\"admin\":true}");
      assertThat(edited.path("user").path("name").asText()).isEqualTo("Lee Park");
      assertThat(people.user(lee.id()).orElseThrow()).extracting(User::timeZone, User::admin).containsExactly("Asia/Seoul", true);

      HttpResponse<String> demote = t.api("PATCH", "/api/v1/users/" + t.admin().id(), "{\"admin\":false}");
      assertThat(demote.statusCode()).isEqualTo(400);
      assertThat(Json.parse(demote.body()).path("field").asText()).isEqualTo("admin");
      assertThat(people.user(t.admin().id()).orElseThrow().admin()).isTrue();
      assertThat(t.apiJson("PATCH", "/api/v1/users/" + lee.id(), "{\"admin\":false}").path("user").path("admin").asBoolean()).isFalse();
      assertThat(t.api("PATCH", "/api/v1/users/" + lee.id(), "{\"time_zone\":\"Nowhere/Land\"}").statusCode()).isEqualTo(400);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aDisabledPersonOnCallIsNotPagedAndTheAlertStillOpensItsIncident(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      User lee = t.person("lee@x.io", "Lee", "long-enough-pw", false, "UTC", null);
      t.hush().notifications().addContactMethod(lee.id(), ChannelKind.EMAIL, "work", "lee@x.io", null);
      var rotation = t.hush().oncall().createRotation(t.team(), "primary", "UTC", ShiftKind.WEEKLY, 1, LocalTime.of(9, 0), DayOfWeek.MONDAY,
          LocalDate.now().minusWeeks(1), List.of(lee.id()));
      var schedule = t.hush().oncall().createSchedule(t.team(), "primary");
      t.hush().oncall().addLayer(schedule.id(), rotation.id(), 1, null);
      String key = t.serviceWithKey("payments-api");
      long service = t.hush().services().byName("payments-api").orElseThrow().id();
      t.hush().escalation().assign(service, t.hush().escalation().createPolicy(t.team(), "primary", 0,
          List.of(EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.SCHEDULE, schedule.id()))).id());
      String pagesOfLee = "SELECT COUNT(*) FROM notifications WHERE user_id = CAST(:v AS BIGINT)";

      t.trigger(key, "disk", "disk full");
      assertThat(t.count(pagesOfLee, String.valueOf(lee.id()))).as("paged while enabled").isEqualTo(1);

      t.apiJson("PATCH", "/api/v1/users/" + lee.id(), "{\"disabled\":true}");
      long second = t.trigger(key, "cpu", "cpu hot");
      assertThat(t.hush().incidents().require(second).id()).isEqualTo(second);
      assertThat(t.count(pagesOfLee, String.valueOf(lee.id()))).as("not paged once disabled").isEqualTo(1);
    }
  }
}
