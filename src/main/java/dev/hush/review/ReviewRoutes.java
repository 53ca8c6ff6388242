package dev.hush.review;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.actions.ActionRequest;
import dev.hush.actions.ActionService;
import dev.hush.actions.NewActionItem;
import dev.hush.actions.OriginKind;
import dev.hush.core.Json;
import dev.hush.core.RequestParams;
import dev.hush.core.Views;
import dev.hush.people.Access;
import dev.hush.people.PeopleService;
import dev.hush.people.Principal;
import dev.hush.people.Team;
import dev.hush.people.TeamRole;
import dev.hush.services.ServiceCatalog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The weekly review's pages (the agenda, meeting mode, the team's reviews) and its API. */
public final class ReviewRoutes {
  private final ReviewService reviews;
  private final PeopleService people;
  private final ServiceCatalog services;
  private final ActionService actions;
  private final Clock clock;

  public ReviewRoutes(ReviewService reviews, PeopleService people, ServiceCatalog services, ActionService actions, Clock clock) {
    this.reviews = reviews;
    this.actions = actions;
    this.people = people;
    this.services = services;
    this.clock = clock;
  }

  public void register(RoutesConfig r) {
    Access.TeamOf team = Access.TeamOf.byPathId("id", people::teamExists);
    Access.TeamOf reviewTeam = Access.TeamOf.byPathId("id", reviews::teamOf);

    r.get("/reviews", this::renderTeams, Access.SIGNED_IN);
    // The item page's link back to the reviews it went through, served here so actions need not know reviews.
    r.get("/actions/{id}/reviews", ctx -> {
      Principal p = Principal.of(ctx);
      Map<String, Object> model = new HashMap<>();
      model.put("principal", p);
      model.put("reviews", reviews.reviewsOf(pathId(ctx, "id")));
      Views.render(ctx, "review/item-reviews.jte", model);
    }, Access.viewer(Access.TeamOf.byPathId("id", actions::teamOf)));
    r.get("/teams/{id}/reviews", ctx -> renderList(ctx, pathId(ctx, "id")), Access.viewer(team));
    r.post("/teams/{id}/reviews", ctx -> ctx.redirect("/reviews/" + reviews.prepare(pathId(ctx, "id"), me(ctx)).id()), Access.responder(team));
    r.post("/teams/{id}/review-settings", ctx -> {
      long teamId = pathId(ctx, "id");
      reviews.saveSettings(ReviewRequest.settingsForm(reviews.settings(teamId), ctx), me(ctx));
      ctx.redirect("/teams/" + teamId + "/reviews");
    }, Access.manager(team));
    r.get("/reviews/{id}", ctx -> renderAgenda(ctx, "review/agenda.jte"), Access.viewer(reviewTeam));
    r.get("/reviews/{id}/meeting", ctx -> renderAgenda(ctx, "review/meeting.jte"), Access.viewer(reviewTeam));
    r.get("/reviews/{id}/minutes.md", ctx -> {
      long id = pathId(ctx, "id");
      ctx.header("Content-Disposition", "attachment; filename=\"review-" + id + "-minutes.md\"");
      ctx.contentType("text/markdown; charset=utf-8").result(reviews.minutes(id));
    }, Access.viewer(reviewTeam));
    r.post("/reviews/{id}/sections/{section}", ctx -> {
      long id = pathId(ctx, "id");
      Section section = Section.parse("section", ctx.pathParam("section"));
      if (ctx.formParam("notes") != null) {
        reviews.saveNotes(id, section, ctx.formParam("notes"), me(ctx));
      } else {
        reviews.enter(id, section, me(ctx));
      }
      back(ctx, id, section);
    }, Access.responder(reviewTeam));
    r.post("/reviews/{id}/attendance", ctx -> {
      long id = pathId(ctx, "id");
      reviews.attendance(id, ReviewRequest.ids(ctx.formParams("attended"), "attended"), me(ctx));
      back(ctx, id, null);
    }, Access.responder(reviewTeam));
    r.post("/reviews/{id}/findings", ctx -> {
      long id = pathId(ctx, "id");
      reviews.addFinding(id, RequestParams.optionalLong("service_id", ctx.formParam("service_id")), ReviewRequest.kind(ctx.formParam("kind")),
          ctx.formParam("text"), RequestParams.optionalLong("owner_id", ctx.formParam("owner_id")), me(ctx));
      back(ctx, id, Section.DASHBOARDS);
    }, Access.responder(reviewTeam));
    r.post("/reviews/{id}/launches", ctx -> {
      long id = pathId(ctx, "id");
      reviews.addLaunch(id, ctx.formParam("title"), RequestParams.optionalLong("service_id", ctx.formParam("service_id")),
          ReviewRequest.day("launch_date", ctx.formParam("launch_date")), ctx.formParams("checks"), me(ctx));
      back(ctx, id, Section.NEW_WORK);
    }, Access.responder(reviewTeam));
    r.post("/reviews/{id}/launches/{launchId}", ctx -> {
      long id = pathId(ctx, "id");
      reviews.checkLaunch(id, pathId(ctx, "launchId"), ctx.formParams("checks"), me(ctx));
      back(ctx, id, Section.NEW_WORK);
    }, Access.responder(reviewTeam));
    r.post("/reviews/{id}/action-items", ctx -> {
      long id = pathId(ctx, "id");
      NewActionItem form = ActionRequest.fromForm(ctx);
      Long finding = RequestParams.optionalLong("finding_id", ctx.formParam("finding_id"));
      reviews.createItem(id, finding == null ? form : withOrigin(form, OriginKind.FINDING, finding),
          RequestParams.optionalLong("incident_id", ctx.formParam("incident_id")), me(ctx));
      String from = ctx.formParam("section");
      back(ctx, id, from == null || from.isBlank() ? Section.ACTION_ITEMS : Section.parse("section", from));
    }, Access.responder(reviewTeam));
    r.post("/reviews/{id}/acknowledge-overdue", ctx -> {
      long id = pathId(ctx, "id");
      reviews.acknowledgeOverdue(id, ctx.formParam("note"), me(ctx));
      back(ctx, id, Section.ACTION_ITEMS);
    }, Access.responder(reviewTeam));
    r.post("/reviews/{id}/close", ctx -> {
      long id = pathId(ctx, "id");
      reviews.close(id, me(ctx));
      ctx.redirect("/reviews/" + id);
    }, Access.responder(reviewTeam));

    r.get("/api/v1/teams/{id}/reviews", ctx -> ctx.json(reviews.list(pathId(ctx, "id"), ctx.queryParam("q"))), Access.viewer(team));
    r.post("/api/v1/teams/{id}/reviews", ctx -> ctx.status(201).json(reviews.prepare(pathId(ctx, "id"), me(ctx))), Access.responder(team));
    r.get("/api/v1/teams/{id}/review-settings", ctx -> ctx.json(reviews.settings(pathId(ctx, "id"))), Access.viewer(team));
    r.put("/api/v1/teams/{id}/review-settings", ctx -> {
      long teamId = pathId(ctx, "id");
      ctx.json(reviews.saveSettings(ReviewRequest.settings(reviews.settings(teamId), jsonObject(ctx)), me(ctx)));
    }, Access.manager(team));
    r.get("/api/v1/reviews/{id}", ctx -> ctx.json(reviews.agenda(pathId(ctx, "id"))), Access.viewer(reviewTeam));
    r.patch("/api/v1/reviews/{id}/sections/{section}", ctx -> {
      long id = pathId(ctx, "id");
      Section section = Section.parse("section", ctx.pathParam("section"));
      JsonNode body = jsonObject(ctx);
      if (RequestParams.bool(body, "enter", false)) {
        reviews.enter(id, section, me(ctx));
      }
      if (body.has("notes")) {
        reviews.saveNotes(id, section, ReviewRequest.notes(body), me(ctx));
      }
      ctx.json(reviews.require(id));
    }, Access.responder(reviewTeam));
    r.put("/api/v1/reviews/{id}/attendance", ctx -> ctx.json(reviews.attendance(pathId(ctx, "id"),
        ReviewRequest.ids(jsonObject(ctx), "attended"), me(ctx))), Access.responder(reviewTeam));
    r.post("/api/v1/reviews/{id}/findings", ctx -> {
      JsonNode body = jsonObject(ctx);
      ctx.status(201).json(reviews.addFinding(pathId(ctx, "id"), longValue(body, "service_id"), ReviewRequest.kind(text(body, "kind")),
          text(body, "text"), longValue(body, "owner_id"), me(ctx)));
    }, Access.responder(reviewTeam));
    r.post("/api/v1/reviews/{id}/launches", ctx -> {
      JsonNode body = jsonObject(ctx);
      ctx.status(201).json(reviews.addLaunch(pathId(ctx, "id"), text(body, "title"), longValue(body, "service_id"),
          ReviewRequest.day("launch_date", text(body, "launch_date")), ReviewRequest.strings(body, "checks"), me(ctx)));
    }, Access.responder(reviewTeam));
    r.patch("/api/v1/reviews/{id}/launches/{launchId}", ctx -> ctx.json(reviews.checkLaunch(pathId(ctx, "id"), pathId(ctx, "launchId"),
        ReviewRequest.strings(jsonObject(ctx), "checks"), me(ctx))), Access.responder(reviewTeam));
    r.post("/api/v1/reviews/{id}/action-items", ctx -> {
      JsonNode body = jsonObject(ctx);
      Long finding = longValue(body, "finding_id");
      NewActionItem n = ActionRequest.fromJson(body);
      ctx.status(201).json(reviews.createItem(pathId(ctx, "id"), finding == null ? n : withOrigin(n, OriginKind.FINDING, finding),
          longValue(body, "incident_id"), me(ctx)));
    }, Access.responder(reviewTeam));
    r.post("/api/v1/reviews/{id}/acknowledge-overdue", ctx -> ctx.json(reviews.acknowledgeOverdue(pathId(ctx, "id"),
        text(jsonObject(ctx), "note"), me(ctx))), Access.responder(reviewTeam));
    r.post("/api/v1/reviews/{id}/close", ctx -> ctx.json(reviews.close(pathId(ctx, "id"), me(ctx))), Access.responder(reviewTeam));
    r.get("/api/v1/reviews/{id}/minutes", ctx -> ctx.contentType("text/markdown; charset=utf-8").result(reviews.minutes(pathId(ctx, "id"))),
        Access.viewer(reviewTeam));
  }

  private static NewActionItem withOrigin(NewActionItem n, OriginKind kind, long originId) {
    return new NewActionItem(n.title(), n.ownerId(), n.mentorId(), n.priority(), n.due(), kind, originId, n.fingerprints());
  }

  private static long me(Context ctx) {
    return Principal.of(ctx).userId();
  }

  /** Back to where the form was: meeting mode at the section, or the agenda page. */
  private static void back(Context ctx, long id, Section section) {
    boolean meeting = "meeting".equals(ctx.formParam("from"));
    ctx.redirect("/reviews/" + id + (meeting ? "/meeting" + (section == null ? "" : "#" + section.slug()) : section == null ? "" : "#" + section.slug()));
  }

  private void renderTeams(Context ctx) {
    Principal p = Principal.of(ctx);
    Map<Team, List<Review>> latest = new LinkedHashMap<>();
    for (Team t : people.teamsSeenBy(p)) {
      latest.put(t, reviews.list(t.id(), null).stream().limit(1).toList());
    }
    Map<String, Object> model = new HashMap<>();
    model.put("principal", p);
    model.put("latest", latest);
    Views.render(ctx, "review/teams.jte", model);
  }

  private void renderList(Context ctx, long teamId) {
    Principal p = Principal.of(ctx);
    String q = ctx.queryParam("q");
    Map<String, Object> model = new HashMap<>();
    model.put("principal", p);
    model.put("team", people.teams().stream().filter(t -> t.id() == teamId).findFirst().orElseThrow());
    model.put("reviews", reviews.list(teamId, q));
    model.put("q", q == null ? "" : q);
    model.put("settings", reviews.settings(teamId));
    model.put("mayPrepare", p.may(TeamRole.RESPONDER, teamId));
    model.put("mayEditSettings", p.may(TeamRole.MANAGER, teamId));
    Views.render(ctx, "review/list.jte", model);
  }

  private void renderAgenda(Context ctx, String template) {
    Principal p = Principal.of(ctx);
    Agenda agenda = reviews.agenda(pathId(ctx, "id"));
    long teamId = agenda.review().teamId();
    Map<String, Object> model = new HashMap<>();
    model.put("principal", p);
    model.put("agenda", agenda);
    model.put("mayEdit", p.may(TeamRole.RESPONDER, teamId) && agenda.review().status() != ReviewStatus.CLOSED);
    model.put("members", people.teams().stream().filter(t -> t.id() == teamId).flatMap(t -> t.members().stream()).toList());
    model.put("services", services.all(t -> t == teamId));
    model.put("charts", charts(agenda));
    model.put("now", clock.millis());
    Views.render(ctx, template, model);
  }

  /** Each service's week as the chart contract's JSON: alerts, pages and incidents per hour. */
  private static Map<Long, String> charts(Agenda agenda) {
    Map<Long, String> out = new HashMap<>();
    for (Agenda.ServiceWeek s : agenda.dashboards().services()) {
      out.put(s.serviceId(), Json.write(Map.of("kind", "lines", "x", s.hourStarts(), "series", List.of(
          Map.of("label", "alerts", "values", s.alerts()), Map.of("label", "pages", "values", s.pages()),
          Map.of("label", "incidents", "values", s.incidents())), "marks", List.of())));
    }
    return out;
  }
}
