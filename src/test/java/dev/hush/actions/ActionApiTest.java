package dev.hush.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActionApiTest {
  private static final long DAY = 24 * 3_600_000L;
  private static final long WEEK = 7 * DAY;
  /** A Monday, 09:00 UTC. */
  private static final long START = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void badItemsNameTheField(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      User owner = t.person("owner@x.io", "Owen", "long-enough-pw", false, "UTC", null);
      User outsider = t.hush().people().createUser("out@x.io", "Out", "long-enough-pw", false, "UTC", null);
      long team = t.team();
      assertThat(field(t, "{\"team_id\":" + team + ",\"owner_id\":" + owner.id() + ",\"priority\":\"P1\"}")).isEqualTo("title");
      assertThat(field(t, "{\"team_id\":" + team + ",\"title\":\"x\",\"owner_id\":" + outsider.id() + ",\"priority\":\"P1\"}"))
          .as("owner not in the team").isEqualTo("owner_id");
      assertThat(field(t, "{\"team_id\":" + team + ",\"title\":\"x\",\"owner_id\":" + owner.id() + ",\"mentor_id\":" + outsider.id()
          + ",\"priority\":\"P1\"}")).as("mentor not in the team").isEqualTo("mentor_id");
      assertThat(field(t, "{\"team_id\":" + team + ",\"title\":\"x\",\"owner_id\":" + owner.id() + ",\"priority\":\"P4\"}")).isEqualTo("priority");
      assertThat(field(t, "{\"team_id\":" + team + ",\"title\":\"x\",\"owner_id\":" + owner.id() + ",\"priority\":\"P1\",\"due\":\"soon\"}"))
          .isEqualTo("due");
      assertThat(field(t, "{\"team_id\":" + team + ",\"title\":\"x\",\"owner_id\":" + owner.id() + ",\"priority\":\"P1\","
          + "\"origin_kind\":\"incident\",\"origin_id\":999}")).isEqualTo("origin_id");
      assertThat(field(t, "{\"team_id\":" + team + ",\"title\":\"x\",\"owner_id\":" + owner.id() + ",\"priority\":\"P1\","
          + "\"origin_kind\":\"gossip\"}")).isEqualTo("origin_kind");

      assertThat(field(t, "{\"team_id\":" + team + ",\"title\":\"x\",\"owner_id\":" + owner.id() + ",\"priority\":\"P1\","
          + "\"origin_id\":3}")).isEqualTo("origin_kind");

      long id = create(t, t.adminToken(), team, "rotate the certs", owner.id(), "P2", null).path("id").asLong();
      HttpResponse<String> r = t.api("PATCH", "/api/v1/action-items/" + id, "{\"status\":\"wont_do\"}");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(Json.parse(r.body()).path("field").asText()).isEqualTo("reason");
      r = t.api("PATCH", "/api/v1/action-items/" + id, "{\"status\":\"finished\"}");
      assertThat(Json.parse(r.body()).path("field").asText()).isEqualTo("status");
      r = t.api("PATCH", "/api/v1/action-items/" + id, "{\"owner_id\":" + outsider.id() + "}");
      assertThat(Json.parse(r.body()).path("field").asText()).isEqualTo("owner_id");

      JsonNode wont = t.apiJson("PATCH", "/api/v1/action-items/" + id, "{\"status\":\"wont_do\",\"reason\":\"the service is retired\"}");
      assertThat(wont.path("status").asText()).isEqualTo("wont_do");
      assertThat(wont.path("reason").asText()).isEqualTo("the service is retired");
      assertThat(t.count("SELECT COUNT(*) FROM audit_log WHERE subject = :v", "action:" + id)).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void respondersCreateAndUpdateViewersReadAndOtherTeamsSeeNothing(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      var people = t.hush().people();
      User responder = t.person("r@x.io", "Rae", "long-enough-pw", false, "UTC", null);
      User mentor = t.person("m@x.io", "Mo", "long-enough-pw", false, "UTC", null);
      User viewer = people.createUser("v@x.io", "Vi", "long-enough-pw", false, "UTC", null);
      people.addMember(t.team(), viewer.id(), TeamRole.VIEWER, null);
      long other = people.createTeam("Other", null).id();
      User stranger = people.createUser("s@x.io", "Stranger", "long-enough-pw", false, "UTC", null);
      people.addMember(other, stranger.id(), TeamRole.MANAGER, null);

      String rt = t.tokenOf(responder);
      JsonNode item = t.apiJson("POST", "/api/v1/action-items", "{\"team_id\":" + t.team() + ",\"title\":\"add a for: to DiskFull\","
          + "\"owner_id\":" + responder.id() + ",\"mentor_id\":" + mentor.id() + ",\"priority\":\"P1\",\"due\":\"2030-01-31\","
          + "\"fingerprints\":[\"fp-disk\",\" fp-disk \",\"fp-inode\"]}");
      long id = item.path("id").asLong();
      assertThat(item.path("status").asText()).isEqualTo("open");
      assertThat(item.path("due").asText()).isEqualTo("2030-01-31");
      assertThat(item.path("fingerprints")).extracting(JsonNode::asText).containsExactly("fp-disk", "fp-inode");
      assertThat(item.path("origin_kind").asText()).isEqualTo("note");

      HttpResponse<String> done = t.apiAs(rt, "PATCH", "/api/v1/action-items/" + id, "{\"status\":\"done\",\"mentor_id\":null}");
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(Json.parse(done.body()).path("done_at").asLong()).isPositive();
      assertThat(Json.parse(done.body()).path("mentor_id").isNull()).isTrue();

      // The item page's edit form: an empty mentor or due day clears it, fingerprints one a line.
      HttpResponse<String> edited = form(t, rt, "/actions/" + id, "title=add+a+for%3A+10m&owner_id=" + responder.id() + "&mentor_id=" + mentor.id()
          + "&priority=P2&due=&fingerprints=fp-disk%0D%0Afp-net");
      assertThat(edited.statusCode()).as(edited.body()).isEqualTo(302);
      JsonNode after = t.apiJson("GET", "/api/v1/action-items/" + id, null);
      assertThat(after.path("title").asText()).isEqualTo("add a for: 10m");
      assertThat(after.path("priority").asText()).isEqualTo("P2");
      assertThat(after.path("mentor_id").asLong()).isEqualTo(mentor.id());
      assertThat(after.path("due").isNull()).isTrue();
      assertThat(after.path("fingerprints")).extracting(JsonNode::asText).containsExactly("fp-disk", "fp-net");
      assertThat(form(t, rt, "/actions/" + id, "mentor_id=" + responder.id()).statusCode()).as("mentor is the owner").isEqualTo(400);

      String vt = t.tokenOf(viewer);
      assertThat(t.apiAs(vt, "GET", "/api/v1/action-items/" + id, null).statusCode()).isEqualTo(200);
      assertThat(t.apiAs(vt, "PATCH", "/api/v1/action-items/" + id, "{\"title\":\"mine now\"}").statusCode()).isEqualTo(403);
      assertThat(t.apiAs(vt, "POST", "/api/v1/action-items", "{\"team_id\":" + t.team() + ",\"title\":\"x\",\"owner_id\":" + viewer.id()
          + ",\"priority\":\"P3\"}").statusCode()).isEqualTo(403);

      String st = t.tokenOf(stranger);
      assertThat(t.apiAs(st, "GET", "/api/v1/action-items/" + id, null).statusCode()).isEqualTo(404);
      assertThat(t.apiAs(st, "PATCH", "/api/v1/action-items/" + id, "{\"title\":\"x\"}").statusCode()).isEqualTo(404);
      assertThat(t.apiAs(st, "GET", "/api/v1/action-items/" + id + "/recurrence", null).statusCode()).isEqualTo(404);
      assertThat(Json.parse(t.apiAs(st, "GET", "/api/v1/action-items", null).body())).isEmpty();
      assertThat(Json.parse(t.apiAs(vt, "GET", "/api/v1/action-items?status=done", null).body())).hasSize(1);
      assertThat(Json.parse(t.apiAs(vt, "GET", "/api/v1/action-items?status=open", null).body())).isEmpty();
      assertThat(Json.parse(t.apiAs(rt, "GET", "/api/v1/action-items?owner=me", null).body())).hasSize(1);
      assertThat(Json.parse(t.apiAs(vt, "GET", "/api/v1/action-items?owner=me", null).body())).isEmpty();
      assertThat(t.apiAs(vt, "GET", "/api/v1/action-items?status=nope", null).statusCode()).isEqualTo(400);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void slipAgeCountsWholeWeeksOpenAndOverdueStandsOut(StoreKind store) {
    ManualClock clock = new ManualClock(START);
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      User owner = t.person("o@x.io", "Owen", "long-enough-pw", false, "UTC", null);
      long p3 = create(t, t.adminToken(), t.team(), "tidy dashboards", owner.id(), "P3", "2026-11-04").path("id").asLong();
      long p1 = create(t, t.adminToken(), t.team(), "stop the 3am page", owner.id(), "P1", "2026-11-20").path("id").asLong();
      assertThat(item(t, p1).path("slip_weeks").asLong()).isZero();
      assertThat(item(t, p3).path("overdue").asBoolean()).isFalse();

      clock.advance(WEEK - 1);
      assertThat(item(t, p1).path("slip_weeks").asLong()).as("not a whole week yet").isZero();
      assertThat(item(t, p3).path("overdue").asBoolean()).isTrue();
      clock.advance(1);
      assertThat(item(t, p1).path("slip_weeks").asLong()).isEqualTo(1);
      clock.advance(2 * WEEK + 3 * DAY);
      assertThat(item(t, p1).path("slip_weeks").asLong()).isEqualTo(3);
      assertThat(item(t, p1).path("overdue").asBoolean()).isTrue();

      JsonNode lane = t.apiJson("GET", "/api/v1/action-items?overdue=true", null);
      assertThat(lane).extracting(n -> n.path("id").asLong()).as("P1 first").containsExactly(p1, p3);

      assertThat(t.hush().actions().overdueP1(t.team())).extracting(ActionItem::id).containsExactly(p1);
      t.hush().db().useTransaction(h -> t.hush().actions().carryOver(h, t.team()));
      assertThat(item(t, p1).path("carried_over").asInt()).isEqualTo(1);

      t.apiJson("PATCH", "/api/v1/action-items/" + p1, "{\"status\":\"done\"}");
      clock.advance(5 * WEEK);
      JsonNode done = item(t, p1);
      assertThat(done.path("slip_weeks").asLong()).as("slip stops when done").isEqualTo(3);
      assertThat(done.path("overdue").asBoolean()).isFalse();
      assertThat(item(t, p3).path("slip_weeks").asLong()).isEqualTo(8);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anItemFromAnIncidentLinksItsFingerprintAndItsRecurrenceIsProven(StoreKind store) {
    ManualClock clock = new ManualClock(START);
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      User owner = t.person("o@x.io", "Owen", "long-enough-pw", false, "UTC", null);
      String key = t.serviceWithKey("checkout");
      // DiskFull fires weekly for two weeks; Latency once.
      long disk1 = resolved(t, key, "disk", owner);
      clock.advance(WEEK);
      long disk2 = resolved(t, key, "disk", owner);
      long latency = resolved(t, key, "latency", owner);
      String diskFp = t.hush().incidents().require(disk1).fingerprint();
      assertThat(t.hush().incidents().require(disk2).fingerprint()).isEqualTo(diskFp);

      JsonNode fixDisk = t.apiJson("POST", "/api/v1/incidents/" + disk2 + "/action-items",
          "{\"title\":\"grow the volume\",\"owner_id\":" + owner.id() + ",\"priority\":\"P1\"}");
      assertThat(fixDisk.path("origin_kind").asText()).isEqualTo("incident");
      assertThat(fixDisk.path("origin_id").asLong()).isEqualTo(disk2);
      assertThat(fixDisk.path("team_id").asLong()).isEqualTo(t.team());
      assertThat(fixDisk.path("fingerprints")).extracting(JsonNode::asText).containsExactly(diskFp);
      JsonNode fixLatency = t.apiJson("POST", "/api/v1/incidents/" + latency + "/action-items",
          "{\"title\":\"cache the catalog\",\"owner_id\":" + owner.id() + ",\"priority\":\"P2\"}");
      long disk = fixDisk.path("id").asLong();
      long lat = fixLatency.path("id").asLong();
      assertThat(t.apiJson("GET", "/api/v1/incidents/" + disk2 + "/action-items", null)).extracting(n -> n.path("id").asLong())
          .containsExactly(disk);

      // The page's form, opened from the incident, does the same.
      HttpResponse<String> form = t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.baseUrl() + "/actions"))
          .header("Authorization", "Bearer " + t.adminToken()).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("team_id=" + t.team() + "&incident_id=" + disk1
              + "&title=document+the+volume&owner_id=" + owner.id() + "&priority=P3&due=&mentor_id=&fingerprints=")));
      assertThat(form.statusCode()).as(form.body()).isEqualTo(302);
      long fromForm = Long.parseLong(form.headers().firstValue("Location").orElseThrow().replace("/actions/", ""));
      assertThat(item(t, fromForm).path("fingerprints")).extracting(JsonNode::asText).containsExactly(diskFp);
      assertThat(item(t, fromForm).path("origin_id").asLong()).isEqualTo(disk1);
      t.apiJson("PATCH", "/api/v1/action-items/" + fromForm, "{\"status\":\"wont_do\",\"reason\":\"covered by the other item\"}");
      assertThat(proof(t, disk, "").path("state").asText()).isEqualTo("not_done");

      clock.advance(DAY);
      t.apiJson("PATCH", "/api/v1/action-items/" + disk, "{\"status\":\"done\"}");
      t.apiJson("PATCH", "/api/v1/action-items/" + lat, "{\"status\":\"done\"}");
      assertThat(proof(t, disk, "").path("state").asText()).isEqualTo("watching");

      // Ten days after: latency came back, the disk stayed quiet.
      clock.advance(10 * DAY);
      long back = resolved(t, key, "latency", owner);
      clock.advance(5 * DAY);

      JsonNode quiet = proof(t, disk, "");
      assertThat(quiet.path("state").asText()).isEqualTo("verified_quiet");
      assertThat(quiet.path("before")).extracting(n -> n.path("count").asLong()).containsExactly(1L, 1L);
      assertThat(quiet.path("after")).extracting(n -> n.path("count").asLong()).containsExactly(0L, 0L);
      assertThat(quiet.path("recurred")).isEmpty();

      JsonNode recurred = proof(t, lat, "");
      assertThat(recurred.path("state").asText()).isEqualTo("recurred");
      assertThat(recurred.path("before")).extracting(n -> n.path("count").asLong()).containsExactly(0L, 1L);
      assertThat(recurred.path("after")).extracting(n -> n.path("count").asLong()).containsExactly(0L, 1L);
      assertThat(recurred.path("recurred")).extracting(n -> n.path("incident_id").asLong()).containsExactly(back);

      assertThat(proof(t, disk, "?weeks=3").path("before")).hasSize(3);
      assertThat(t.api("GET", "/api/v1/action-items/" + disk + "/recurrence?weeks=0", null).statusCode()).isEqualTo(400);

      HttpResponse<String> page = t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.baseUrl() + "/actions/" + lat))
          .header("Authorization", "Bearer " + t.adminToken()).GET());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("recurred").contains("/incidents/" + back).contains("<svg");
    }
  }

  /** Opens an incident for the dedup key and resolves it, so the next trigger opens a new one. */
  private static long resolved(TestHush t, String key, String dedup, User by) {
    long id = t.trigger(key, dedup, dedup + " alert");
    t.hush().incidents().resolve(id, by.id());
    return id;
  }

  private static JsonNode proof(TestHush t, long id, String query) {
    return t.apiJson("GET", "/api/v1/action-items/" + id + "/recurrence" + query, null);
  }

  private static JsonNode item(TestHush t, long id) {
    return t.apiJson("GET", "/api/v1/action-items/" + id, null);
  }

  private static JsonNode create(TestHush t, String token, long team, String title, long owner, String priority, String due) {
    HttpResponse<String> r = t.apiAs(token, "POST", "/api/v1/action-items", "{\"team_id\":" + team + ",\"title\":\"" + title
        + "\",\"owner_id\":" + owner + ",\"priority\":\"" + priority + "\"" + (due == null ? "" : ",\"due\":\"" + due + "\"") + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.parse(r.body());
  }

  private static HttpResponse<String> form(TestHush t, String token, String path, String body) {
    return t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.baseUrl() + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
  }

  private static String field(TestHush t, String body) {
    HttpResponse<String> r = t.api("POST", "/api/v1/action-items", body);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    return Json.parse(r.body()).path("field").asText();
  }
}
