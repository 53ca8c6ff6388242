package dev.hush.core;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/** Renders the precompiled JTE templates (src/main/jte) into a response. */
public final class Views {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);
  /**
   * The theme of the page being rendered, from the request's cookie: every page's {@code <html>} carries
   * it, and passing it down as a parameter would thread it through every template that uses the layout.
   */
  private static final ThreadLocal<Theme> RENDERING = new ThreadLocal<>();

  private Views() {}

  public static void render(Context ctx, String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    RENDERING.set(Theme.of(ctx.cookie(Theme.COOKIE)));
    try {
      ENGINE.render(template, params, out);
    } finally {
      RENDERING.remove();
    }
    ctx.html(out.toString());
  }

  /** The theme the browser asked for, while a page renders ({@link Theme#SYSTEM} outside of {@link #render}). */
  public static Theme theme() {
    Theme t = RENDERING.get();
    return t == null ? Theme.SYSTEM : t;
  }
}
