package dev.hush.insights;

import static dev.hush.core.RequestParams.pathId;

import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import dev.hush.core.Views;
import dev.hush.people.Access;
import dev.hush.people.PeopleService;
import dev.hush.people.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** The person-side insights of a team: interruptions, fairness and expertise, as pages and as the API (JSON or CSV). */
public final class PersonInsightsRoutes {
  private final PersonInsightsService insights;
  private final PeopleService people;

  public PersonInsightsRoutes(PersonInsightsService insights, PeopleService people) {
    this.insights = insights;
    this.people = people;
  }

  /** How the API answers: {@code ?format=json} (the default) or {@code csv}. */
  private enum Format { JSON, CSV }

  public void register(RoutesConfig r) {
    Access team = Access.viewer(Access.TeamOf.byPathId("id", insights::teamExists));

    r.get("/teams/{id}/insights/interruptions", ctx -> {
      Interruptions report = insights.interruptions(pathId(ctx, "id"), weeks(ctx));
      Map<String, Object> model = model(ctx, report.teamId(), report.weeks());
      model.put("report", report);
      model.put("chart", PersonInsightsViews.chart(report));
      model.put("peopleChart", PersonInsightsViews.peopleChart(report));
      Views.render(ctx, "insights/people-interruptions.jte", model);
    }, team);
    r.get("/teams/{id}/insights/fairness", ctx -> {
      TeamFairness report = insights.fairness(pathId(ctx, "id"), weeks(ctx));
      Map<String, Object> model = model(ctx, report.teamId(), report.weeks());
      model.put("report", report);
      Views.render(ctx, "insights/people-fairness.jte", model);
    }, team);
    r.get("/teams/{id}/insights/expertise", ctx -> {
      Expertise report = insights.expertise(pathId(ctx, "id"), weeks(ctx));
      Map<String, Object> model = model(ctx, report.teamId(), report.weeks());
      model.put("report", report);
      Views.render(ctx, "insights/people-expertise.jte", model);
    }, team);

    r.get("/api/v1/teams/{id}/insights/interruptions", ctx -> answer(ctx, "interruptions",
        format(ctx), insights.interruptions(pathId(ctx, "id"), weeks(ctx)), PersonInsightsViews::csv), team);
    r.get("/api/v1/teams/{id}/insights/fairness", ctx -> answer(ctx, "fairness",
        format(ctx), insights.fairness(pathId(ctx, "id"), weeks(ctx)), PersonInsightsViews::csv), team);
    r.get("/api/v1/teams/{id}/insights/expertise", ctx -> answer(ctx, "expertise",
        format(ctx), insights.expertise(pathId(ctx, "id"), weeks(ctx)), PersonInsightsViews::csv), team);
  }

  private static <T> void answer(Context ctx, String name, Format format, T report, Function<T, String> csv) {
    if (format == Format.CSV) {
      ctx.contentType("text/csv; charset=utf-8");
      ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
      ctx.result(csv.apply(report));
    } else {
      ctx.json(report);
    }
  }

  /** {@code ?weeks=N}: 1-52, 13 (a quarter) when absent. */
  static int weeks(Context ctx) {
    String w = ctx.queryParam("weeks");
    if (w == null || w.isBlank()) {
      return PersonInsightsService.DEFAULT_WEEKS;
    }
    long weeks = RequestParams.parseLong("weeks", w.strip());
    if (weeks < 1 || weeks > PersonInsightsService.MAX_WEEKS) {
      throw Problem.invalid("weeks", "weeks: 1-" + PersonInsightsService.MAX_WEEKS);
    }
    return (int) weeks;
  }

  /** Read before the report is built, so a bad format is refused without the work. */
  private static Format format(Context ctx) {
    String f = ctx.queryParam("format");
    if (f == null || f.isBlank() || f.equals("json")) {
      return Format.JSON;
    }
    if (f.equals("csv")) {
      return Format.CSV;
    }
    throw Problem.invalid("format", "format must be json or csv");
  }

  private Map<String, Object> model(Context ctx, long teamId, int weeks) {
    Map<String, Object> model = new HashMap<>();
    model.put("principal", Principal.of(ctx));
    model.put("teamId", teamId);
    model.put("teamName", people.teamNames().getOrDefault(teamId, "team " + teamId));
    model.put("weeks", weeks);
    return model;
  }
}
