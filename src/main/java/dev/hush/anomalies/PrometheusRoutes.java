package dev.hush.anomalies;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.pathId;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import dev.hush.core.Views;
import dev.hush.people.Access;
import dev.hush.people.PeopleService;
import dev.hush.people.Principal;
import dev.hush.services.Service;
import dev.hush.services.ServiceCatalog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A team's Prometheus source and its services' dashboard queries: the settings page and the API. */
public final class PrometheusRoutes {
  private final PrometheusService prometheus;
  private final ServiceCatalog services;
  private final PeopleService people;

  public PrometheusRoutes(PrometheusService prometheus, ServiceCatalog services, PeopleService people) {
    this.prometheus = prometheus;
    this.services = services;
    this.people = people;
  }

  /**
   * The server's URL is set by an organisation admin only: Hush fetches from it, so whoever sets it
   * can make Hush reach into its own network (the internal address a Prometheus usually has). A
   * team's managers write the queries.
   */
  public void register(RoutesConfig r) {
    Access.TeamOf team = Access.TeamOf.byPathId("id", people::teamExists);
    Access.TeamOf serviceTeam = Access.TeamOf.byPathId("id", services::teamOf);
    r.get("/teams/{id}/prometheus", this::renderSettings, Access.manager(team));
    r.post("/teams/{id}/prometheus", ctx -> {
      long teamId = pathId(ctx, "id");
      prometheus.saveSource(teamId, ctx.formParam("base_url"), ctx.formParam("auth"), ctx.formParam("username"), ctx.formParam("password"),
          ctx.formParam("bearer_token"), Principal.of(ctx).userId());
      ctx.redirect("/teams/" + teamId + "/prometheus");
    }, Access.ADMIN);
    r.post("/services/{id}/prometheus-queries", ctx -> {
      long serviceId = pathId(ctx, "id");
      prometheus.saveQueries(serviceId, parseLines(ctx.formParam("queries")), Principal.of(ctx).userId());
      ctx.redirect("/teams/" + services.require(serviceId).teamId() + "/prometheus#service-" + serviceId);
    }, Access.manager(serviceTeam));

    r.get("/api/v1/teams/{id}/prometheus", ctx -> {
      long teamId = pathId(ctx, "id");
      ctx.json(prometheus.source(teamId).orElse(PrometheusSource.Shown.none(teamId)));
    }, Access.viewer(team));
    r.put("/api/v1/teams/{id}/prometheus", ctx -> {
      JsonNode body = jsonObject(ctx);
      ctx.json(prometheus.saveSource(pathId(ctx, "id"), text(body, "base_url"), text(body, "auth"), text(body, "username"), text(body, "password"),
          text(body, "bearer_token"), Principal.of(ctx).userId()));
    }, Access.ADMIN);
    r.delete("/api/v1/teams/{id}/prometheus", ctx -> {
      prometheus.deleteSource(pathId(ctx, "id"), Principal.of(ctx).userId());
      ctx.status(204);
    }, Access.ADMIN);
    r.get("/api/v1/services/{id}/prometheus-queries", ctx -> ctx.json(prometheus.queries(pathId(ctx, "id"))), Access.viewer(serviceTeam));
    r.put("/api/v1/services/{id}/prometheus-queries", ctx -> {
      JsonNode list = jsonObject(ctx).path("queries");
      if (!list.isArray()) {
        throw Problem.invalid("queries", "queries must be a list of {\"name\", \"promql\"} (empty: the defaults)");
      }
      List<MetricQuery> queries = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode q = list.get(i);
        if (!q.isObject()) {
          throw Problem.invalid("queries[" + i + "]", "queries[" + i + "] must be an object");
        }
        queries.add(new MetricQuery(text(q, "name", "queries[" + i + "].name"), text(q, "promql", "queries[" + i + "].promql")));
      }
      ctx.json(prometheus.saveQueries(pathId(ctx, "id"), queries, Principal.of(ctx).userId()));
    }, Access.manager(serviceTeam));
  }

  /** The form's queries, one a line as {@code name = promql}; blank lines are skipped. */
  static List<MetricQuery> parseLines(String text) {
    List<MetricQuery> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 1) {
        throw Problem.invalid("queries", "line " + (i + 1) + ": write name = PromQL, e.g. request_rate = sum(rate(http_requests_total[5m]))");
      }
      out.add(new MetricQuery(line.substring(0, eq).strip(), line.substring(eq + 1)));
    }
    return out;
  }

  private void renderSettings(Context ctx) {
    long teamId = pathId(ctx, "id");
    List<Service> team = services.all(t -> t == teamId);
    List<PrometheusService.ServiceQueries> read = prometheus.queriesOf(team.stream().map(Service::id).toList());
    Map<Service, PrometheusService.ServiceQueries> queries = new LinkedHashMap<>();
    for (int i = 0; i < team.size(); i++) {
      queries.put(team.get(i), read.get(i));
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("principal", Principal.of(ctx));
    model.put("teamId", teamId);
    model.put("teamName", people.teamNames().getOrDefault(teamId, "team " + teamId));
    model.put("source", prometheus.source(teamId).orElse(PrometheusSource.Shown.none(teamId)));
    model.put("queries", queries);
    Views.render(ctx, "anomalies/prometheus.jte", model);
  }
}
