package dev.hush.web;

import dev.hush.core.Problem;
import dev.hush.core.Theme;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error becomes {@code {"error", "detail", "field"}} for API callers, or a short page for browsers. */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  static void register(RoutesConfig routes, RequestLog requests) {
    routes.exception(Problem.class, (p, ctx) -> respond(ctx, p.status(), p.error(), p.detail(), p.field()));
    routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, e.getStatus(), errorName(e.getStatus()),
        e.getMessage(), e.getStatus() == 413 ? "body" : null));
    routes.exception(Exception.class, (e, ctx) -> {
      // The route's template, not the path: a path can hold an integration key or a token.
      LOG.error("unhandled error on {} {}", ctx.method(), requests.route(ctx), e);
      respond(ctx, 500, "internal_error", "something went wrong on our side; it is logged", null);
    });
    routes.error(404, "*", ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        respond(ctx, 404, "not_found", "no such page or endpoint: " + ctx.method() + " " + ctx.path(), null);
      }
    });
    routes.error(405, "*", ctx -> respond(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null));
  }

  static void respond(Context ctx, int status, String error, String detail, String field) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("detail", detail);
    if (field != null) {
      body.put("field", field);
    }
    ctx.status(status);
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains("text/html") && !ctx.path().startsWith("/api/") && ctx.header("HX-Request") == null) {
      ctx.html("<!doctype html><html lang=en data-theme=" + Theme.of(ctx.cookie(Theme.COOKIE)).value() + ">"
          + "<meta charset=utf-8><meta name=viewport content='width=device-width'>"
          + "<link rel=stylesheet href=/static/hush.css><script src=/static/hush.js defer></script>"
          + "<main class=narrow><h1>" + status + "</h1><p>"
          + escape(detail) + "</p><p><a href=/ data-back>Back</a> · <a href=/>Home</a></p></main>");
    } else {
      ctx.json(body);
    }
  }

  private static String errorName(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 413 -> "payload_too_large";
      default -> "http_" + status;
    };
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
