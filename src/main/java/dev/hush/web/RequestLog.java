package dev.hush.web;

import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request, naming its route template ({@code POST /api/v1/integrations/alertmanager/{key}})
 * and never the path or query it came with: those can hold integration keys, ack-link tokens and
 * feed secrets. Answers of 500 and above at WARN, the rest at DEBUG (logger {@value #NAME}).
 */
final class RequestLog {
  static final String NAME = "dev.hush.web.requests";
  private static final Logger LOG = LoggerFactory.getLogger(NAME);

  private final JavalinState app;

  RequestLog(JavalinState app) {
    this.app = app;
  }

  void log(Context ctx, Float millis) {
    int status = ctx.statusCode();
    if (status < 500 && !LOG.isDebugEnabled()) {
      return;
    }
    (status >= 500 ? LOG.atWarn() : LOG.atDebug())
        .addKeyValue("method", ctx.method())
        .addKeyValue("route", route(ctx))
        .addKeyValue("status", status)
        .addKeyValue("ms", millis == null ? -1 : Math.round(millis * 10) / 10.0)
        .log("request");
  }

  /**
   * The template of the route that answered; when a filter answered first (a refused sign-in, an
   * error before the handler), the one that would have; a placeholder when none matches (a 404).
   */
  String route(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    if (endpoint == null && app.internalRouter != null) {
      ParsedEndpoint parsed = app.internalRouter.findFirstHttpHandlerEntry(ctx.method(), ctx.path());
      endpoint = parsed == null ? null : parsed.endpoint;
    }
    return endpoint == null ? "(no route)" : endpoint.path;
  }
}
