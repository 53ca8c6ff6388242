package dev.hush.actions;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.pathId;

import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import dev.hush.core.Views;
import dev.hush.incidents.IncidentService;
import dev.hush.people.Access;
import dev.hush.people.AccessRules;
import dev.hush.people.PeopleService;
import dev.hush.people.Principal;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The action items lane, an item's page with its recurrence proof, and the API. */
public final class ActionRoutes {
  private final ActionService actions;
  private final IncidentService incidents;
  private final PeopleService people;

  public ActionRoutes(ActionService actions, IncidentService incidents, PeopleService people) {
    this.actions = actions;
    this.incidents = incidents;
    this.people = people;
  }

  public void register(RoutesConfig r) {
    Access.TeamOf itemTeam = Access.TeamOf.byPathId("id", actions::teamOf);
    Access.TeamOf incidentTeam = Access.TeamOf.byPathId("id", incidents::teamOf);

    r.get("/actions", this::renderLane, Access.SIGNED_IN);
    r.post("/actions", ctx -> {
      Long incident = RequestParams.optionalLong("incident_id", ctx.formParam("incident_id"));
      NewActionItem n = ActionRequest.fromForm(ctx);
      ActionItem created = incident == null ? actions.create(AccessRules.team(ctx), n, Principal.of(ctx).userId())
          : actions.createFromIncident(AccessRules.team(ctx), incident, n, Principal.of(ctx).userId());
      ctx.redirect(incident == null ? "/actions" : "/actions/" + created.id());
    }, Access.responder(Access.NEW_RESOURCE_TEAM));
    r.get("/actions/{id}", ctx -> renderItem(ctx, actions.require(pathId(ctx, "id"))), Access.viewer(itemTeam));
    r.post("/actions/{id}", ctx -> {
      long id = pathId(ctx, "id");
      actions.update(id, ActionRequest.editForm(ctx), Principal.of(ctx).userId());
      ctx.redirect("/actions/" + id);
    }, Access.responder(itemTeam));
    r.post("/actions/{id}/status", ctx -> {
      long id = pathId(ctx, "id");
      actions.update(id, ActionRequest.statusForm(ctx), Principal.of(ctx).userId());
      ctx.redirect("lane".equals(ctx.formParam("back")) ? "/actions" : "/actions/" + id);
    }, Access.responder(itemTeam));

    // The incident page's link to the items made from it, served here so incidents need not know actions.
    r.get("/incidents/{id}/action-items", ctx -> {
      Map<String, Object> model = base(Principal.of(ctx));
      model.put("items", actions.fromIncident(pathId(ctx, "id")));
      Views.render(ctx, "actions/incident-items.jte", model);
    }, Access.viewer(incidentTeam));

    r.get("/api/v1/action-items", ctx -> ctx.json(actions.list(filter(ctx), Principal.of(ctx)::sees)), Access.SIGNED_IN);
    r.post("/api/v1/action-items", ctx -> ctx.status(201).json(actions.create(AccessRules.team(ctx),
        ActionRequest.fromJson(jsonObject(ctx)), Principal.of(ctx).userId())), Access.responder(Access.NEW_RESOURCE_TEAM));
    r.get("/api/v1/action-items/{id}", ctx -> ctx.json(actions.require(pathId(ctx, "id"))), Access.viewer(itemTeam));
    r.patch("/api/v1/action-items/{id}", ctx -> ctx.json(actions.update(pathId(ctx, "id"), ActionRequest.patch(jsonObject(ctx)),
        Principal.of(ctx).userId())), Access.responder(itemTeam));
    r.get("/api/v1/action-items/{id}/recurrence", ctx -> ctx.json(actions.recurrence(pathId(ctx, "id"), weeks(ctx))),
        Access.viewer(itemTeam));
    r.get("/api/v1/incidents/{id}/action-items", ctx -> ctx.json(actions.fromIncident(pathId(ctx, "id"))), Access.viewer(incidentTeam));
    r.post("/api/v1/incidents/{id}/action-items", ctx -> ctx.status(201).json(actions.createFromIncident(AccessRules.team(ctx), pathId(ctx, "id"),
        ActionRequest.fromJson(jsonObject(ctx)), Principal.of(ctx).userId())), Access.responder(incidentTeam));
  }

  /** {@code ?team=&owner=(id|me)&status=&overdue=true}. */
  private static ActionService.Filter filter(Context ctx) {
    String owner = ctx.queryParam("owner");
    Long ownerId = "me".equals(owner) ? Long.valueOf(Principal.of(ctx).userId()) : RequestParams.optionalLong("owner", owner);
    String status = ctx.queryParam("status");
    String overdue = ctx.queryParam("overdue");
    if (overdue != null && !overdue.isEmpty() && !overdue.equals("true") && !overdue.equals("false")) {
      throw Problem.invalid("overdue", "overdue must be true or false");
    }
    return new ActionService.Filter(RequestParams.optionalLong("team", ctx.queryParam("team")), ownerId,
        status == null || status.isEmpty() ? null : ActionStatus.parse("status", status), "true".equals(overdue));
  }

  private static int weeks(Context ctx) {
    String w = ctx.queryParam("weeks");
    if (w == null || w.isBlank()) {
      return ActionService.DEFAULT_PROOF_WEEKS;
    }
    long weeks = RequestParams.parseLong("weeks", w);
    if (weeks < 1 || weeks > ActionService.MAX_PROOF_WEEKS) {
      throw Problem.invalid("weeks", "weeks: 1-" + ActionService.MAX_PROOF_WEEKS);
    }
    return (int) weeks;
  }

  private void renderLane(Context ctx) {
    Principal p = Principal.of(ctx);
    Map<String, Object> model = base(p);
    model.put("items", actions.list(ActionService.Filter.ALL, p::sees));
    model.put("mine", actions.pendingOf(p.userId(), p::sees));
    // ?incident=ID: the form creates the item from that incident, in its team (when the person may).
    Long incidentId = RequestParams.optionalLong("incident", ctx.queryParam("incident"));
    Long incidentTeam = incidentId == null ? null : incidents.teamOf(incidentId).filter(team -> p.may(TeamRole.RESPONDER, team)).orElse(null);
    model.put("fromIncident", incidentTeam == null ? null : incidents.require(incidentId));
    model.put("creatable", people.teams().stream().filter(t -> p.may(TeamRole.RESPONDER, t.id()))
        .filter(t -> incidentTeam == null || t.id() == incidentTeam).toList());
    Views.render(ctx, "actions/lane.jte", model);
  }

  private void renderItem(Context ctx, ActionItem item) {
    Principal p = Principal.of(ctx);
    Map<String, Object> model = base(p);
    model.put("item", item);
    model.put("recurrence", actions.recurrence(item.id(), weeks(ctx)));
    model.put("mayEdit", p.may(TeamRole.RESPONDER, item.teamId()));
    model.put("members", people.teams().stream().filter(t -> t.id() == item.teamId()).flatMap(t -> t.members().stream()).toList());
    Views.render(ctx, "actions/item.jte", model);
  }

  private Map<String, Object> base(Principal p) {
    Map<String, Object> model = new HashMap<>();
    model.put("principal", p);
    model.put("teamNames", people.teamNames());
    model.put("userNames", people.users().stream().collect(Collectors.toMap(User::id, User::name)));
    model.put("today", actions.today());
    return model;
  }
}
