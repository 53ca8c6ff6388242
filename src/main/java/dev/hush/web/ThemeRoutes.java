package dev.hush.web;

import dev.hush.core.Problem;
import dev.hush.core.Theme;
import dev.hush.people.Access;
import dev.hush.people.PeopleRoutes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * The light / dark / system switch in every page's header. The choice is this browser's (a cookie,
 * not a profile setting): a phone at night and a desk screen by day may want different ones. A plain
 * form post answers with a redirect back to the page it came from; hush.js posts it in the background
 * and gets 204, then repaints without a reload.
 */
final class ThemeRoutes {
  private static final Set<String> CHOICES = Set.of("light", "dark", "system");
  private static final int ONE_YEAR_SECONDS = 365 * 24 * 3600;

  private final boolean secureCookies;

  ThemeRoutes(boolean secureCookies) {
    this.secureCookies = secureCookies;
  }

  void register(RoutesConfig r) {
    r.post("/theme", this::choose, Access.SIGNED_IN_BEFORE_PASSWORD_CHANGE);
  }

  private void choose(Context ctx) {
    String value = ctx.formParam("theme");
    if (value == null || !CHOICES.contains(value)) {
      throw new Problem(400, "invalid_theme", "theme", "theme must be light, dark or system");
    }
    Theme theme = Theme.of(value);
    if (theme == Theme.SYSTEM) {
      ctx.removeCookie(Theme.COOKIE, "/");
    } else {
      Cookie c = new Cookie(Theme.COOKIE, theme.value(), "/", ONE_YEAR_SECONDS, secureCookies);
      c.setHttpOnly(true);
      c.setSameSite(SameSite.LAX);
      ctx.cookie(c);
    }
    if ("fetch".equals(ctx.header("X-Hush-Theme"))) {
      ctx.status(204);
    } else {
      ctx.redirect(PeopleRoutes.safeNext(pageOf(ctx.header("Referer"))));
    }
  }

  /** The path and query of the page the form was on; the referrer is sent to the same origin only (see SecurityHeaders). */
  private static String pageOf(String referer) {
    if (referer == null) {
      return null;
    }
    try {
      URI uri = new URI(referer);
      return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
