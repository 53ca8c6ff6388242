package dev.hush.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.people.PeopleService;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Acknowledging and resolving several incidents in one call: the log rule, bad input, and another team's incidents. */
class BulkActionsApiTest {

  private static String ids(long... ids) {
    return "{\"ids\":[" + LongStream.of(ids).mapToObj(Long::toString).collect(Collectors.joining(",")) + "]}";
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void severalAreAcknowledgedAndResolvedAtOnceButNeverWithoutTheLogTheirServiceAsksFor(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String checkout = t.serviceWithKey("checkout");
      long payments = t.hush().services().create("payments", "", t.team(), null, true).id();
      String paymentsKey = t.hush().services().createKey(payments, "test").secret();
      long a = t.trigger(checkout, "a", "Checkout 5xx");
      long b = t.trigger(checkout, "b", "Checkout slow");
      long c = t.trigger(checkout, "c", "Checkout queue");
      long d = t.trigger(paymentsKey, "d", "Card auth failing");
      t.apiJson("POST", "/api/v1/incidents/" + a + "/ack", null);

      JsonNode acked = t.apiJson("POST", "/api/v1/incidents/acknowledge", ids(a, b, c, d));
      assertThat(acked.path("verb").asText()).isEqualTo("acknowledge");
      assertThat(longs(acked.path("changed"))).containsExactlyInAnyOrder(b, c, d);
      assertThat(acked.path("skipped").get(0).path("id").asLong()).isEqualTo(a);
      assertThat(acked.path("skipped").get(0).path("reason").asText()).isEqualTo("already_acknowledged");
      assertThat(acked.path("summary").asText()).isEqualTo("3 acknowledged; 1 already acknowledged");
      for (long id : List.of(b, c, d)) {
        Incident i = t.hush().incidents().require(id);
        assertThat(i.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(i.ackedBy()).isEqualTo(t.admin().id());
      }

      JsonNode resolved = t.apiJson("POST", "/api/v1/incidents/resolve", ids(a, b, c, d));
      assertThat(longs(resolved.path("changed"))).containsExactlyInAnyOrder(a, b, c);
      assertThat(resolved.path("skipped").get(0).path("id").asLong()).isEqualTo(d);
      assertThat(resolved.path("skipped").get(0).path("reason").asText()).isEqualTo("needs_log");
      assertThat(resolved.path("skipped").get(0).path("title").asText()).isEqualTo("Card auth failing");
      assertThat(resolved.path("summary").asText()).isEqualTo("3 resolved; 1 needs an on-call log before it can be resolved");
      assertThat(t.hush().incidents().require(d).status()).as("payments asks for the log first").isEqualTo(IncidentStatus.ACKNOWLEDGED);
      JsonNode timeline = t.apiJson("GET", "/api/v1/incidents/" + b, null).path("timeline");
      assertThat(timeline.findValuesAsText("kind")).containsSubsequence("event:trigger", "acknowledged", "resolved");
      assertThat(timeline.findValuesAsText("actor")).contains("Ada Admin");

      t.apiJson("PUT", "/api/v1/incidents/" + d + "/log", "{\"action\":\"restarted\",\"verdict\":\"actionable\"}");
      JsonNode again = t.apiJson("POST", "/api/v1/incidents/resolve", ids(d, a));
      assertThat(longs(again.path("changed"))).containsExactly(d);
      assertThat(again.path("summary").asText()).isEqualTo("1 resolved; 1 already resolved");
      assertThat(t.hush().incidents().require(d).status()).isEqualTo(IncidentStatus.RESOLVED);
      assertThat(t.api("POST", "/api/v1/incidents/acknowledge", ids(a)).body()).contains("\"summary\":\"1 already resolved\"");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void badInputIsRefusedNamingTheField(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      long a = t.trigger(t.serviceWithKey("checkout"), "a", "Checkout 5xx");
      String tooMany = ids(LongStream.rangeClosed(1, IncidentService.MAX_BULK + 1).toArray());
      for (String body : List.of("{}", "{\"ids\":[]}", "{\"ids\":\"1,2\"}", "{\"ids\":[1.5]}", "{\"ids\":[\"x\"]}", tooMany)) {
        for (String path : List.of("/api/v1/incidents/acknowledge", "/api/v1/incidents/resolve")) {
          HttpResponse<String> r = t.api("POST", path, body);
          assertThat(r.statusCode()).as(path + " " + body).isEqualTo(400);
          assertThat(Json.parse(r.body()).path("field").asText()).isEqualTo("ids");
          assertThat(Json.parse(r.body()).path("error").asText()).isEqualTo("invalid_request");
        }
      }
      HttpResponse<String> malformed = t.api("POST", "/api/v1/incidents/acknowledge", "{\"ids\":");
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(Json.parse(malformed.body()).path("field").asText()).isEqualTo("body");
      HttpResponse<String> missing = t.api("POST", "/api/v1/incidents/acknowledge", ids(a, 987654));
      assertThat(missing.statusCode()).as("one id that does not exist refuses the whole call").isEqualTo(404);
      assertThat(t.hush().incidents().require(a).status()).isEqualTo(IncidentStatus.TRIGGERED);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anotherTeamsMemberIsRefusedAndAViewerMayNotAct(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      PeopleService people = t.hush().people();
      long own = t.trigger(t.serviceWithKey("checkout"), "a", "Checkout 5xx");
      long other = people.createTeam("Search", null).id();
      User mallory = people.createUser("mallory@x.io", "Mallory", "long-enough-pw", false, "UTC", null);
      people.addMember(other, mallory.id(), TeamRole.MANAGER, null);
      long searchService = t.hush().services().create("search", "", other, null, false).id();
      long theirs = t.trigger(t.hush().services().createKey(searchService, "k").secret(), "s", "Search down");
      String malloryToken = t.tokenOf(mallory);

      for (String path : List.of("/api/v1/incidents/acknowledge", "/api/v1/incidents/resolve")) {
        HttpResponse<String> refused = t.apiAs(malloryToken, "POST", path, ids(own));
        HttpResponse<String> missing = t.apiAs(malloryToken, "POST", path, ids(987654));
        assertThat(refused.statusCode()).as(path).isEqualTo(missing.statusCode()).isEqualTo(404);
        assertThat(Json.parse(refused.body()).path("error").asText()).isEqualTo("not_found");
        assertThat(t.apiAs(malloryToken, "POST", path, ids(theirs, own)).statusCode()).as("mixed with their own").isEqualTo(404);
      }
      assertThat(t.hush().incidents().require(own).status()).as("the other team's incident is untouched").isEqualTo(IncidentStatus.TRIGGERED);
      assertThat(t.hush().incidents().require(theirs).status()).as("nothing of a refused call happens").isEqualTo(IncidentStatus.TRIGGERED);

      User viewer = people.createUser("viewer@x.io", "Vera", "long-enough-pw", false, "UTC", null);
      people.addMember(t.team(), viewer.id(), TeamRole.VIEWER, null);
      HttpResponse<String> tooWeak = t.apiAs(t.tokenOf(viewer), "POST", "/api/v1/incidents/acknowledge", ids(own));
      assertThat(tooWeak.statusCode()).isEqualTo(403);
      assertThat(Json.parse(tooWeak.body()).path("detail").asText()).contains("responder");

      User rory = t.person("rory@x.io", "Rory", "long-enough-pw", false, "UTC", null);
      JsonNode ok = Json.parse(t.apiAs(t.tokenOf(rory), "POST", "/api/v1/incidents/acknowledge", ids(own)).body());
      assertThat(longs(ok.path("changed"))).containsExactly(own);
      assertThat(t.hush().incidents().require(own).ackedBy()).isEqualTo(rory.id());
    }
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asLong()));
    return out;
  }
}
