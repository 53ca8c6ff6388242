package dev.hush.people;

import dev.hush.core.Views;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The audit log, read: {@code GET /api/v1/audit} and the {@code /audit} page. Both are open to
 * anyone signed in and scoped by {@link PeopleService#auditEntries}: an org admin reads everything,
 * a team manager the entries of the teams they manage, anyone else gets 403.
 */
public final class AuditRoutes {
  private static final List<String> PARAMS = List.of("actor", "subject", "team", "since", "until", "limit");

  private final PeopleService people;

  public AuditRoutes(PeopleService people) {
    this.people = people;
  }

  public void register(RoutesConfig r) {
    // actor, subject, team, since, until (ISO 8601 or epoch ms; a date alone is UTC), limit, before_id
    r.get("/api/v1/audit", ctx -> ctx.json(people.auditEntries(Principal.of(ctx), AuditFilter.parse(ctx::queryParam, ZoneOffset.UTC))),
        Access.SIGNED_IN);
    r.get("/audit", this::page, Access.SIGNED_IN);
  }

  /** The same filters as a form; dates and times typed into it are the viewer's. */
  private void page(Context ctx) {
    Principal p = Principal.of(ctx);
    ZoneId zone = ZoneId.of(p.user().timeZone());
    AuditFilter filter = AuditFilter.parse(ctx::queryParam, zone);
    List<AuditEntry> entries = people.auditEntries(p, filter);
    Map<String, String> typed = new LinkedHashMap<>();
    PARAMS.forEach(name -> typed.put(name, ctx.queryParam(name) == null ? "" : ctx.queryParam(name)));
    Map<String, Object> model = new HashMap<>();
    model.put("principal", p);
    model.put("entries", entries);
    List<Team> teams = people.teams();
    // An admin may manage every team, so the managed ones are the teams this page filters by.
    model.put("teams", teams.stream().filter(t -> p.may(TeamRole.MANAGER, t.id())).toList());
    model.put("users", people.users());
    model.put("teamNames", teams.stream().collect(java.util.stream.Collectors.toMap(Team::id, Team::name)));
    model.put("filter", typed);
    model.put("olderUrl", entries.size() < filter.limit() ? null : "/audit?" + typed.entrySet().stream()
        .filter(e -> !e.getValue().isEmpty())
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.collectingAndThen(Collectors.joining("&"), q -> q.isEmpty() ? "" : q + "&"))
        + "before_id=" + entries.getLast().id());
    model.put("zone", zone);
    Views.render(ctx, "audit.jte", model);
  }
}
