package dev.hush.web;

import dev.hush.core.Problem;
import dev.hush.people.Access;
import dev.hush.people.AccessRules;
import dev.hush.people.PeopleRoutes;
import dev.hush.people.PeopleService;
import dev.hush.people.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one access check every matched route goes through: it finds who is calling (an API token in
 * {@code Authorization: Bearer}, or a session cookie) and applies the {@link Access} the route
 * declared. Session requests that change anything must carry the session's CSRF token (form field
 * {@code _csrf} or header {@code X-CSRF-Token}); token requests carry no cookies, so they need none.
 */
final class AccessCheck {
  private final PeopleService people;

  AccessCheck(PeopleService people) {
    this.people = people;
  }

  void handle(Context ctx) {
    Access access = declared(ctx.routeRoles())
        .orElseThrow(() -> new IllegalStateException(ctx.method() + " " + ctx.path() + " declares no access"));
    if (access == Access.ANYONE) {
      return;
    }
    Principal p = identify(ctx);
    if (p == null) {
      return;
    }
    p.attachTo(ctx);
    if (p.user().mustChangePassword() && !(access instanceof Access.SignedIn s && s.beforePasswordChange())) {
      // The printed one-time password has been seen in a terminal: replace it before anything else.
      if (p.csrfToken() == null || ctx.path().startsWith("/api/") || ctx.header("HX-Request") != null) {
        throw new Problem(403, "password_change_required", "password",
            "choose your own password first (PUT /api/v1/me/password, or Settings)");
      }
      ctx.redirect("/settings?must=password");
      ctx.skipRemainingHandlers();
      return;
    }
    AccessRules.decide(access, p, ctx, team -> people.teamExists(team).isPresent());
  }

  /** The caller, or null when the request was answered with a redirect to the sign-in page. */
  private Principal identify(Context ctx) {
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return people.principalForApiToken(auth.substring(7).trim())
          .orElseThrow(() -> Problem.unauthorized("the API token is unknown or revoked"));
    }
    Optional<Principal> session = people.principalForSession(ctx.cookie(PeopleRoutes.SESSION_COOKIE));
    if (session.isEmpty()) {
      if (ctx.path().startsWith("/api/") || ctx.method() != HandlerType.GET || ctx.header("HX-Request") != null) {
        throw Problem.unauthorized("sign in, or send Authorization: Bearer <API token>");
      }
      String path = ctx.fullUrl().substring(ctx.fullUrl().indexOf(ctx.path()));
      ctx.redirect("/login?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
      ctx.skipRemainingHandlers();
      return null;
    }
    if (changesState(ctx) && !csrfMatches(ctx, session.get().csrfToken())) {
      throw new Problem(403, "csrf", "_csrf", "the form is stale or did not come from Hush; reload the page and try again");
    }
    return session.get();
  }

  /** Refuses to start a server with a route that declares no access, or more than one. */
  static void requireDeclared(Javalin app) {
    List<String> undeclared = app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(e -> e.endpoint.method.isHttpMethod())
        .filter(e -> e.endpoint.metadata(Roles.class) == null || declared(e.endpoint.metadata(Roles.class).getRoles()).isEmpty())
        .map(e -> e.endpoint.method + " " + e.endpoint.path).toList();
    if (!undeclared.isEmpty()) {
      throw new IllegalStateException("routes must declare exactly one dev.hush.people.Access: " + String.join(", ", undeclared));
    }
  }

  /** Every route and what it needs, for the route-role matrix test. */
  static List<DeclaredRoute> routes(Javalin app) {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(e -> e.endpoint.method.isHttpMethod() && e.endpoint.method != HandlerType.HEAD)
        .map(e -> new DeclaredRoute(e.endpoint.method.name(), e.endpoint.path,
            declared(e.endpoint.metadata(Roles.class).getRoles()).orElseThrow()))
        .toList();
  }

  private static Optional<Access> declared(Set<RouteRole> roles) {
    return roles.size() == 1 && roles.iterator().next() instanceof Access a ? Optional.of(a) : Optional.empty();
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
