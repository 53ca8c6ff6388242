package dev.hush.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The team's "Metrics from Prometheus" page: the server's form keeps the secret unseen, each service's form its queries. */
class PrometheusSettingsPageTest {

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anAdminSetsTheServerAndAManagerAServicesQueriesByForm(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      t.serviceWithKey("checkout");
      long checkout = t.hush().services().byName("checkout").orElseThrow().id();
      String page = t.api("GET", "/teams/" + t.team() + "/prometheus", null).body();
      assertThat(page).contains("Metrics from Prometheus", "checkout", "(the defaults)", "request_rate = sum(rate(http_requests_total{service=\"$service\"}[5m]))");

      HttpResponse<String> saved = form(t, t.adminToken(), "/teams/" + t.team() + "/prometheus",
          "base_url=http://prometheus.internal:9090&auth=basic&username=hush&password=" + enc("p@ss word"));
      assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
      assertThat(t.hush().anomalies().prometheus().source(t.team()).orElseThrow().auth()).isEqualTo("basic");
      // Saved again without the password: the stored one is kept.
      form(t, t.adminToken(), "/teams/" + t.team() + "/prometheus", "base_url=http://prometheus.internal:9091&auth=basic&username=hush&password=");
      assertThat(t.hush().anomalies().prometheus().open(t.team()).orElseThrow().password()).isEqualTo("p@ss word");
      assertThat(t.api("GET", "/teams/" + t.team() + "/prometheus", null).body()).contains("http://prometheus.internal:9091").doesNotContain("p@ss word");

      HttpResponse<String> queries = form(t, t.adminToken(), "/services/" + checkout + "/prometheus-queries",
          "queries=" + enc("orders = sum(rate(orders_total{app=\"$service\"}[5m]))\n\nqueue = max(queue_depth{service=\"$service\"})\n"));
      assertThat(queries.statusCode()).as(queries.body()).isEqualTo(302);
      assertThat(t.hush().anomalies().prometheus().queries(checkout).queries()).extracting(MetricQuery::name).containsExactly("orders", "queue");
      assertThat(t.hush().anomalies().prometheus().queries(checkout).queries().getFirst().forService("check\"out"))
          .isEqualTo("sum(rate(orders_total{app=\"check\\\"out\"}[5m]))");

      // A responder reads the dashboards but does not set where they come from.
      User responder = t.person("r@x.io", "Rita", "long-enough-pw", false, "UTC", null);
      assertThat(form(t, t.tokenOf(responder), "/teams/" + t.team() + "/prometheus", "base_url=http://evil:9090").statusCode()).isEqualTo(403);

      // A team manager writes the queries, but only an admin points Hush at an address inside its network.
      User manager = t.hush().people().createUser("m@x.io", "Mia", "long-enough-pw", false, "UTC", null);
      t.hush().people().addMember(t.team(), manager.id(), TeamRole.MANAGER, null);
      String managerToken = t.tokenOf(manager);
      assertThat(form(t, managerToken, "/teams/" + t.team() + "/prometheus", "base_url=http://10.0.0.1:9090").statusCode()).isEqualTo(403);
      assertThat(t.apiAs(managerToken, "PUT", "/api/v1/teams/" + t.team() + "/prometheus", "{\"base_url\":\"http://10.0.0.1:9090\"}")
          .statusCode()).isEqualTo(403);
      assertThat(t.apiAs(managerToken, "DELETE", "/api/v1/teams/" + t.team() + "/prometheus", null).statusCode()).isEqualTo(403);
      assertThat(t.hush().anomalies().prometheus().source(t.team()).orElseThrow().baseUrl()).isEqualTo("http://prometheus.internal:9091");
      assertThat(form(t, managerToken, "/services/" + checkout + "/prometheus-queries", "queries=" + enc("orders = sum(rate(orders_total[5m]))"))
          .statusCode()).isEqualTo(302);
      String managersPage = t.apiAs(managerToken, "GET", "/teams/" + t.team() + "/prometheus", null).body();
      assertThat(managersPage).contains("http://prometheus.internal:9091", "An organisation admin sets the server")
          .doesNotContain("Save server").contains("Save queries");
    }
  }

  private static HttpResponse<String> form(TestHush t, String token, String path, String body) {
    return t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
