package dev.hush.insights;

import static dev.hush.core.RequestParams.pathId;

import dev.hush.core.Views;
import dev.hush.people.Access;
import dev.hush.people.PeopleService;
import dev.hush.people.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** The insights of a team: an index, a page per insight, and the JSON/CSV API. */
public final class InsightsRoutes {
  private final InsightsService insights;
  private final PeopleService people;

  public InsightsRoutes(InsightsService insights, PeopleService people) {
    this.insights = insights;
    this.people = people;
  }

  public void register(RoutesConfig r) {
    Access.TeamOf team = Access.TeamOf.byPathId("id", people::teamExists);
    r.get("/insights", ctx -> Views.render(ctx, "insights/teams.jte",
        Map.of("principal", Principal.of(ctx), "teams", people.teamsSeenBy(Principal.of(ctx)))), Access.SIGNED_IN);
    r.get("/teams/{id}/insights", ctx -> page(ctx, "insights/index.jte", Map.of()), Access.viewer(team));
    r.get("/teams/{id}/insights/pages", ctx -> {
      PagesPerWeek p = insights.pagesPerWeek(pathId(ctx, "id"), InsightsRequest.weeks(ctx, InsightsService.DEFAULT_WEEKS));
      page(ctx, "insights/pages.jte", Map.of("data", p, "chart", InsightsCharts.pages(p).json(),
          "byService", InsightsCharts.pagesByService(p).json()));
    }, Access.viewer(team));
    r.get("/teams/{id}/insights/quiet", ctx -> {
      QuietStreak q = insights.quietStreak(pathId(ctx, "id"), InsightsRequest.weeks(ctx, InsightsService.MAX_WEEKS));
      page(ctx, "insights/quiet.jte", Map.of("data", q, "chart", InsightsCharts.quiet(q).json()));
    }, Access.viewer(team));
    r.get("/teams/{id}/insights/response", ctx -> {
      ResponseWeeks times = insights.responseTimesPerWeek(pathId(ctx, "id"), InsightsRequest.weeks(ctx, InsightsService.DEFAULT_WEEKS));
      page(ctx, "insights/response.jte", Map.of("data", times, "mtta", InsightsCharts.response(times, true).json(),
          "mttr", InsightsCharts.response(times, false).json()));
    }, Access.viewer(team));
    r.get("/teams/{id}/insights/noise", ctx -> page(ctx, "insights/noise.jte",
        Map.of("data", insights.noise(pathId(ctx, "id"), InsightsRequest.weeks(ctx, InsightsService.DEFAULT_NOISE_WEEKS)))),
        Access.viewer(team));

    r.get("/api/v1/teams/{id}/insights/pages-per-week", ctx -> respond(ctx,
        () -> insights.pagesPerWeek(pathId(ctx, "id"), InsightsRequest.weeks(ctx, InsightsService.DEFAULT_WEEKS)), InsightsCsv::pagesPerWeek),
        Access.viewer(team));
    r.get("/api/v1/teams/{id}/insights/quiet-streak", ctx -> respond(ctx,
        () -> insights.quietStreak(pathId(ctx, "id"), InsightsRequest.weeks(ctx, InsightsService.MAX_WEEKS)), InsightsCsv::quietStreak),
        Access.viewer(team));
    r.get("/api/v1/teams/{id}/insights/mtta-mttr", ctx -> respond(ctx,
        () -> insights.responseTimesPerWeek(pathId(ctx, "id"), InsightsRequest.weeks(ctx, InsightsService.DEFAULT_WEEKS)),
        InsightsCsv::responseTimes), Access.viewer(team));
    r.get("/api/v1/teams/{id}/insights/noise", ctx -> respond(ctx,
        () -> insights.noise(pathId(ctx, "id"), InsightsRequest.weeks(ctx, InsightsService.DEFAULT_NOISE_WEEKS)), InsightsCsv::noise),
        Access.viewer(team));
  }

  /** JSON, or CSV with {@code ?format=csv}; the format is checked before any work. */
  private static <T> void respond(Context ctx, Supplier<T> read, Function<T, String> csv) {
    InsightsRequest.Format format = InsightsRequest.format(ctx);
    T data = read.get();
    if (format == InsightsRequest.Format.CSV) {
      ctx.contentType("text/csv; charset=utf-8").result(csv.apply(data));
    } else {
      ctx.json(data);
    }
  }

  private void page(Context ctx, String template, Map<String, Object> extra) {
    long teamId = pathId(ctx, "id");
    Map<String, Object> model = new HashMap<>(extra);
    model.put("principal", Principal.of(ctx));
    model.put("teamId", teamId);
    model.put("teamName", people.teamNames().getOrDefault(teamId, "team " + teamId));
    Views.render(ctx, template, model);
  }
}
