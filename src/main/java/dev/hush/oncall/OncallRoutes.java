package dev.hush.oncall;

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
import dev.hush.people.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Rotations, schedules, overrides, swaps, fairness and iCal: pages and API. */
public final class OncallRoutes {
  private static final int PREVIEW_HANDOFFS = 6;
  private final OnCallService oncall;
  private final PeopleService people;
  private final String baseUrl;
  private final Clock clock;

  /** The services a person sees that page nobody (no escalation policy), by name; the app wires it from the escalation feature. */
  private java.util.function.Function<Principal, List<String>> unpagedServices = p -> List.of();

  public OncallRoutes withUnpagedServices(java.util.function.Function<Principal, List<String>> unpagedServices) {
    this.unpagedServices = unpagedServices;
    return this;
  }

  public OncallRoutes(OnCallService oncall, PeopleService people, String baseUrl, Clock clock) {
    this.oncall = oncall;
    this.people = people;
    this.baseUrl = baseUrl;
    this.clock = clock;
  }

  private void renderOncall(Context ctx, FormInput input) {
    Map<String, Object> model = page(ctx);
    Principal p = Principal.of(ctx);
    model.put("nowAndNext", oncall.nowAndNext(p::sees));
    model.put("rotations", oncall.rotations(p::sees));
    model.put("users", people.users());
    List<dev.hush.people.Team> managed = people.teamsManagedBy(p);
    model.put("managedTeams", managed);
    model.put("unpaged", unpagedServices.apply(p));
    model.put("input", input);
    ZoneId viewer = ZoneId.of(p.user().timeZone());
    Long team = RequestParams.optionalLong("team_id", input.value("team_id", null));
    if (team == null && !managed.isEmpty()) {
      team = managed.getFirst().id();
    }
    model.put("preview", team == null ? RotationPreview.missing("", viewer) : preview(team, input, viewer));
    Views.render(ctx, "oncall.jte", model);
  }

  /** The next hand-offs of the rotation the new-rotation form describes, or what it still lacks. */
  private RotationPreview preview(long team, FormInput in, ZoneId viewer) {
    if (in.values("user_ids").isEmpty()) {
      return RotationPreview.missing("Add people to see who takes over when.", viewer);
    }
    try {
      RotationForm f = RotationForm.parse(name -> in.value(name, null), in.values("user_ids"));
      String zone = or(f.zone(), viewer.getId());
      return new RotationPreview(oncall.previewHandoffs(team, zone, f.kind(), f.length(), f.handoffTime(), f.handoffDay(), f.startDate(),
          f.userIds(), PREVIEW_HANDOFFS), OnCallService.zone(zone), viewer, null);
    } catch (Problem refused) {
      return RotationPreview.missing(refused.detail(), viewer);
    }
  }

  private static Map<Long, String> names(List<User> users) {
    return users.stream().collect(Collectors.toMap(User::id, User::name));
  }

  public void register(RoutesConfig r) {
    Access.TeamOf scheduleTeam = Access.TeamOf.byPathId("id", oncall::scheduleTeam);
    Access.TeamOf rotationTeam = Access.TeamOf.byPathId("id", oncall::rotationTeam);
    Access.TeamOf swapTeam = Access.TeamOf.byPathId("id", oncall::swapTeam);
    // iCal feeds are fetched by calendar apps that hold only the secret URL.
    r.get("/ical/{token}", ctx -> {
      String token = ctx.pathParam("token").replaceFirst("\\.ics$", "");
      String ics = oncall.feedCalendar(token).orElseThrow(() -> Problem.notFound("feed", "unknown or revoked calendar feed"));
      ctx.contentType("text/calendar; charset=utf-8").result(ics);
    }, Access.ANYONE);

    r.get("/oncall/banner", ctx -> {
      Map<String, Object> model = new HashMap<>();
      model.put("nowAndNext", oncall.nowAndNext(Principal.of(ctx)::sees));
      model.put("names", names(people.users()));
      Views.render(ctx, "oncall-banner.jte", model);
    }, Access.SIGNED_IN);
    r.get("/oncall", ctx -> renderOncall(ctx, FormInput.NONE), Access.SIGNED_IN);
    r.get("/oncall/schedules/{id}", ctx -> renderSchedule(ctx, pathId(ctx, "id"), null, FormInput.NONE), Access.viewer(scheduleTeam));
    r.post("/oncall/rotations", ctx -> {
      FormInput typed = FormInput.kept("new-rotation", ctx.formParamMap());
      String action = or(ctx.formParam("action"), "create");
      if (!action.equals("create")) {
        // Moving a person, adding or removing one, or updating the preview: the form comes back unsaved, as typed.
        try {
          renderOncall(ctx, turnOrderEdited(typed, action));
        } catch (Problem refused) {
          renderOncall(ctx.status(refused.status()), typed.refusedFor(refused));
        }
        return;
      }
      long team = AccessRules.team(ctx);
      Rotation rot;
      try {
        RotationForm f = RotationForm.parse(ctx::formParam, ctx.formParams("user_ids"));
        rot = oncall.createRotation(team, f.name(), f.zone(), f.kind(), f.length(), f.handoffTime(), f.handoffDay(), f.startDate(),
            f.userIds(), Principal.of(ctx).userId());
      } catch (Problem refused) {
        renderOncall(ctx.status(refused.status()), typed.refusedFor(refused));
        return;
      }
      String scheduleName = or(ctx.formParam("schedule"), rot.name());
      Schedule s = oncall.schedules(t -> t == team).stream().filter(x -> x.name().equalsIgnoreCase(scheduleName)).findFirst()
          .orElseGet(() -> oncall.createSchedule(team, scheduleName, Principal.of(ctx).userId()));
      List<String> days = ctx.formParams("restrict_days");
      Restriction restriction = days.isEmpty() ? null : new Restriction(days.stream().map(d -> day("restrict_days", d))
          .collect(Collectors.toSet()), time("restrict_from", or(ctx.formParam("restrict_from"), "09:00")),
          time("restrict_until", or(ctx.formParam("restrict_until"), "17:00")));
      oncall.addLayer(s.id(), rot.id(), s.layers().size() + 1, restriction, Principal.of(ctx).userId());
      ctx.redirect("/oncall/schedules/" + s.id());
    }, Access.manager(Access.NEW_RESOURCE_TEAM));
    r.post("/oncall/schedules/{id}/overrides", ctx -> {
      long id = pathId(ctx, "id");
      ZoneId zone = ZoneId.of(Principal.of(ctx).user().timeZone());
      long start = localInstant("start", ctx.formParam("start"), zone);
      long end = localInstant("end", ctx.formParam("end"), zone);
      oncall.addOverride(id, start, end, Override.Kind.parse("kind", or(ctx.formParam("kind"), "replace")),
          RequestParams.parseLong("user_id", ctx.formParam("user_id")),
          RequestParams.optionalLong("replaces_user_id", ctx.formParam("replaces_user_id")), ctx.formParam("note"), Principal.of(ctx).userId());
      ctx.redirect(calendarPage(id, ctx.formParam("view"), ctx.formParam("date")));
    }, Access.manager(scheduleTeam));
    r.post("/oncall/schedules/{id}/overrides/{overrideId}/delete", ctx -> {
      long id = pathId(ctx, "id");
      oncall.deleteOverride(id, pathId(ctx, "overrideId"), Principal.of(ctx).userId());
      ctx.redirect("/oncall/schedules/" + id);
    }, Access.manager(scheduleTeam));
    r.post("/oncall/schedules/{id}/swaps", ctx -> {
      long id = pathId(ctx, "id");
      ZoneId zone = ZoneId.of(Principal.of(ctx).user().timeZone());
      oncall.requestSwap(id, Principal.of(ctx).userId(), RequestParams.parseLong("counterpart_id", ctx.formParam("counterpart_id")),
          localInstant("start", ctx.formParam("start"), zone), localInstant("end", ctx.formParam("end"), zone));
      ctx.redirect("/oncall/schedules/" + id);
    }, Access.responder(scheduleTeam));
    r.post("/oncall/swaps/{id}/{decision}", ctx -> {
      String decision = ctx.pathParam("decision");
      if (!decision.equals("accept") && !decision.equals("decline")) {
        throw Problem.notFound("decision", "accept or decline");
      }
      ShiftSwap swap = oncall.decideSwap(pathId(ctx, "id"), Principal.of(ctx).userId(), decision.equals("accept"));
      ctx.redirect("/oncall/schedules/" + swap.scheduleId());
    }, Access.responder(swapTeam));
    r.post("/oncall/rotations/preview", ctx -> {
      Principal p = Principal.of(ctx);
      Map<String, Object> model = new HashMap<>();
      model.put("preview", preview(AccessRules.team(ctx), FormInput.kept("new-rotation", ctx.formParamMap()), ZoneId.of(p.user().timeZone())));
      model.put("names", names(people.users()));
      Views.render(ctx, "oncall/rotation-preview.jte", model);
    }, Access.manager(Access.NEW_RESOURCE_TEAM));
    // The turn order of one of the schedule's rotations: move, add or remove people (the form comes
    // back unsaved, as without JavaScript every button is a round trip), or save it.
    r.post("/oncall/schedules/{id}/turn-order", ctx -> {
      long id = pathId(ctx, "id");
      long rotation = RequestParams.parseLong("rotation_id", ctx.formParam("rotation_id"));
      FormInput typed = FormInput.kept("turn-order-" + rotation, ctx.formParamMap());
      String action = or(ctx.formParam("action"), "save");
      try {
        if (!action.equals("save")) {
          renderSchedule(ctx, id, null, turnOrderEdited(typed, action));
          return;
        }
        oncall.reorderInSchedule(id, rotation, ctx.formParams("user_ids").stream().map(v -> RequestParams.parseLong("user_ids", v)).toList(),
            Principal.of(ctx).userId());
      } catch (Problem refused) {
        renderSchedule(ctx.status(refused.status()), id, null, typed.refusedFor(refused));
        return;
      }
      ctx.redirect("/oncall/schedules/" + id);
    }, Access.manager(scheduleTeam));
    r.post("/oncall/schedules/{id}/feed", ctx -> {
      OnCallService.Feed feed = oncall.createFeed(pathId(ctx, "id"), null, Principal.of(ctx).userId());
      renderSchedule(ctx, pathId(ctx, "id"), baseUrl + "/ical/" + feed.token() + ".ics", FormInput.NONE);
    }, Access.viewer(scheduleTeam));

    r.get("/api/v1/rotations", ctx -> ctx.json(oncall.rotations(Principal.of(ctx)::sees)), Access.SIGNED_IN);
    r.post("/api/v1/rotations", ctx -> {
      JsonNode b = jsonObject(ctx);
      List<Long> users = new ArrayList<>();
      JsonNode ids = b.path("user_ids");
      if (!ids.isArray()) {
        throw Problem.invalid("user_ids", "user_ids must be an array of user ids");
      }
      ids.forEach(n -> {
        if (!n.canConvertToLong()) {
          throw Problem.invalid("user_ids", "user_ids must be whole numbers");
        }
        users.add(n.longValue());
      });
      Long length = longValue(b, "length");
      ShiftKind kind = ShiftKind.parse("kind", or(text(b, "kind"), "weekly"));
      if (kind != ShiftKind.WEEKLY && b.hasNonNull("handoff_day")) {
        // The form always sends its day picker; a JSON caller that names a day expects it to count.
        throw Problem.invalid("handoff_day", "handoff_day applies to weekly rotations only; a " + kind.dbValue()
            + " rotation hands off at handoff_time");
      }
      ctx.status(201).json(oncall.createRotation(AccessRules.team(ctx), text(b, "name"), text(b, "zone"), kind,
          length == null ? 1 : length.intValue(), time("handoff_time", text(b, "handoff_time")), day("handoff_day", text(b, "handoff_day")),
          date("start_date", text(b, "start_date")), users, Principal.of(ctx).userId()));
    }, Access.manager(Access.NEW_RESOURCE_TEAM));
    r.put("/api/v1/rotations/{id}/order", ctx -> {
      JsonNode b = jsonObject(ctx);
      List<Long> users = new ArrayList<>();
      b.path("user_ids").forEach(n -> users.add(n.asLong()));
      ctx.json(oncall.reorder(pathId(ctx, "id"), users, Principal.of(ctx).userId()));
    }, Access.manager(rotationTeam));
    r.get("/api/v1/schedules", ctx -> ctx.json(oncall.schedules(Principal.of(ctx)::sees)), Access.SIGNED_IN);
    r.post("/api/v1/schedules", ctx -> ctx.status(201).json(oncall.createSchedule(AccessRules.team(ctx), text(jsonObject(ctx), "name"),
        Principal.of(ctx).userId())),
        Access.manager(Access.NEW_RESOURCE_TEAM));
    r.post("/api/v1/schedules/{id}/layers", ctx -> {
      JsonNode b = jsonObject(ctx);
      Long rotation = longValue(b, "rotation_id");
      if (rotation == null) {
        throw Problem.invalid("rotation_id", "rotation_id is required");
      }
      Long level = longValue(b, "level");
      Restriction restriction = null;
      if (b.hasNonNull("restrict_days")) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        b.path("restrict_days").forEach(d -> days.add(day("restrict_days", d.asText())));
        restriction = new Restriction(days, time("restrict_from", text(b, "restrict_from")), time("restrict_until", text(b, "restrict_until")));
      }
      ctx.status(201).json(oncall.addLayer(pathId(ctx, "id"), rotation, level == null ? 1 : level.intValue(), restriction,
          Principal.of(ctx).userId()));
    }, Access.manager(scheduleTeam));
    r.get("/api/v1/schedules/{id}/oncall", ctx -> {
      Instant at = ctx.queryParam("at") == null ? clock.instant() : instant("at", ctx.queryParam("at"));
      ctx.json(Map.of("at", at.toEpochMilli(), "user_ids", oncall.onCallAt(pathId(ctx, "id"), at)));
    }, Access.viewer(scheduleTeam));
    r.get("/api/v1/schedules/{id}/shifts", ctx -> {
      long from = ctx.queryParam("from") == null ? clock.millis() : instant("from", ctx.queryParam("from")).toEpochMilli();
      long to = ctx.queryParam("to") == null ? from + Duration.ofDays(28).toMillis() : instant("to", ctx.queryParam("to")).toEpochMilli();
      ctx.json(oncall.shifts(pathId(ctx, "id"), from, to));
    }, Access.viewer(scheduleTeam));
    r.post("/api/v1/schedules/{id}/overrides", ctx -> {
      JsonNode b = jsonObject(ctx);
      Long user = longValue(b, "user_id");
      if (user == null) {
        throw Problem.invalid("user_id", "user_id is required");
      }
      ctx.status(201).json(oncall.addOverride(pathId(ctx, "id"), instant("start", text(b, "start")).toEpochMilli(),
          instant("end", text(b, "end")).toEpochMilli(), Override.Kind.parse("kind", or(text(b, "kind"), "replace")), user,
          longValue(b, "replaces_user_id"), text(b, "note"), Principal.of(ctx).userId()));
    }, Access.manager(scheduleTeam));
    r.delete("/api/v1/schedules/{id}/overrides/{overrideId}", ctx -> {
      oncall.deleteOverride(pathId(ctx, "id"), pathId(ctx, "overrideId"), Principal.of(ctx).userId());
      ctx.status(204);
    }, Access.manager(scheduleTeam));
    r.post("/api/v1/schedules/{id}/swaps", ctx -> {
      JsonNode b = jsonObject(ctx);
      Long counterpart = longValue(b, "counterpart_id");
      if (counterpart == null) {
        throw Problem.invalid("counterpart_id", "counterpart_id is required");
      }
      ctx.status(201).json(oncall.requestSwap(pathId(ctx, "id"), Principal.of(ctx).userId(), counterpart,
          instant("start", text(b, "start")).toEpochMilli(), instant("end", text(b, "end")).toEpochMilli()));
    }, Access.responder(scheduleTeam));
    r.get("/api/v1/me/swaps", ctx -> ctx.json(oncall.swapsFor(Principal.of(ctx).userId())), Access.SIGNED_IN);
    r.post("/api/v1/swaps/{id}/accept", ctx -> ctx.json(oncall.decideSwap(pathId(ctx, "id"), Principal.of(ctx).userId(), true)),
        Access.responder(swapTeam));
    r.post("/api/v1/swaps/{id}/decline", ctx -> ctx.json(oncall.decideSwap(pathId(ctx, "id"), Principal.of(ctx).userId(), false)),
        Access.responder(swapTeam));
    r.get("/api/v1/schedules/{id}/fairness", ctx -> {
      long weeksBack = RequestParams.parseLong("past_weeks", or(ctx.queryParam("past_weeks"), "4"));
      long weeksAhead = RequestParams.parseLong("next_weeks", or(ctx.queryParam("next_weeks"), "4"));
      long now = clock.millis();
      ctx.json(oncall.fairness(pathId(ctx, "id"), now - Duration.ofDays(7 * weeksBack).toMillis(),
          now + Duration.ofDays(7 * weeksAhead).toMillis()));
    }, Access.viewer(scheduleTeam));
    r.post("/api/v1/schedules/{id}/feeds", ctx -> {
      OnCallService.Feed feed = oncall.createFeed(pathId(ctx, "id"), null, Principal.of(ctx).userId());
      ctx.status(201).json(Map.of("id", feed.id(), "url", baseUrl + "/ical/" + feed.token() + ".ics"));
    }, Access.viewer(scheduleTeam));
    r.post("/api/v1/me/feeds", ctx -> {
      OnCallService.Feed feed = oncall.createFeed(null, Principal.of(ctx).userId(), Principal.of(ctx).userId());
      ctx.status(201).json(Map.of("id", feed.id(), "url", baseUrl + "/ical/" + feed.token() + ".ics"));
    }, Access.SIGNED_IN);
    r.delete("/api/v1/feeds/{id}", ctx -> {
      oncall.revokeFeed(pathId(ctx, "id"), Principal.of(ctx).userId());
      ctx.status(204);
    }, Access.SIGNED_IN);
    r.post("/api/v1/schedules/{id}/import", ctx -> {
      JsonNode b = jsonObject(ctx);
      String mode = or(text(b, "mode"), "unavailable");
      OnCallService.ImportMode m = switch (mode) {
        case "unavailable" -> OnCallService.ImportMode.UNAVAILABLE;
        case "on-call" -> OnCallService.ImportMode.ON_CALL;
        default -> throw Problem.invalid("mode", "mode must be 'unavailable' or 'on-call'");
      };
      Long days = longValue(b, "days");
      ctx.json(oncall.importCalendar(pathId(ctx, "id"), text(b, "ics"), m, days == null ? 365 : days.intValue(), Principal.of(ctx).userId()));
    }, Access.manager(scheduleTeam));
  }

  private Map<String, Object> page(Context ctx) {
    Map<String, Object> model = new HashMap<>();
    model.put("principal", Principal.of(ctx));
    return model;
  }

  private void renderSchedule(Context ctx, long id, String feedUrl, FormInput input) {
    Principal p = Principal.of(ctx);
    ZoneId zone = ZoneId.of(p.user().timeZone());
    long now = clock.millis();
    long to = now + Duration.ofDays(28).toMillis();
    Map<String, Object> model = page(ctx);
    model.put("schedule", oncall.schedule(id));
    model.put("calendar", oncall.calendar(id, ScheduleCalendar.Span.parse("view", ctx.queryParam("view")), date("date", ctx.queryParam("date")), zone));
    // A click on a stretch of the calendar opens the override form with its range filled in.
    model.put("overrideStart", ctx.queryParam("override_start"));
    model.put("overrideEnd", ctx.queryParam("override_end"));
    model.put("overrides", oncall.overrides(id, now, to));
    model.put("fairness", oncall.fairness(id, now - Duration.ofDays(28).toMillis(), now + Duration.ofDays(28).toMillis()));
    List<User> users = people.users();
    model.put("names", names(users));
    model.put("users", users);
    model.put("zone", zone);
    model.put("feedUrl", feedUrl);
    model.put("input", input);
    model.put("swaps", oncall.swapsFor(p.userId()).stream().filter(x -> x.scheduleId() == id).toList());
    Views.render(ctx, "schedule.jte", model);
  }

  /** A form as typed with its people ({@code user_ids}) in the order {@code action} makes (see {@link TurnOrder}), to show again unsaved. */
  private static FormInput turnOrderEdited(FormInput typed, String action) {
    return typed.with("user_ids", TurnOrder.apply(typed.values("user_ids"), action, typed.value("add_user", null)));
  }

  /** The schedule's page showing the calendar the person was looking at (the week or month of {@code date}). */
  private static String calendarPage(long scheduleId, String view, String date) {
    LocalDate day = date("date", date);
    return "/oncall/schedules/" + scheduleId + "?view=" + ScheduleCalendar.Span.parse("view", view).param() + (day == null ? "" : "&date=" + day);
  }

  private static String or(String v, String fallback) {
    return v == null || v.isBlank() ? fallback : v;
  }

  static LocalTime time(String field, String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return LocalTime.parse(v);
    } catch (DateTimeException e) {
      throw Problem.invalid(field, field + " must be a time like 09:00");
    }
  }

  static LocalDate date(String field, String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeException e) {
      throw Problem.invalid(field, field + " must be a date like 2026-11-30");
    }
  }

  static DayOfWeek day(String field, String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return DayOfWeek.valueOf(v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.invalid(field, field + " must be a day such as monday");
    }
  }

  static Instant instant(String field, String v) {
    if (v == null || v.isBlank()) {
      throw Problem.invalid(field, field + " is required");
    }
    try {
      return v.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(v)) : Instant.parse(v);
    } catch (DateTimeException | NumberFormatException e) {
      throw Problem.invalid(field, field + " must be an ISO 8601 instant such as 2026-11-30T09:00:00Z, or epoch milliseconds");
    }
  }

  static long localInstant(String field, String v, ZoneId zone) {
    if (v == null || v.isBlank()) {
      throw Problem.invalid(field, field + " is required");
    }
    try {
      return java.time.LocalDateTime.parse(v).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeException e) {
      throw Problem.invalid(field, field + " must be a local date and time such as 2026-11-30T09:00");
    }
  }
}
