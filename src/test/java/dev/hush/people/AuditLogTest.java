package dev.hush.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Format;
import dev.hush.core.Json;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every change is recorded with who, when and before/after; managers read their teams' part; nothing secret is kept. */
class AuditLogTest {

  /** A team with its manager (Maria) and a responder (Rui), and another team with its manager (Otto). */
  private record Cast(TestHush t, long team, long otherTeam, User maria, String mariaToken, User rui, String ruiToken, User otto,
      String ottoToken) {}

  private static Cast cast(TestHush t) {
    PeopleService people = t.hush().people();
    long other = people.createTeam("Search", t.admin().id()).id();
    User maria = t.person("maria@x.io", "Maria Manager", "long-enough-pw", false, "Europe/Berlin", t.admin().id());
    people.addMember(t.team(), maria.id(), TeamRole.MANAGER, t.admin().id());
    User rui = t.person("rui@x.io", "Rui Responder", "long-enough-pw", false, "UTC", t.admin().id());
    User otto = people.createUser("otto@x.io", "Otto Other", "long-enough-pw", false, "UTC", t.admin().id());
    people.addMember(other, otto.id(), TeamRole.MANAGER, t.admin().id());
    return new Cast(t, t.team(), other, maria, t.tokenOf(maria), rui, t.tokenOf(rui), otto, t.tokenOf(otto));
  }

  private static JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? null : Json.parse(r.body());
  }

  private static List<JsonNode> audit(TestHush t, String token, String query) {
    return list(ok(t.apiAs(token, "GET", "/api/v1/audit" + query, null)));
  }

  private static List<JsonNode> list(JsonNode array) {
    assertThat(array.isArray()).isTrue();
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static JsonNode only(List<JsonNode> entries, String action, String subject) {
    List<JsonNode> found = entries.stream().filter(e -> e.path("action").asText().equals(action) && e.path("subject").asText().equals(subject))
        .toList();
    assertThat(found).as(action + " on " + subject + " in " + entries).hasSize(1);
    return found.getFirst();
  }

  /** What the manager does: a service changed, a schedule override added, a policy changed and given to the service. */
  private record Changes(long service, long schedule, long policy) {}

  private static Changes managerChangesThings(Cast c) {
    TestHush t = c.t();
    String m = c.mariaToken();
    long service = ok(t.apiAs(m, "POST", "/api/v1/services", "{\"name\":\"checkout\",\"team_id\":" + c.team() + "}")).path("id").asLong();
    ok(t.apiAs(m, "PATCH", "/api/v1/services/" + service, "{\"description\":\"card payments\",\"require_log_on_resolve\":true}"));
    long rotation = ok(t.apiAs(m, "POST", "/api/v1/rotations", "{\"name\":\"primary\",\"zone\":\"UTC\",\"kind\":\"weekly\",\"user_ids\":["
        + c.rui().id() + "," + c.maria().id() + "],\"team_id\":" + c.team() + "}")).path("id").asLong();
    long schedule = ok(t.apiAs(m, "POST", "/api/v1/schedules", "{\"name\":\"primary\",\"team_id\":" + c.team() + "}")).path("id").asLong();
    ok(t.apiAs(m, "POST", "/api/v1/schedules/" + schedule + "/layers", "{\"rotation_id\":" + rotation + ",\"level\":1}"));
    ok(t.apiAs(m, "POST", "/api/v1/schedules/" + schedule + "/overrides", "{\"kind\":\"replace\",\"user_id\":" + c.rui().id()
        + ",\"start\":\"2031-12-24T00:00:00Z\",\"end\":\"2031-12-27T00:00:00Z\",\"note\":\"holiday cover\"}"));
    long policy = ok(t.apiAs(m, "POST", "/api/v1/escalation-policies", "{\"name\":\"checkout\",\"repeat_count\":0,\"team_id\":" + c.team()
        + ",\"steps\":[{\"targets\":[{\"target\":\"schedule\",\"target_id\":" + schedule + "}],\"delay_minutes\":5}]}")).path("id").asLong();
    ok(t.apiAs(m, "PUT", "/api/v1/escalation-policies/" + policy, "{\"name\":\"checkout\",\"repeat_count\":2,\"steps\":[{\"targets\":["
        + "{\"target\":\"schedule\",\"target_id\":" + schedule + "},{\"target\":\"user\",\"target_id\":" + c.maria().id() + "}],\"delay_minutes\":10}]}"));
    ok(t.apiAs(m, "PUT", "/api/v1/services/" + service + "/escalation-policy", "{\"policy_id\":" + policy + "}"));
    return new Changes(service, schedule, policy);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aManagersChangesShowWhoAndBeforeAndAfter(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      Cast c = cast(t);
      long before = System.currentTimeMillis();
      Changes x = managerChangesThings(c);
      List<JsonNode> seen = audit(t, c.mariaToken(), "");

      JsonNode update = only(seen, "service.update", "service:" + x.service());
      assertThat(update.path("actor_user_id").asLong()).isEqualTo(c.maria().id());
      assertThat(update.path("actor_name").asText()).isEqualTo("Maria Manager");
      assertThat(update.path("team_id").asLong()).isEqualTo(c.team());
      assertThat(update.path("at").asLong()).isBetween(before, System.currentTimeMillis());
      assertThat(update.path("before").path("description").asText()).isEmpty();
      assertThat(update.path("after").path("description").asText()).isEqualTo("card payments");
      assertThat(update.path("before").path("require_log_on_resolve").asBoolean()).isFalse();
      assertThat(update.path("after").path("require_log_on_resolve").asBoolean()).isTrue();
      assertThat(only(seen, "service.create", "service:" + x.service()).path("before").isNull()).as("nothing before a creation").isTrue();

      JsonNode override = only(seen, "override.create", "schedule:" + x.schedule());
      assertThat(override.path("actor_user_id").asLong()).isEqualTo(c.maria().id());
      assertThat(override.path("before").isNull()).isTrue();
      assertThat(override.path("after").path("user_id").asLong()).isEqualTo(c.rui().id());
      assertThat(override.path("after").path("kind").asText()).isEqualTo("replace");
      assertThat(override.path("after").path("start").asText()).isEqualTo("2031-12-24T00:00:00Z");
      assertThat(override.path("after").path("note").asText()).isEqualTo("holiday cover");
      only(seen, "schedule.layer_add", "schedule:" + x.schedule());

      JsonNode policy = only(seen, "policy.update", "policy:" + x.policy());
      assertThat(policy.path("actor_user_id").asLong()).isEqualTo(c.maria().id());
      assertThat(policy.path("before").path("repeat_count").asInt()).isZero();
      assertThat(policy.path("after").path("repeat_count").asInt()).isEqualTo(2);
      assertThat(policy.path("before").path("steps").get(0).path("delay_minutes").asInt()).isEqualTo(5);
      assertThat(policy.path("after").path("steps").get(0).path("targets")).extracting(JsonNode::asText)
          .containsExactly("schedule:" + x.schedule(), "user:" + c.maria().id());
      JsonNode assigned = only(seen, "service.policy_assign", "service:" + x.service());
      assertThat(assigned.path("before").isNull()).isTrue();
      assertThat(assigned.path("after").path("policy_id").asLong()).isEqualTo(x.policy());

      // Deleting an override records what it was.
      long overrideId = override.path("after").path("override_id").asLong();
      ok(t.apiAs(c.mariaToken(), "DELETE", "/api/v1/schedules/" + x.schedule() + "/overrides/" + overrideId, null));
      JsonNode deleted = only(audit(t, c.mariaToken(), ""), "override.delete", "schedule:" + x.schedule());
      assertThat(deleted.path("before").path("override_id").asLong()).isEqualTo(overrideId);
      assertThat(deleted.path("after").isNull()).isTrue();

      // A refused change leaves no entry: the entry commits with the change or not at all.
      long second = ok(t.apiAs(c.mariaToken(), "POST", "/api/v1/escalation-policies", "{\"name\":\"second\",\"team_id\":" + c.team()
          + ",\"steps\":[{\"targets\":[{\"target\":\"schedule\",\"target_id\":" + x.schedule() + "}],\"delay_minutes\":1}]}")).path("id").asLong();
      assertThat(t.apiAs(c.mariaToken(), "PUT", "/api/v1/escalation-policies/" + second, "{\"name\":\"checkout\",\"steps\":[{\"targets\":["
          + "{\"target\":\"schedule\",\"target_id\":" + x.schedule() + "}],\"delay_minutes\":1}]}").statusCode()).isEqualTo(409);
      assertThat(audit(t, c.mariaToken(), "?subject=policy:" + second)).extracting(e -> e.path("action").asText()).containsExactly("policy.create");

      // A swap Rui asks for is his entry, in his team's part.
      ok(t.apiAs(c.ruiToken(), "POST", "/api/v1/schedules/" + x.schedule() + "/swaps", "{\"counterpart_id\":" + c.maria().id()
          + ",\"start\":\"2031-12-01T09:00:00Z\",\"end\":\"2031-12-02T09:00:00Z\"}"));
      JsonNode swap = only(audit(t, c.mariaToken(), "?actor=" + c.rui().id()), "swap.request", "schedule:" + x.schedule());
      assertThat(swap.path("after").path("status").asText()).isEqualTo("pending");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void eachManagerReadsOnlyTheTeamsTheyManage(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      Cast c = cast(t);
      Changes x = managerChangesThings(c);
      long billing = ok(t.apiAs(c.ottoToken(), "POST", "/api/v1/services", "{\"name\":\"billing\",\"team_id\":" + c.otherTeam() + "}"))
          .path("id").asLong();

      List<JsonNode> otto = audit(t, c.ottoToken(), "");
      assertThat(otto).extracting(e -> e.path("subject").asText()).as("his team's making, his joining it, his service")
          .containsExactly("service:" + billing, "team:" + c.otherTeam(), "team:" + c.otherTeam());
      assertThat(otto).allSatisfy(e -> assertThat(e.path("team_id").asLong()).isEqualTo(c.otherTeam()));
      assertThat(audit(t, c.ottoToken(), "?subject=service:" + x.service())).as("filtering cannot widen the scope").isEmpty();
      assertThat(audit(t, c.ottoToken(), "?team=" + c.team())).isEmpty();

      List<JsonNode> maria = audit(t, c.mariaToken(), "");
      assertThat(maria).isNotEmpty().allSatisfy(e -> assertThat(e.path("team_id").asLong()).isEqualTo(c.team()));
      assertThat(maria).extracting(e -> e.path("subject").asText()).doesNotContain("service:" + billing)
          .as("people's own things belong to no team").noneMatch(s -> s.startsWith("user:"));

      HttpResponse<String> responder = t.apiAs(c.ruiToken(), "GET", "/api/v1/audit", null);
      assertThat(responder.statusCode()).as("only admins and managers read the audit log").isEqualTo(403);
      assertThat(t.apiAs(c.ruiToken(), "GET", "/audit", null).statusCode()).isEqualTo(403);

      List<JsonNode> admin = audit(t, t.adminToken(), "?limit=500");
      assertThat(admin).extracting(e -> e.path("subject").asText())
          .contains("service:" + billing, "service:" + x.service(), "user:" + c.maria().id(), "team:" + c.otherTeam());
      JsonNode created = only(admin, "user.create", "user:" + c.otto().id());
      assertThat(created.path("team_id").isNull()).isTrue();
      assertThat(created.path("after").path("email").asText()).isEqualTo("otto@x.io");
      JsonNode member = only(admin, "team.member", "team:" + c.otherTeam());
      assertThat(member.path("after").path("role").asText()).isEqualTo("manager");

      // A service moved to another team is in both teams' part.
      ok(t.apiAs(t.adminToken(), "PATCH", "/api/v1/services/" + x.service(), "{\"team_id\":" + c.otherTeam() + "}"));
      JsonNode moved = only(audit(t, c.ottoToken(), "?subject=service:" + x.service()), "service.update", "service:" + x.service());
      assertThat(moved.path("before").path("team_id").asLong()).isEqualTo(c.team());
      assertThat(moved.path("after").path("team_id").asLong()).isEqualTo(c.otherTeam());
      assertThat(audit(t, c.mariaToken(), "?subject=service:" + x.service() + "&actor=" + t.admin().id())).hasSize(1);

      // The page: the same entries, times in the reader's zone, linked from the navigation for managers only.
      HttpResponse<String> page = t.apiAs(c.mariaToken(), "GET", "/audit?subject=policy:" + x.policy(), null);
      assertThat(page.statusCode()).isEqualTo(200);
      JsonNode policy = only(audit(t, c.mariaToken(), ""), "policy.update", "policy:" + x.policy());
      assertThat(page.body()).contains("policy.update", "Maria Manager", "Times in Europe/Berlin",
          Format.time(policy.path("at").asLong(), ZoneId.of("Europe/Berlin")), "<del>0</del>", "<ins>2</ins>", "href=\"/audit\"");
      assertThat(t.apiAs(c.ottoToken(), "GET", "/audit", null).body()).contains("billing").doesNotContain("holiday cover");
      assertThat(t.apiAs(c.ruiToken(), "GET", "/incidents", null).body()).doesNotContain("href=\"/audit\"");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theFiltersNarrowAndPage(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      Cast c = cast(t);
      Changes x = managerChangesThings(c);
      String admin = t.adminToken();
      List<JsonNode> all = audit(t, admin, "?limit=500");
      assertThat(all).extracting(e -> e.path("id").asLong()).as("newest first").isSortedAccordingTo((a, b) -> Long.compare(b, a));

      assertThat(audit(t, admin, "?actor=" + c.maria().id())).isNotEmpty()
          .allSatisfy(e -> assertThat(e.path("actor_user_id").asLong()).isEqualTo(c.maria().id()));
      assertThat(audit(t, admin, "?subject=service:" + x.service())).extracting(e -> e.path("action").asText())
          .containsExactly("service.policy_assign", "service.update", "service.create");
      assertThat(audit(t, admin, "?subject=policy")).extracting(e -> e.path("action").asText()).containsExactly("policy.update", "policy.create");
      assertThat(audit(t, admin, "?team=" + c.otherTeam())).extracting(e -> e.path("action").asText())
          .containsExactly("team.member", "team.create");

      long first = all.getLast().path("at").asLong();
      long last = all.getFirst().path("at").asLong();
      assertThat(audit(t, admin, "?limit=500&since=" + first)).hasSameSizeAs(all);
      assertThat(audit(t, admin, "?since=" + Instant.ofEpochMilli(last + 1))).isEmpty();
      assertThat(audit(t, admin, "?until=" + first)).isEmpty();
      assertThat(audit(t, admin, "?limit=500&since=2000-01-01&until=2999-01-01T00:00:00Z")).hasSameSizeAs(all);

      List<JsonNode> paged = new ArrayList<>();
      String query = "?limit=3";
      while (true) {
        List<JsonNode> page = audit(t, admin, query);
        paged.addAll(page);
        if (page.size() < 3) {
          break;
        }
        query = "?limit=3&before_id=" + page.getLast().path("id").asLong();
      }
      assertThat(paged).extracting(e -> e.path("id").asLong()).containsExactlyElementsOf(all.stream().map(e -> e.path("id").asLong()).toList());

      for (String bad : List.of("actor=ana", "subject=service%3A3%20OR%201", "team=x", "since=yesterday", "until=2026-13-45",
          "limit=0", "limit=501", "before_id=-x", "since=2026-02-01&until=2026-01-01")) {
        HttpResponse<String> r = t.apiAs(admin, "GET", "/api/v1/audit?" + bad, null);
        String field = bad.contains("&") ? "until" : bad.substring(0, bad.indexOf('='));
        assertThat(r.statusCode()).as(bad).isEqualTo(400);
        assertThat(Json.parse(r.body()).path("field").asText()).as(bad).isEqualTo(field);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void noSecretIsStored(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      Cast c = cast(t);
      String m = c.mariaToken();
      long service = ok(t.apiAs(m, "POST", "/api/v1/services", "{\"name\":\"checkout\",\"team_id\":" + c.team() + "}")).path("id").asLong();
      JsonNode key = ok(t.apiAs(m, "POST", "/api/v1/services/" + service + "/keys", "{\"name\":\"prometheus\"}"));
      ok(t.apiAs(m, "DELETE", "/api/v1/services/" + service + "/keys/" + key.path("id").asLong(), null));
      String imported = "legacy-routing-key-0123456789";
      t.hush().services().importKey(service, "legacy", imported);
      JsonNode webhook = ok(t.apiAs(m, "POST", "/api/v1/me/contact-methods",
          "{\"kind\":\"webhook\",\"name\":\"ops hook\",\"address\":\"http://127.0.0.1:9/T0001/B0002/pathSecretXyz?sig=querySecret\"}"));
      JsonNode ntfy = ok(t.apiAs(m, "POST", "/api/v1/me/contact-methods",
          "{\"kind\":\"ntfy\",\"address\":\"http://127.0.0.1:9/topicSecret42\",\"secret\":\"tk_ntfyAccessToken\"}"));
      ok(t.apiAs(m, "POST", "/api/v1/me/contact-methods",
          "{\"kind\":\"sms\",\"address\":\"+4915112345678\",\"secret\":\"AC0001:smsAuthToken77\"}"));
      ok(t.apiAs(m, "DELETE", "/api/v1/me/contact-methods/" + ntfy.path("contact_method").path("id").asLong(), null));
      String apiToken = ok(t.apiAs(m, "POST", "/api/v1/tokens", "{\"name\":\"deploy\"}")).path("token").asText();
      String feed = ok(t.apiAs(m, "POST", "/api/v1/me/feeds", null)).path("url").asText();
      String reset = ok(t.apiAs(t.adminToken(), "POST", "/api/v1/users/" + c.rui().id() + "/password-reset", null)).path("one_time_password").asText();

      List<String> secrets = List.of(key.path("key").asText(), imported, webhook.path("signing_secret").asText(), "pathSecretXyz", "querySecret",
          "topicSecret42", "tk_ntfyAccessToken", "smsAuthToken77", apiToken, feed.substring(feed.lastIndexOf('/') + 1).replace(".ics", ""),
          reset, "long-enough-pw", c.mariaToken());
      assertThat(secrets).allSatisfy(s -> assertThat(s).hasSizeGreaterThan(8));
      List<String> rows = t.hush().db().<List<String>, RuntimeException>withHandle(h -> h.createQuery("""
              SELECT action || ' ' || subject || ' ' || detail || ' ' || COALESCE(before_json, '') || ' ' || COALESCE(after_json, '')
              FROM audit_log""").mapTo(String.class).list());
      assertThat(rows).hasSizeGreaterThan(10);
      for (String secret : secrets) {
        assertThat(rows).as("no audit row holds " + secret).noneMatch(row -> row.contains(secret));
      }

      // That they changed is recorded all the same.
      List<JsonNode> admin = audit(t, t.adminToken(), "?limit=500");
      assertThat(only(admin, "key.revoke", "service:" + service).path("after").path("active").asBoolean()).isFalse();
      assertThat(admin.stream().filter(e -> e.path("action").asText().equals("key.create"))).hasSize(2);
      List<JsonNode> methods = audit(t, t.adminToken(), "?subject=user:" + c.maria().id());
      JsonNode hook = methods.stream().filter(e -> e.path("action").asText().equals("contact_method.create")
          && e.path("after").path("kind").asText().equals("webhook")).findFirst().orElseThrow();
      assertThat(hook.path("after").path("address").asText()).isEqualTo("http://127.0.0.1:9/…");
      assertThat(hook.path("after").path("secret").asText()).isEqualTo("set");
      assertThat(only(methods, "contact_method.delete", "user:" + c.maria().id()).path("before").path("kind").asText()).isEqualTo("ntfy");
      assertThat(methods).filteredOn(e -> e.path("action").asText().equals("token.create")).extracting(e -> e.path("after").path("name").asText())
          .containsExactly("deploy", "test");
    }
  }
}
