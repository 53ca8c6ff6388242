package dev.hush.web;

import dev.hush.people.Access;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The few browser assets, read from the classpath once at start-up and served from memory.
 * (Serving a classpath folder mounts the whole fat jar as a zip file system, which costs tens
 * of megabytes of heap for three files.)
 */
final class StaticAssets {
  private static final Map<String, String> ASSETS = Map.of(
      "/static/hush.css", "static/hush.css",
      "/static/hush.js", "static/hush.js",
      "/static/review.js", "static/review.js",
      "/static/incident.js", "static/incident.js",
      "/static/incidents.js", "static/incidents.js",
      "/static/rotation-form.js", "static/rotation-form.js",
      "/static/htmx.min.js", "META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js",
      "/static/charts.js", "static/charts.js",
      "/static/uPlot.iife.min.js", "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
      "/static/uPlot.min.css", "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css");

  private StaticAssets() {}

  static void register(RoutesConfig routes) {
    ASSETS.forEach((path, resource) -> {
      byte[] bytes = read(resource);
      String type = path.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
      String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(bytes)) + "\"";
      routes.get(path, ctx -> {
        ctx.header("Cache-Control", "public, max-age=3600").header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
          ctx.status(304);
        } else {
          ctx.contentType(type).result(bytes);
        }
      }, Access.ANYONE);
    });
  }

  private static byte[] read(String resource) {
    try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing asset " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
