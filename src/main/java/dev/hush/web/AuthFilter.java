package dev.hush.web;

import dev.hush.core.Problem;
import dev.hush.people.PeopleRoutes;
import dev.hush.people.PeopleService;
import dev.hush.people.Principal;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Attaches the principal to every request that needs one: an API token (Authorization: Bearer)
 * or a session cookie. Session requests that change anything must carry the session's CSRF
 * token (form field {@code _csrf} or header {@code X-CSRF-Token}); token requests carry no cookies,
 * so they need none.
 */
final class AuthFilter {
  private final PeopleService people;
  private final List<String> publicPrefixes;

  AuthFilter(PeopleService people, List<String> publicPrefixes) {
    this.people = people;
    this.publicPrefixes = publicPrefixes;
  }

  void handle(Context ctx) {
    String path = ctx.path();
    if (publicPrefixes.stream().anyMatch(path::startsWith)) {
      return;
    }
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Principal p = people.principalForApiToken(auth.substring(7).trim())
          .orElseThrow(() -> Problem.unauthorized("the API token is unknown or revoked"));
      p.attachTo(ctx);
      return;
    }
    Optional<Principal> session = people.principalForSession(ctx.cookie(PeopleRoutes.SESSION_COOKIE));
    if (session.isEmpty()) {
      if (path.startsWith("/api/") || ctx.method() != HandlerType.GET) {
        throw Problem.unauthorized("sign in, or send Authorization: Bearer <API token>");
      }
      ctx.redirect("/login?next=" + URLEncoder.encode(ctx.fullUrl().substring(ctx.fullUrl().indexOf(path)), StandardCharsets.UTF_8));
      ctx.skipRemainingHandlers();
      return;
    }
    if (changesState(ctx) && !csrfMatches(ctx, session.get().csrfToken())) {
      throw new Problem(403, "csrf", "_csrf", "the form is stale or did not come from Hush; reload the page and try again");
    }
    session.get().attachTo(ctx);
    if (session.get().user().mustChangePassword() && !path.startsWith("/settings") && !path.equals("/logout")) {
      // The printed one-time password has been seen in a terminal: replace it before anything else.
      ctx.redirect("/settings?must=password");
      ctx.skipRemainingHandlers();
    }
  }

  private static boolean changesState(Context ctx) {
    HandlerType m = ctx.method();
    return m != HandlerType.GET && m != HandlerType.HEAD && m != HandlerType.OPTIONS;
  }

  static boolean csrfMatches(Context ctx, String expected) {
    String presented = ctx.header("X-CSRF-Token");
    if (presented == null) {
      String type = ctx.contentType();
      if (type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))) {
        presented = ctx.formParam("_csrf");
      }
    }
    return presented != null && expected != null
        && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
