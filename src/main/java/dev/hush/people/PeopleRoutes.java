package dev.hush.people;

import static dev.hush.core.RequestParams.bool;
import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import dev.hush.core.Secrets;
import dev.hush.core.Views;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sign-in, personal settings and API tokens, and the people admin pages and API. */
public final class PeopleRoutes {
  public static final String SESSION_COOKIE = "hush_session";
  private static final String LOGIN_CSRF_COOKIE = "hush_login_csrf";

  private final PeopleService people;
  private final boolean secureCookies;
  private String singleSignOn;

  public PeopleRoutes(PeopleService people, boolean secureCookies) {
    this.people = people;
    this.secureCookies = secureCookies;
  }

  /** Offers "Sign in with {@code providerName}" on the login page (null: no single sign-on). */
  public PeopleRoutes withSingleSignOn(String providerName) {
    this.singleSignOn = providerName;
    return this;
  }

  public static List<String> publicPrefixes() {
    return List.of("/login");
  }

  public void register(RoutesConfig r) {
    r.get("/login", this::loginPage);
    r.post("/login", this::login);
    r.post("/logout", this::logout);
    r.get("/settings", this::settingsPage);
    r.post("/settings/tokens", ctx -> {
      PeopleService.NewApiToken t = people.createApiToken(Principal.of(ctx).userId(), ctx.formParam("name"));
      renderSettings(ctx, t.secret());
    });
    r.post("/settings/tokens/{id}/revoke", ctx -> {
      people.revokeApiToken(Principal.of(ctx).userId(), pathId(ctx, "id"));
      ctx.redirect("/settings");
    });
    r.post("/settings/password", ctx -> {
      Principal p = Principal.of(ctx);
      people.setPassword(p.userId(), ctx.formParam("password"));
      ctx.redirect("/settings?saved=password");
    });
    r.get("/admin/people", this::adminPage);
    r.post("/admin/users", ctx -> {
      Principal p = requireAdmin(ctx);
      people.createUser(ctx.formParam("email"), ctx.formParam("name"), ctx.formParam("password"),
          RequestParams.checkbox(ctx, "admin"), ctx.formParam("time_zone"), p.userId());
      ctx.redirect("/admin/people");
    });
    r.post("/admin/teams", ctx -> {
      people.createTeam(ctx.formParam("name"), requireAdmin(ctx).userId());
      ctx.redirect("/admin/people");
    });
    r.post("/admin/teams/{id}/members", ctx -> {
      Principal p = requireAdmin(ctx);
      people.addMember(pathId(ctx, "id"), RequestParams.parseLong("user_id", ctx.formParam("user_id")),
          TeamRole.parse("role", ctx.formParam("role")), p.userId());
      ctx.redirect("/admin/people");
    });

    r.get("/api/v1/me", ctx -> ctx.json(Principal.of(ctx).user()));
    r.get("/api/v1/tokens", ctx -> ctx.json(people.apiTokens(Principal.of(ctx).userId())));
    r.post("/api/v1/tokens", ctx -> {
      JsonNode body = jsonObject(ctx);
      PeopleService.NewApiToken t = people.createApiToken(Principal.of(ctx).userId(), text(body, "name"));
      ctx.status(201).json(Map.of("id", t.id(), "token", t.secret()));
    });
    r.delete("/api/v1/tokens/{id}", ctx -> {
      people.revokeApiToken(Principal.of(ctx).userId(), pathId(ctx, "id"));
      ctx.status(204);
    });
    r.get("/api/v1/users", ctx -> ctx.json(people.users()));
    r.post("/api/v1/users", ctx -> {
      Principal p = requireAdmin(ctx);
      JsonNode body = jsonObject(ctx);
      User u = people.createUser(text(body, "email"), text(body, "name"), text(body, "password"), bool(body, "admin", false),
          text(body, "time_zone"), p.userId());
      ctx.status(201).json(u);
    });
    r.get("/api/v1/teams", ctx -> ctx.json(people.teams()));
    r.post("/api/v1/teams", ctx -> {
      Principal p = requireAdmin(ctx);
      ctx.status(201).json(people.createTeam(text(jsonObject(ctx), "name"), p.userId()));
    });
    r.post("/api/v1/teams/{id}/members", ctx -> {
      Principal p = requireAdmin(ctx);
      JsonNode body = jsonObject(ctx);
      Long userId = longValue(body, "user_id");
      if (userId == null) {
        throw Problem.invalid("user_id", "user_id is required");
      }
      String role = text(body, "role");
      ctx.json(people.addMember(pathId(ctx, "id"), userId, TeamRole.parse("role", role == null ? "member" : role), p.userId()));
    });
  }

  private Principal requireAdmin(Context ctx) {
    Principal p = Principal.of(ctx);
    people.requireAdmin(p);
    return p;
  }

  private void loginPage(Context ctx) {
    renderLogin(ctx, null);
  }

  private void renderLogin(Context ctx, String error) {
    // Keep an existing token: a second tab (or the favicon's redirect) must not invalidate the first form.
    String existing = ctx.cookie(LOGIN_CSRF_COOKIE);
    String csrf = existing != null && existing.matches("[A-Za-z0-9]{32}") ? existing : Secrets.generate("", 32);
    ctx.cookie(cookie(LOGIN_CSRF_COOKIE, csrf, 3600));
    Map<String, Object> model = new HashMap<>();
    model.put("csrf", csrf);
    model.put("next", safeNext(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next")));
    model.put("error", error);
    model.put("email", ctx.formParam("email") == null ? "" : ctx.formParam("email"));
    model.put("sso", singleSignOn);
    // With local passwords off the form hides behind a link: admins keep theirs for when the provider is down.
    model.put("passwordForm", singleSignOn == null || error != null || ctx.queryParam("local") != null || people.localPasswordsAllowed());
    if (error != null) {
      ctx.status(401);
    }
    Views.render(ctx, "login.jte", model);
  }

  private void login(Context ctx) {
    String expected = ctx.cookie(LOGIN_CSRF_COOKIE);
    String presented = ctx.formParam("_csrf");
    if (expected == null || presented == null
        || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
      throw new Problem(403, "csrf", "_csrf", "the sign-in form is stale; reload the page and try again");
    }
    PeopleService.Session session;
    try {
      session = people.signIn(ctx.formParam("email"), ctx.formParam("password"));
    } catch (Problem p) {
      renderLogin(ctx, p.detail());
      return;
    }
    ctx.cookie(cookie(SESSION_COOKIE, session.token(), (int) PeopleService.SESSION_LIFETIME.toSeconds()));
    ctx.removeCookie(LOGIN_CSRF_COOKIE, "/");
    ctx.redirect(safeNext(ctx.formParam("next")));
  }

  private void logout(Context ctx) {
    people.signOut(ctx.cookie(SESSION_COOKIE));
    ctx.removeCookie(SESSION_COOKIE, "/");
    ctx.redirect("/login");
  }

  private void settingsPage(Context ctx) {
    renderSettings(ctx, null);
  }

  private void renderSettings(Context ctx, String newToken) {
    Principal p = Principal.of(ctx);
    Map<String, Object> model = new HashMap<>();
    model.put("principal", p);
    model.put("tokens", people.apiTokens(p.userId()));
    model.put("newToken", newToken);
    model.put("saved", ctx.queryParam("saved"));
    model.put("mustChangePassword", p.user().mustChangePassword());
    Views.render(ctx, "settings.jte", model);
  }

  private void adminPage(Context ctx) {
    Principal p = requireAdmin(ctx);
    Map<String, Object> model = new HashMap<>();
    model.put("principal", p);
    model.put("users", people.users());
    model.put("teams", people.teams());
    Views.render(ctx, "admin-people.jte", model);
  }

  private Cookie cookie(String name, String value, int maxAgeSeconds) {
    Cookie c = new Cookie(name, value, "/", maxAgeSeconds, secureCookies);
    c.setHttpOnly(true);
    c.setSameSite(SameSite.LAX);
    return c;
  }

  /** Only same-site paths, so the login form can't be turned into an open redirect. */
  private static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
      return "/incidents";
    }
    return next;
  }
}
