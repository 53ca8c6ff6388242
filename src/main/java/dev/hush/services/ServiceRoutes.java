package dev.hush.services;

import static dev.hush.core.RequestParams.bool;
import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import dev.hush.core.FormInput;
import dev.hush.core.Views;
import dev.hush.people.Access;
import dev.hush.people.AccessRules;
import dev.hush.people.PeopleService;
import dev.hush.people.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The service catalog pages and API. */
public final class ServiceRoutes {
  private final ServiceCatalog catalog;
  private final PeopleService people;
  private final String baseUrl;

  public ServiceRoutes(ServiceCatalog catalog, PeopleService people, String baseUrl) {
    this.catalog = catalog;
    this.people = people;
    this.baseUrl = baseUrl;
  }

  /** Which of the listed services page nobody (no escalation policy); the app wires it from the escalation feature. */
  private Function<List<Service>, Set<Long>> unpaged = services -> Set.of();

  public ServiceRoutes withPagingCheck(Function<List<Service>, Set<Long>> unpaged) {
    this.unpaged = unpaged;
    return this;
  }

  private void renderServices(Context ctx, FormInput input) {
    Principal p = Principal.of(ctx);
    Map<String, Object> model = new HashMap<>();
    model.put("principal", p);
    List<Service> services = catalog.all(p::sees);
    model.put("services", services);
    model.put("unpaged", unpaged.apply(services));
    model.put("teamNames", people.teamNames());
    model.put("managedTeams", people.teamsManagedBy(p));
    model.put("input", input);
    Views.render(ctx, "services.jte", model);
  }

  public void register(RoutesConfig r) {
    Access.TeamOf serviceTeam = Access.TeamOf.byPathId("id", catalog::teamOf);
    r.get("/services", ctx -> renderServices(ctx, FormInput.NONE), Access.SIGNED_IN);
    r.post("/services", ctx -> {
      Service s;
      try {
        s = catalog.create(ctx.formParam("name"), ctx.formParam("description"), AccessRules.team(ctx),
            AlertmanagerGrouping.parse("am_grouping", orDefault(ctx.formParam("am_grouping"), "alert")),
            RequestParams.checkbox(ctx, "require_log_on_resolve"), Principal.of(ctx).userId());
      } catch (Problem refused) {
        renderServices(ctx.status(refused.status()), FormInput.refused("new-service", ctx.formParamMap(), refused));
        return;
      }
      ctx.redirect("/services/" + s.id());
    }, Access.manager(Access.NEW_RESOURCE_TEAM));
    r.get("/services/{id}", ctx -> renderService(ctx, catalog.require(pathId(ctx, "id")), null), Access.viewer(serviceTeam));
    r.post("/services/{id}/settings", ctx -> {
      Service s = catalog.require(pathId(ctx, "id"));
      catalog.updateSettings(s.id(), ctx.formParam("description"), s.teamId(),
          AlertmanagerGrouping.parse("am_grouping", orDefault(ctx.formParam("am_grouping"), "alert")),
          RequestParams.checkbox(ctx, "require_log_on_resolve"), Principal.of(ctx).userId());
      ctx.redirect("/services/" + s.id());
    }, Access.manager(serviceTeam));
    r.post("/services/{id}/keys", ctx -> {
      Service s = catalog.require(pathId(ctx, "id"));
      ServiceCatalog.NewKey key = catalog.createKey(s.id(), ctx.formParam("name"), Principal.of(ctx).userId());
      renderService(ctx, s, key.secret());
    }, Access.manager(serviceTeam));
    r.post("/services/{id}/keys/{keyId}/revoke", ctx -> {
      long id = pathId(ctx, "id");
      catalog.revokeKey(id, pathId(ctx, "keyId"), Principal.of(ctx).userId());
      ctx.redirect("/services/" + id);
    }, Access.manager(serviceTeam));

    r.get("/api/v1/services", ctx -> ctx.json(catalog.all(Principal.of(ctx)::sees)), Access.SIGNED_IN);
    r.get("/api/v1/services/{id}", ctx -> ctx.json(catalog.require(pathId(ctx, "id"))), Access.viewer(serviceTeam));
    r.post("/api/v1/services", ctx -> {
      JsonNode body = jsonObject(ctx);
      String grouping = text(body, "am_grouping");
      Service s = catalog.create(text(body, "name"), text(body, "description"), AccessRules.team(ctx),
          AlertmanagerGrouping.parse("am_grouping", grouping == null ? "alert" : grouping), bool(body, "require_log_on_resolve", false),
          Principal.of(ctx).userId());
      ctx.status(201).json(s);
    }, Access.manager(Access.NEW_RESOURCE_TEAM));
    // Moving a service to another team needs the manager role in both teams.
    r.patch("/api/v1/services/{id}", ctx -> {
      Service s = catalog.require(pathId(ctx, "id"));
      JsonNode body = jsonObject(ctx);
      String grouping = text(body, "am_grouping");
      Long team = longValue(body, "team_id");
      ctx.json(catalog.updateSettings(s.id(), text(body, "description"), team == null ? s.teamId() : team,
          grouping == null ? s.amGrouping() : AlertmanagerGrouping.parse("am_grouping", grouping),
          bool(body, "require_log_on_resolve", s.requireLogOnResolve()), Principal.of(ctx).userId()));
    }, Access.manager(serviceTeam.andBodyTeam()));
    r.get("/api/v1/services/{id}/keys", ctx -> ctx.json(catalog.keys(pathId(ctx, "id"))), Access.viewer(serviceTeam));
    r.post("/api/v1/services/{id}/keys", ctx -> {
      long id = pathId(ctx, "id");
      String name = ctx.body().isBlank() ? null : text(jsonObject(ctx), "name");
      ServiceCatalog.NewKey key = catalog.createKey(id, name, Principal.of(ctx).userId());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", key.key().id());
      out.put("name", key.key().name());
      out.put("key", key.secret());
      out.putAll(ingestUrls(key.secret()));
      ctx.status(201).json(out);
    }, Access.manager(serviceTeam));
    r.delete("/api/v1/services/{id}/keys/{keyId}", ctx -> {
      catalog.revokeKey(pathId(ctx, "id"), pathId(ctx, "keyId"), Principal.of(ctx).userId());
      ctx.status(204);
    }, Access.manager(serviceTeam));
  }

  private void renderService(Context ctx, Service s, String newKey) {
    Map<String, Object> model = new HashMap<>();
    model.put("principal", Principal.of(ctx));
    model.put("service", s);
    model.put("keys", catalog.keys(s.id()));
    model.put("newKey", newKey);
    model.put("urls", newKey == null ? Map.of() : ingestUrls(newKey));
    Views.render(ctx, "service.jte", model);
  }

  /** Where each kind of monitor should send its events with this key. */
  Map<String, String> ingestUrls(String key) {
    Map<String, String> urls = new LinkedHashMap<>();
    urls.put("pagerduty_url", baseUrl + "/v2/enqueue");
    urls.put("alertmanager_url", baseUrl + "/api/v1/integrations/alertmanager/" + key);
    urls.put("generic_url", baseUrl + "/api/v2/generic/incoming?token=" + key);
    return urls;
  }

  private static String orDefault(String v, String fallback) {
    return v == null || v.isEmpty() ? fallback : v;
  }
}
