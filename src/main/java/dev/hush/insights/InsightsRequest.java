package dev.hush.insights;

import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import io.javalin.http.Context;

/** What an insights request may ask: {@code ?weeks=1-52} and {@code ?format=json|csv}. */
final class InsightsRequest {
  enum Format { JSON, CSV }

  private InsightsRequest() {}

  static int weeks(Context ctx, int fallback) {
    String w = ctx.queryParam("weeks");
    if (w == null || w.isBlank()) {
      return fallback;
    }
    long weeks = RequestParams.parseLong("weeks", w);
    if (weeks < 1 || weeks > InsightsService.MAX_WEEKS) {
      throw Problem.invalid("weeks", "weeks: 1-" + InsightsService.MAX_WEEKS);
    }
    return (int) weeks;
  }

  static Format format(Context ctx) {
    String f = ctx.queryParam("format");
    if (f == null || f.isEmpty() || f.equals("json")) {
      return Format.JSON;
    }
    if (f.equals("csv")) {
      return Format.CSV;
    }
    throw Problem.invalid("format", "format must be json or csv");
  }
}
