package dev.hush.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.ManualClock;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.actions.NewActionItem;
import dev.hush.actions.Priority;
import dev.hush.people.User;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExpertiseTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aServiceOnlyOnePersonHandledHasABusFactorOfOne(StoreKind store) {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-10T10:00:00Z").toEpochMilli());
    try (TestHush t = TestHush.startWithClock(store, clock)) {
      User ana = t.person("ana@x.io", "Ana", "long-enough-pw", false, "UTC", null);
      User bo = t.person("bo@x.io", "Bo", "long-enough-pw", false, "UTC", null);
      var incidents = t.hush().incidents();
      String db = t.serviceWithKey("db");
      String web = t.serviceWithKey("web");
      t.serviceWithKey("quiet");

      // db: Bo only acknowledges; Ana resolves both and writes one log entry.
      long db1 = t.trigger(db, "db-1", "Replica lag");
      long db2 = t.trigger(db, "db-2", "Disk full");
      incidents.acknowledge(db1, bo.id());
      incidents.resolve(db1, ana.id());
      incidents.writeLog(db1, ana.id(), "restarted", "restarted the replica", "actionable");
      incidents.resolve(db2, ana.id());
      // web: each resolves one, Bo writes the log of his.
      long web1 = t.trigger(web, "web-1", "5xx");
      long web2 = t.trigger(web, "web-2", "Slow");
      incidents.resolve(web1, ana.id());
      incidents.resolve(web2, bo.id());
      incidents.writeLog(web2, bo.id(), "rolled back", "", "actionable");
      // Ana mentors Bo on two items.
      t.hush().actions().create(t.team(), new NewActionItem("shard the db", bo.id(), ana.id(), Priority.P1, null, null, null, List.of()), null);
      t.hush().actions().create(t.team(), new NewActionItem("alert on lag", bo.id(), ana.id(), Priority.P2, null, null, null, List.of()), null);
      t.hush().actions().create(t.team(), new NewActionItem("no mentor", ana.id(), null, Priority.P3, null, null, null, List.of()), null);

      JsonNode r = t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/expertise?weeks=2", null);
      JsonNode dbRow = service(r, "db");
      assertThat(dbRow.path("incidents").asLong()).isEqualTo(2);
      assertThat(dbRow.path("handlers").asInt()).as("acknowledging alone is not handling").isEqualTo(1);
      assertThat(dbRow.path("bus_factor_one").asBoolean()).isTrue();
      JsonNode anaOnDb = dbRow.path("people").get(0);
      assertThat(anaOnDb.path("user_id").asLong()).isEqualTo(ana.id());
      assertThat(List.of(anaOnDb.path("acks").asLong(), anaOnDb.path("resolves").asLong(), anaOnDb.path("logs").asLong()))
          .containsExactly(0L, 2L, 1L);
      assertThat(dbRow.path("people").get(1).path("acks").asLong()).as("Bo's ack").isEqualTo(1);

      JsonNode webRow = service(r, "web");
      assertThat(webRow.path("handlers").asInt()).isEqualTo(2);
      assertThat(webRow.path("bus_factor_one").asBoolean()).isFalse();
      JsonNode quiet = service(r, "quiet");
      assertThat(quiet.path("incidents").asLong()).isZero();
      assertThat(quiet.path("bus_factor_one").asBoolean()).as("no incidents, nothing to warn about").isFalse();

      assertThat(r.path("mentoring")).hasSize(1);
      assertThat(r.path("mentoring").get(0).path("mentor_id").asLong()).isEqualTo(ana.id());
      assertThat(r.path("mentoring").get(0).path("owner_id").asLong()).isEqualTo(bo.id());
      assertThat(r.path("mentoring").get(0).path("items").asLong()).isEqualTo(2);

      String page = t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.baseUrl() + "/teams/" + t.team() + "/insights/expertise"))
          .header("Authorization", "Bearer " + t.adminToken())).body();
      assertThat(page).contains("bus factor 1").contains("Mentoring");

      // Twenty weeks on, a two-week window holds none of it.
      clock.advance(20 * 7 * 24 * 3_600_000L);
      JsonNode later = t.apiJson("GET", "/api/v1/teams/" + t.team() + "/insights/expertise?weeks=2", null);
      assertThat(service(later, "db").path("incidents").asLong()).isZero();
      assertThat(later.path("mentoring")).as("items still open are still being mentored").hasSize(1);

    }
  }

  private static JsonNode service(JsonNode report, String name) {
    for (JsonNode s : report.path("services")) {
      if (s.path("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no service " + name + " in " + report);
  }
}
