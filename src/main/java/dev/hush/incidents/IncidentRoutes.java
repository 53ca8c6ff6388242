package dev.hush.incidents;

import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.pathId;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.FormInput;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import dev.hush.core.Views;
import dev.hush.people.Access;
import dev.hush.people.Principal;
import dev.hush.people.TeamRole;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/** Incident list and detail, ack / resolve / reopen, the on-call log and "my week": pages and API. */
public final class IncidentRoutes {
  private final IncidentService incidents;
  private final FirstRun.Steps firstRun;
  private final Clock clock;

  public IncidentRoutes(IncidentService incidents) {
    this(incidents, p -> null);
  }

  /** {@code firstRun}: the checklist shown instead of an empty list (null from it: none). */
  public IncidentRoutes(IncidentService incidents, FirstRun.Steps firstRun) {
    this(incidents, firstRun, Clock.systemUTC());
  }

  /** {@code clock}: what "4 min ago" counts from. */
  public IncidentRoutes(IncidentService incidents, FirstRun.Steps firstRun, Clock clock) {
    this.incidents = incidents;
    this.firstRun = firstRun;
    this.clock = clock;
  }

  /** The newest incident that paged a person, by user id (0: none); the app wires it from the insights feature. */
  private LongUnaryOperator latestPageOf = user -> 0;

  public IncidentRoutes withLatestPage(LongUnaryOperator latestPageOf) {
    this.latestPageOf = latestPageOf;
    return this;
  }

  public void register(RoutesConfig r) {
    Access.TeamOf incidentTeam = Access.TeamOf.byPathId("id", incidents::teamOf);
    r.get("/", ctx -> ctx.redirect("/incidents"), Access.ANYONE);
    r.get("/incidents", ctx -> renderList(ctx, "incidents.jte"), Access.SIGNED_IN);
    r.get("/incidents/rows", ctx -> renderList(ctx, "incident-rows.jte"), Access.SIGNED_IN);
    r.get("/incidents/counts", ctx -> {
      Map<String, Object> model = new HashMap<>();
      model.put("counts", openCounts(Principal.of(ctx)));
      Views.render(ctx, "incident-counts.jte", model);
    }, Access.SIGNED_IN);
    // Several incidents at once: the caller needs the responder role in every team that owns one of them.
    Access.TeamOf bulkTeams = ctx -> incidents.teamsOf(bulkIds(ctx));
    r.post("/incidents/acknowledge", ctx -> renderOutcome(ctx, incidents.acknowledgeAll(bulkIds(ctx), Principal.of(ctx).userId())),
        Access.responder(bulkTeams));
    r.post("/incidents/resolve", ctx -> renderOutcome(ctx, incidents.resolveAll(bulkIds(ctx), Principal.of(ctx).userId())),
        Access.responder(bulkTeams));
    r.get("/incidents/{id}", ctx -> page(ctx, pathId(ctx, "id"), FormInput.NONE), Access.viewer(incidentTeam));
    r.get("/incidents/{id}/live", ctx -> {
      // What changes while the page is open, swapped into it piece by piece; never a form being typed in.
      Map<String, Object> model = new HashMap<>();
      model.put("principal", Principal.of(ctx));
      model.put("detail", incidents.detail(pathId(ctx, "id")));
      model.put("zone", zoneOf(Principal.of(ctx)));
      Views.render(ctx, "incident/live.jte", model);
    }, Access.viewer(incidentTeam));
    r.post("/incidents/{id}/ack", ctx -> act(ctx, id -> incidents.acknowledge(id, Principal.of(ctx).userId())),
        Access.responder(incidentTeam));
    r.post("/incidents/{id}/resolve", ctx -> {
      long id = pathId(ctx, "id");
      try {
        incidents.resolve(id, Principal.of(ctx).userId());
      } catch (Problem refused) {
        if (!"log".equals(refused.field())) {
          throw refused;
        }
        // The service asks for the log first: go to the log form, which says so.
        ctx.redirect("/incidents/" + id + "?resolve=needs-log#log-form");
        return;
      }
      ctx.redirect("/incidents/" + id);
    }, Access.responder(incidentTeam));
    r.post("/incidents/{id}/reopen", ctx -> act(ctx, id -> incidents.reopen(id, Principal.of(ctx).userId())),
        Access.responder(incidentTeam));
    r.post("/incidents/{id}/log", ctx -> act(ctx, id -> incidents.writeLog(id, Principal.of(ctx).userId(),
        ctx.formParam("action"), ctx.formParam("note"), ctx.formParam("verdict"))), Access.responder(incidentTeam));
    r.get("/me/week", ctx -> {
      Principal p = Principal.of(ctx);
      Map<String, Object> model = new HashMap<>();
      model.put("principal", p);
      model.put("week", week(ctx, p));
      model.put("zone", zoneOf(p));
      Views.render(ctx, "my-week.jte", model);
    }, Access.SIGNED_IN);
    r.post("/admin/log-actions", ctx -> {
      incidents.addLogAction(ctx.formParam("name"), Principal.of(ctx).userId());
      ctx.redirect("/admin/people");
    }, Access.ADMIN);

    r.get("/api/v1/incidents", ctx -> {
      List<Incident> list = incidents.list(filter(ctx), Principal.of(ctx)::sees);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("incidents", list);
      out.put("next_before_id", list.isEmpty() ? null : list.get(list.size() - 1).id());
      ctx.json(out);
    }, Access.SIGNED_IN);
    r.get("/api/v1/incidents/{id}", ctx -> {
      IncidentService.Detail d = incidents.detail(pathId(ctx, "id"));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("incident", d.incident());
      out.put("service", d.serviceName());
      out.put("timeline", d.timeline());
      out.put("log", d.log().orElse(null));
      out.put("content", incidents.content(d.incident().id()));
      ctx.json(out);
    }, Access.viewer(incidentTeam));
    r.post("/api/v1/incidents/acknowledge", ctx -> ctx.json(incidents.acknowledgeAll(bulkIds(ctx), Principal.of(ctx).userId())),
        Access.responder(bulkTeams));
    r.post("/api/v1/incidents/resolve", ctx -> ctx.json(incidents.resolveAll(bulkIds(ctx), Principal.of(ctx).userId())),
        Access.responder(bulkTeams));
    r.post("/api/v1/incidents/{id}/ack", ctx -> ctx.json(incidents.acknowledge(pathId(ctx, "id"), Principal.of(ctx).userId())),
        Access.responder(incidentTeam));
    r.post("/api/v1/incidents/{id}/resolve", ctx -> ctx.json(incidents.resolve(pathId(ctx, "id"), Principal.of(ctx).userId())),
        Access.responder(incidentTeam));
    r.post("/api/v1/incidents/{id}/reopen", ctx -> ctx.json(incidents.reopen(pathId(ctx, "id"), Principal.of(ctx).userId())),
        Access.responder(incidentTeam));
    r.put("/api/v1/incidents/{id}/log", ctx -> {
      JsonNode body = jsonObject(ctx);
      ctx.json(incidents.writeLog(pathId(ctx, "id"), Principal.of(ctx).userId(), text(body, "action"), text(body, "note"),
          text(body, "verdict")));
    }, Access.responder(incidentTeam));
    r.get("/api/v1/me/week", ctx -> {
      IncidentService.Week w = week(ctx, Principal.of(ctx));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("from", w.from());
      out.put("to", w.to());
      out.put("gaps", w.gaps());
      out.put("handled", w.handled());
      ctx.json(out);
    }, Access.SIGNED_IN);
    r.get("/api/v1/log-actions", ctx -> ctx.json(incidents.logActions()), Access.SIGNED_IN);
    r.post("/api/v1/log-actions", ctx -> {
      incidents.addLogAction(text(jsonObject(ctx), "name"), Principal.of(ctx).userId());
      ctx.status(201).json(incidents.logActions());
    }, Access.ADMIN);
  }

  private interface IncidentAction {
    Object apply(long id);
  }

  /** Runs a form action, then shows the incident again (htmx swaps the page body; plain forms follow the redirect). */
  private void act(Context ctx, IncidentAction action) {
    long id = pathId(ctx, "id");
    action.apply(id);
    ctx.redirect("/incidents/" + id);
  }

  /**
   * The incidents a bulk request names: {@code ids} as a JSON array or as repeated form fields.
   * Read by the access check and again by the handler (the body is read once and kept).
   */
  static List<Long> bulkIds(Context ctx) {
    List<Long> ids = new ArrayList<>();
    String type = ctx.contentType();
    if (type != null && type.startsWith("application/json")) {
      JsonNode list = jsonObject(ctx).get("ids");
      if (list == null || !list.isArray()) {
        throw Problem.invalid("ids", "ids is required: an array of incident ids, e.g. {\"ids\": [12, 13]}");
      }
      for (JsonNode n : list) {
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong()) {
          throw Problem.invalid("ids", "ids must be whole numbers");
        }
        ids.add(n.longValue());
      }
    } else {
      for (String v : ctx.formParams("ids")) {
        ids.add(RequestParams.parseLong("ids", v));
      }
    }
    if (ids.isEmpty()) {
      throw Problem.invalid("ids", "ids is required: choose at least one incident");
    }
    if (ids.size() > IncidentService.MAX_BULK) {
      throw Problem.invalid("ids", "ids may name at most " + IncidentService.MAX_BULK + " incidents at once");
    }
    return ids;
  }

  /** A bulk action's result: beside the list for htmx (which then refreshes the rows and counts), else the whole list page. */
  private void renderOutcome(Context ctx, BulkOutcome outcome) {
    if (ctx.header("HX-Request") != null) {
      Map<String, Object> model = new HashMap<>();
      model.put("outcome", outcome);
      ctx.header("HX-Trigger", "incidents-changed");
      Views.render(ctx, "incident-outcome.jte", model);
    } else {
      renderList(ctx, "incidents.jte", outcome);
    }
  }

  private void renderList(Context ctx, String template) {
    renderList(ctx, template, null);
  }

  private void renderList(Context ctx, String template, BulkOutcome outcome) {
    IncidentFilter f = filter(ctx);
    Map<String, Object> model = new HashMap<>();
    model.put("principal", Principal.of(ctx));
    Principal p = Principal.of(ctx);
    List<Incident> list = incidents.list(f, p::sees);
    model.put("outcome", outcome);
    model.put("actable", incidents.serviceIds(team -> p.may(TeamRole.RESPONDER, team)));
    model.put("now", clock.millis());
    model.put("incidents", list);
    model.put("paging", incidents.pagingOf(list));
    FirstRun steps = null;
    if ("incidents.jte".equals(template) && list.isEmpty() && (ctx.queryString() == null || ctx.queryString().isEmpty())) {
      steps = firstRun.of(p);
      if (steps != null && steps.done()) {
        steps = null;
      }
    }
    model.put("firstRun", steps);
    model.put("serviceNames", incidents.serviceNames());
    model.put("userNames", incidents.userNames());
    OpenCounts counts = openCounts(p);
    model.put("counts", new long[] {counts.triggered(), counts.acknowledged()});
    model.put("openCounts", counts);
    model.put("query", ctx.queryString() == null ? "" : ctx.queryString());
    model.put("status", ctx.queryParam("status") == null ? "open" : ctx.queryParam("status"));
    model.put("service", ctx.queryParam("service") == null ? "" : ctx.queryParam("service"));
    model.put("since", ctx.queryParam("since") == null ? "" : ctx.queryParam("since"));
    model.put("until", ctx.queryParam("until") == null ? "" : ctx.queryParam("until"));
    model.put("zone", zoneOf(Principal.of(ctx)));
    Views.render(ctx, template, model);
  }

  private OpenCounts openCounts(Principal p) {
    long[] open = incidents.openCounts(p::sees);
    long paged = latestPageOf.applyAsLong(p.userId());
    String title = paged == 0 ? "" : incidents.teamOf(paged).filter(p::sees).flatMap(team -> incidents.byId(paged))
        .map(Incident::title).orElse("");
    return new OpenCounts(open[0], open[1], paged, title);
  }

  /**
   * The incident's page; {@code input}: a refused form of the page, shown again with its error
   * (status set by the caller), as the response actions' routes do.
   */
  public void page(Context ctx, long id, FormInput input) {
    Map<String, Object> model = new HashMap<>();
    model.put("principal", Principal.of(ctx));
    IncidentService.Detail detail = incidents.detail(id);
    model.put("detail", detail);
    model.put("content", incidents.content(id));
    model.put("logRequired", "needs-log".equals(ctx.queryParam("resolve")) && detail.log().isEmpty());
    model.put("actions", incidents.logActions());
    model.put("verdicts", NoiseVerdict.values());
    model.put("zone", zoneOf(Principal.of(ctx)));
    model.put("members", incidents.teamMembers(id));
    model.put("snoozeChoices", IncidentService.SNOOZE_CHOICES);
    model.put("maxSnoozeMinutes", IncidentService.MAX_SNOOZE_MINUTES);
    model.put("input", input);
    Views.render(ctx, "incident.jte", model);
  }

  /**
   * status: a comma list of triggered/acknowledged/resolved, or "open" (the default on pages), or "all";
   * service: id; since/until: ISO instant, epoch millis, or a date (start of day UTC); limit; before_id.
   */
  private IncidentFilter filter(Context ctx) {
    String status = ctx.queryParam("status");
    if (status == null || status.isEmpty()) {
      status = ctx.path().startsWith("/api/") ? "all" : "open";
    }
    Set<IncidentStatus> statuses = EnumSet.noneOf(IncidentStatus.class);
    switch (status) {
      case "all" -> { }
      case "open" -> statuses.addAll(List.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED));
      default -> {
        for (String s : status.split(",")) {
          statuses.add(IncidentStatus.parse("status", s.trim()));
        }
      }
    }
    String limit = ctx.queryParam("limit");
    // Pages list what needs a person first; the API keeps newest first, which pages stably by before_id.
    return new IncidentFilter(statuses, RequestParams.optionalLong("service", ctx.queryParam("service")),
        instant("since", ctx.queryParam("since")), instant("until", ctx.queryParam("until")),
        limit == null ? 50 : (int) RequestParams.parseLong("limit", limit),
        RequestParams.optionalLong("before_id", ctx.queryParam("before_id")), !ctx.path().startsWith("/api/"));
  }

  static Long instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      if (v.chars().allMatch(Character::isDigit)) {
        return Long.parseLong(v);
      }
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(ZoneId.of("UTC")).toInstant().toEpochMilli();
      }
      if (v.length() == 16 && v.charAt(10) == 'T') {
        return Instant.parse(v + ":00Z").toEpochMilli();
      }
      return Instant.parse(v).toEpochMilli();
    } catch (DateTimeException | NumberFormatException e) {
      throw Problem.invalid(field, field + " must be an ISO 8601 instant (2026-11-24T08:00:00Z), a date, or epoch milliseconds");
    }
  }

  private IncidentService.Week week(Context ctx, Principal p) {
    ZoneId zone = zoneOf(p);
    String day = ctx.queryParam("week");
    LocalDate date;
    try {
      date = day == null || day.isBlank() ? LocalDate.now(zone) : LocalDate.parse(day);
    } catch (DateTimeException e) {
      throw Problem.invalid("week", "week must be a date such as 2026-11-23");
    }
    LocalDate monday = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    long from = monday.atStartOfDay(zone).toInstant().toEpochMilli();
    long to = monday.plusWeeks(1).atStartOfDay(zone).toInstant().toEpochMilli();
    return incidents.week(p.userId(), from, to);
  }

  private static ZoneId zoneOf(Principal p) {
    return ZoneId.of(p.user().timeZone());
  }
}
