package dev.hush.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.escalation.EscalationPolicy;
import dev.hush.notify.ChannelKind;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a team's member can reach of another team, what narrowed tokens can do, and whom a team's steps may page. */
class TeamAccessTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anotherTeamsThingsAreInvisibleAndCannotBeTakenOver(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      PeopleService people = t.hush().people();
      long other = people.createTeam("Search", null).id();
      User mallory = people.createUser("mallory@x.io", "Mallory", "long-enough-pw", false, "UTC", null);
      people.addMember(other, mallory.id(), TeamRole.MANAGER, null);
      String token = t.tokenOf(mallory);
      String key = t.serviceWithKey("payments-api");
      long payments = t.hush().services().byName("payments-api").orElseThrow().id();
      long incident = t.trigger(key, "d", "card auth failing");

      assertThat(Json.parse(t.apiAs(token, "GET", "/api/v1/services", null).body())).as("lists show only one's own teams").isEmpty();
      assertThat(Json.parse(t.apiAs(token, "GET", "/api/v1/incidents", null).body()).path("incidents")).isEmpty();
      HttpResponse<String> hidden = t.apiAs(token, "GET", "/api/v1/services/" + payments, null);
      HttpResponse<String> missing = t.apiAs(token, "GET", "/api/v1/services/987654", null);
      assertThat(hidden.statusCode()).isEqualTo(missing.statusCode()).isEqualTo(404);
      assertThat(hidden.body().replace("/services/" + payments, "/services/ID")).as("indistinguishable from an id that does not exist")
          .isEqualTo(missing.body().replace("/services/987654", "/services/ID"));

      assertThat(t.apiAs(token, "POST", "/api/v1/incidents/" + incident + "/ack", null).statusCode()).isEqualTo(404);
      assertThat(t.hush().incidents().require(incident).ackedAt()).as("the other team's incident stays unacknowledged").isNull();
      assertThat(t.apiAs(token, "PATCH", "/api/v1/services/" + payments, "{\"team_id\":" + other + "}").statusCode()).isEqualTo(404);
      assertThat(t.apiAs(token, "POST", "/api/v1/services/" + payments + "/keys", "{}").statusCode()).isEqualTo(404);
      assertThat(t.apiAs(token, "POST", "/api/v1/services", "{\"name\":\"planted\",\"team_id\":" + t.team() + "}").statusCode()).isEqualTo(404);
      assertThat(t.hush().services().byId(payments).orElseThrow().teamId()).isEqualTo(t.team());
      assertThat(t.hush().services().keys(payments)).hasSize(1);
      assertThat(t.hush().services().byName("planted")).isEmpty();

      // Moving a service needs the manager role on both sides: a manager of the owning team alone cannot give it away.
      User owner = t.person("owner@x.io", "Owner", "long-enough-pw", false, "UTC", null);
      people.addMember(t.team(), owner.id(), TeamRole.MANAGER, null);
      assertThat(t.apiAs(t.tokenOf(owner), "PATCH", "/api/v1/services/" + payments, "{\"team_id\":" + other + "}").statusCode()).isEqualTo(404);
      people.addMember(other, owner.id(), TeamRole.MANAGER, null);
      assertThat(t.apiAs(t.tokenOf(owner), "PATCH", "/api/v1/services/" + payments, "{\"team_id\":" + other + "}").statusCode()).isEqualTo(200);
      assertThat(Json.parse(t.apiAs(token, "GET", "/api/v1/services", null).body())).as("now Search's").hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aResponderHandlesIncidentsButCannotEditTheTeamsSetUp(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      User rory = t.person("rory@x.io", "Rory", "long-enough-pw", false, "UTC", null);
      String token = t.tokenOf(rory);
      String key = t.serviceWithKey("checkout");
      long service = t.hush().services().byName("checkout").orElseThrow().id();
      long incident = t.trigger(key, "d", "5xx");
      assertThat(t.apiAs(token, "POST", "/api/v1/incidents/" + incident + "/ack", null).statusCode()).isEqualTo(200);
      HttpResponse<String> mint = t.apiAs(token, "POST", "/api/v1/services/" + service + "/keys", "{}");
      assertThat(mint.statusCode()).isEqualTo(403);
      assertThat(Json.parse(mint.body()).path("detail").asText()).contains("manager");
      assertThat(t.apiAs(token, "PUT", "/api/v1/services/" + service + "/escalation-policy", "{\"policy_id\":1}").statusCode()).isEqualTo(403);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void tokensCanBeNarrowedToReadingOrToOneTeam(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      PeopleService people = t.hush().people();
      String key = t.serviceWithKey("payments");
      long incident = t.trigger(key, "d", "slow");
      long other = people.createTeam("Search", null).id();
      people.addMember(other, t.admin().id(), TeamRole.MANAGER, null);
      long search = t.hush().services().create("search", "", other, null, false).id();

      JsonNode readOnly = t.apiJson("POST", "/api/v1/tokens", "{\"name\":\"dashboard\",\"read_only\":true}");
      String reader = readOnly.path("token").asText();
      assertThat(t.apiAs(reader, "GET", "/api/v1/incidents/" + incident, null).statusCode()).isEqualTo(200);
      HttpResponse<String> ack = t.apiAs(reader, "POST", "/api/v1/incidents/" + incident + "/ack", null);
      assertThat(ack.statusCode()).isEqualTo(403);
      assertThat(Json.parse(ack.body()).path("detail").asText()).contains("read-only");
      assertThat(t.hush().incidents().require(incident).ackedAt()).isNull();

      String paymentsOnly = t.apiJson("POST", "/api/v1/tokens", "{\"name\":\"ci\",\"team_id\":" + t.team() + "}").path("token").asText();
      assertThat(t.apiAs(paymentsOnly, "GET", "/api/v1/services", null).body()).contains("payments").doesNotContain("search");
      assertThat(t.apiAs(paymentsOnly, "GET", "/api/v1/services/" + search, null).statusCode()).isEqualTo(404);
      assertThat(t.apiAs(paymentsOnly, "POST", "/api/v1/users", "{\"email\":\"z@x.io\",\"name\":\"Z\",\"password\":\"long-enough-pw\"}")
          .statusCode()).as("a team token carries no org admin rights").isEqualTo(403);
      assertThat(t.apiAs(paymentsOnly, "POST", "/api/v1/incidents/" + incident + "/ack", null).statusCode()).isEqualTo(200);
      assertThat(t.hush().people().apiTokens(t.admin().id())).extracting(ApiToken::name, ApiToken::readOnly, ApiToken::teamId)
          .contains(org.assertj.core.groups.Tuple.tuple("dashboard", true, null), org.assertj.core.groups.Tuple.tuple("ci", false, t.team()));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void stepsPageOnlyTheTeamsOwnSchedulesPeopleAndSharedChannels(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      PeopleService people = t.hush().people();
      User dana = t.person("dana@x.io", "Dana", "long-enough-pw", false, "UTC", null);
      User outsider = people.createUser("out@x.io", "Outsider", "long-enough-pw", false, "UTC", null);
      long other = people.createTeam("Search", null).id();
      long foreignSchedule = t.hush().oncall().createSchedule(other, "search-primary").id();
      long personal = t.hush().notifications().addContactMethod(dana.id(), ChannelKind.EMAIL, "mail", "dana@x.io", null).id();
      long room = t.hush().notifications().addContactMethod(dana.id(), ChannelKind.SLACK, "#payments",
          "http://127.0.0.1:9/services/T0/B0/x", null).id();

      String[][] refused = {
          {"user", String.valueOf(outsider.id())}, {"schedule", String.valueOf(foreignSchedule)}, {"channel", String.valueOf(personal)}};
      for (String[] target : refused) {
        HttpResponse<String> r = t.api("POST", "/api/v1/escalation-policies", "{\"name\":\"p\",\"team_id\":" + t.team()
            + ",\"steps\":[{\"targets\":[{\"target\":\"" + target[0] + "\",\"target_id\":" + target[1] + "}]}]}");
        assertThat(r.statusCode()).as(target[0]).isEqualTo(400);
        assertThat(Json.parse(r.body()).path("field").asText()).isEqualTo("steps[0].targets[0].target_id");
      }
      assertThat(t.hush().escalation().policies(team -> true)).isEmpty();
      HttpResponse<String> ok = t.api("POST", "/api/v1/escalation-policies", "{\"name\":\"p\",\"team_id\":" + t.team()
          + ",\"steps\":[{\"targets\":[{\"target\":\"user\",\"target_id\":" + dana.id() + "},{\"target\":\"channel\",\"target_id\":" + room + "}]}]}");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);

      long service = t.hush().services().byName("payments").map(s -> s.id())
          .orElseGet(() -> t.hush().services().create("payments", "", t.team(), null, false).id());
      var choices = t.hush().escalation().editor(service).choices();
      assertThat(choices.channels()).extracting(c -> c.id()).containsExactly(room);
      assertThat(choices.people()).extracting(c -> c.id()).contains(dana.id()).doesNotContain(outsider.id());
      assertThat(choices.schedules()).extracting(c -> c.id()).doesNotContain(foreignSchedule);
      var foreignPolicy = t.hush().escalation().createPolicy(other, "search", 0,
          List.of(EscalationPolicy.Step.of(0, 5, EscalationPolicy.TargetKind.SCHEDULE, foreignSchedule)));
      HttpResponse<String> assign = t.api("PUT", "/api/v1/services/" + service + "/escalation-policy", "{\"policy_id\":" + foreignPolicy.id() + "}");
      assertThat(assign.statusCode()).isEqualTo(400);
      assertThat(Json.parse(assign.body()).path("field").asText()).isEqualTo("policy_id");
    }
  }
}
