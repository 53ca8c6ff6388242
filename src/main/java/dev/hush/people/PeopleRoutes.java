package dev.hush.people;

import static dev.hush.core.RequestParams.bool;
import static dev.hush.core.RequestParams.jsonObject;
import static dev.hush.core.RequestParams.longValue;
import static dev.hush.core.RequestParams.pathId;
import static dev.hush.core.RequestParams.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.FormInput;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Sign-in, personal settings and API tokens, and the people admin pages and API. */
public final class PeopleRoutes {
  public static final String SESSION_COOKIE = "hush_session";
  private static final String LOGIN_CSRF_COOKIE = "hush_login_csrf";

  private final PeopleService people;
  private final boolean secureCookies;
  private final Access.TeamOf teamInPath;
  private String singleSignOn;
  private final ClientAddress clientAddress;

  public PeopleRoutes(PeopleService people, boolean secureCookies) {
    this.people = people;
    this.secureCookies = secureCookies;
    this.teamInPath = Access.TeamOf.byPathId("id", people::teamExists);
    this.clientAddress = new ClientAddress(people.signInLimits().trustedProxies());
  }

  /** Offers "Sign in with {@code providerName}" on the login page (null: no single sign-on). */
  public PeopleRoutes withSingleSignOn(String providerName) {
    this.singleSignOn = providerName;
    return this;
  }

  public void register(RoutesConfig r) {
    r.get("/login", this::loginPage, Access.ANYONE);
    r.post("/login", this::login, Access.ANYONE);
    r.post("/logout", this::logout, Access.SIGNED_IN_BEFORE_PASSWORD_CHANGE);
    r.get("/settings", this::settingsPage, Access.SIGNED_IN_BEFORE_PASSWORD_CHANGE);
    r.post("/settings/profile", ctx -> {
      try {
        people.updateProfile(Principal.of(ctx).userId(), ctx.formParam("name"), ctx.formParam("time_zone"));
      } catch (Problem refused) {
        renderSettings(ctx.status(refused.status()), null, FormInput.refused("profile", ctx.formParamMap(), refused));
        return;
      }
      ctx.redirect("/settings?saved=profile");
    }, Access.SIGNED_IN);
    r.post("/settings/tokens", ctx -> {
      PeopleService.NewApiToken t = people.createApiToken(Principal.of(ctx).userId(), ctx.formParam("name"),
          RequestParams.checkbox(ctx, "read_only"), RequestParams.optionalLong("team_id", ctx.formParam("team_id")));
      renderSettings(ctx, t.secret());
    }, Access.SIGNED_IN);
    r.post("/settings/tokens/{id}/revoke", ctx -> {
      people.revokeApiToken(Principal.of(ctx).userId(), pathId(ctx, "id"));
      ctx.redirect("/settings");
    }, Access.SIGNED_IN);
    r.post("/settings/password", ctx -> {
      people.changePassword(Principal.of(ctx).userId(), ctx.formParam("current_password"), ctx.formParam("password"),
          ctx.cookie(SESSION_COOKIE));
      ctx.redirect("/settings?saved=password");
    }, Access.SIGNED_IN_BEFORE_PASSWORD_CHANGE);
    r.get("/admin/people", this::adminPage, Access.ADMIN);
    r.post("/admin/users", ctx -> {
      try {
        people.createUser(ctx.formParam("email"), ctx.formParam("name"), ctx.formParam("password"),
            RequestParams.checkbox(ctx, "admin"), ctx.formParam("time_zone"), Principal.of(ctx).userId());
      } catch (Problem refused) {
        renderAdmin(ctx.status(refused.status()), null, FormInput.refused("new-user", ctx.formParamMap(), refused));
        return;
      }
      ctx.redirect("/admin/people");
    }, Access.ADMIN);
    r.get("/admin/users/{id}", ctx -> renderPerson(ctx, people.status(pathId(ctx, "id")), FormInput.NONE), Access.ADMIN);
    r.post("/admin/users/{id}", ctx -> {
      long id = pathId(ctx, "id");
      try {
        people.updateUser(id, ctx.formParam("name"), ctx.formParam("time_zone"), RequestParams.checkbox(ctx, "admin"),
            Principal.of(ctx).userId());
      } catch (Problem refused) {
        renderPerson(ctx.status(refused.status()), people.status(id), FormInput.refused("edit-user", ctx.formParamMap(), refused));
        return;
      }
      ctx.redirect("/admin/users/" + id + "?saved=1");
    }, Access.ADMIN);
    r.post("/admin/users/{id}/disable", ctx -> {
      long id = pathId(ctx, "id");
      people.setDisabled(id, !"false".equals(ctx.formParam("disabled")), Principal.of(ctx).userId());
      ctx.redirect("person".equals(ctx.formParam("back")) ? "/admin/users/" + id : "/admin/people");
    }, Access.ADMIN);
    r.post("/admin/users/{id}/reset-password", ctx -> {
      String password = people.resetPassword(pathId(ctx, "id"), Principal.of(ctx).userId());
      renderAdmin(ctx, password);
    }, Access.ADMIN);
    r.post("/admin/teams", ctx -> {
      people.createTeam(ctx.formParam("name"), Principal.of(ctx).userId());
      ctx.redirect("/admin/people");
    }, Access.ADMIN);
    r.get("/teams", ctx -> {
      Principal p = Principal.of(ctx);
      Map<String, Object> model = new HashMap<>();
      model.put("principal", p);
      model.put("teams", people.teamsSeenBy(p));
      model.put("users", people.users());
      Views.render(ctx, "teams.jte", model);
    }, Access.SIGNED_IN);
    r.post("/teams/{id}/members", ctx -> {
      people.addMember(pathId(ctx, "id"), RequestParams.parseLong("user_id", ctx.formParam("user_id")),
          TeamRole.parse("role", ctx.formParam("role")), Principal.of(ctx).userId());
      ctx.redirect("/teams");
    }, Access.manager(teamInPath));
    r.post("/teams/{id}/members/{userId}/remove", ctx -> {
      people.removeMember(pathId(ctx, "id"), pathId(ctx, "userId"), Principal.of(ctx).userId());
      ctx.redirect("/teams");
    }, Access.manager(teamInPath));

    r.get("/api/v1/me", ctx -> ctx.json(Principal.of(ctx).user()), Access.SIGNED_IN_BEFORE_PASSWORD_CHANGE);
    r.patch("/api/v1/me", ctx -> {
      JsonNode body = jsonObject(ctx);
      if (!body.has("name") && !body.has("time_zone")) {
        throw Problem.invalid("name", "send name and/or time_zone");
      }
      ctx.json(people.updateProfile(Principal.of(ctx).userId(), text(body, "name"), text(body, "time_zone")));
    }, Access.SIGNED_IN);
    r.put("/api/v1/me/password", ctx -> {
      JsonNode body = jsonObject(ctx);
      people.changePassword(Principal.of(ctx).userId(), text(body, "current_password"), text(body, "password"), ctx.cookie(SESSION_COOKIE));
      ctx.status(204);
    }, Access.SIGNED_IN_BEFORE_PASSWORD_CHANGE);
    r.get("/api/v1/tokens", ctx -> ctx.json(people.apiTokens(Principal.of(ctx).userId())), Access.SIGNED_IN);
    r.post("/api/v1/tokens", ctx -> {
      JsonNode body = jsonObject(ctx);
      PeopleService.NewApiToken t = people.createApiToken(Principal.of(ctx).userId(), text(body, "name"), bool(body, "read_only", false),
          longValue(body, "team_id"));
      ctx.status(201).json(Map.of("id", t.id(), "token", t.secret()));
    }, Access.SIGNED_IN);
    r.delete("/api/v1/tokens/{id}", ctx -> {
      people.revokeApiToken(Principal.of(ctx).userId(), pathId(ctx, "id"));
      ctx.status(204);
    }, Access.SIGNED_IN);
    r.get("/api/v1/users", ctx -> ctx.json(people.users()), Access.SIGNED_IN);
    r.post("/api/v1/users", ctx -> {
      JsonNode body = jsonObject(ctx);
      User u = people.createUser(text(body, "email"), text(body, "name"), text(body, "password"), bool(body, "admin", false),
          text(body, "time_zone"), Principal.of(ctx).userId());
      ctx.status(201).json(u);
    }, Access.ADMIN);
    r.patch("/api/v1/users/{id}", ctx -> {
      JsonNode body = jsonObject(ctx);
      long id = pathId(ctx, "id");
      if (!body.has("disabled") && !body.has("name") && !body.has("time_zone") && !body.has("admin")) {
        throw Problem.invalid("disabled", "send at least one of name, time_zone, admin (true or false), disabled (true or false)");
      }
      if (body.has("name") || body.has("time_zone") || body.has("admin")) {
        people.updateUser(id, text(body, "name"), text(body, "time_zone"), body.has("admin") ? bool(body, "admin", false) : null,
            Principal.of(ctx).userId());
      }
      if (body.has("disabled")) {
        people.setDisabled(id, bool(body, "disabled", false), Principal.of(ctx).userId());
      }
      ctx.json(people.status(id));
    }, Access.ADMIN);
    r.post("/api/v1/users/{id}/password-reset", ctx ->
        ctx.json(Map.of("one_time_password", people.resetPassword(pathId(ctx, "id"), Principal.of(ctx).userId()))), Access.ADMIN);
    r.get("/api/v1/teams", ctx -> ctx.json(people.teamsSeenBy(Principal.of(ctx))), Access.SIGNED_IN);
    r.post("/api/v1/teams", ctx -> ctx.status(201).json(people.createTeam(text(jsonObject(ctx), "name"), Principal.of(ctx).userId())),
        Access.ADMIN);
    r.post("/api/v1/teams/{id}/members", ctx -> {
      JsonNode body = jsonObject(ctx);
      Long userId = longValue(body, "user_id");
      if (userId == null) {
        throw Problem.invalid("user_id", "user_id is required");
      }
      String role = text(body, "role");
      ctx.json(people.addMember(pathId(ctx, "id"), userId, TeamRole.parse("role", role == null ? "responder" : role),
          Principal.of(ctx).userId()));
    }, Access.manager(teamInPath));
    r.delete("/api/v1/teams/{id}/members/{userId}", ctx ->
        ctx.json(people.removeMember(pathId(ctx, "id"), pathId(ctx, "userId"), Principal.of(ctx).userId())), Access.manager(teamInPath));
  }

  private void loginPage(Context ctx) {
    renderLogin(ctx, null);
  }

  private void renderLogin(Context ctx, String error) {
    renderLogin(ctx, error, 401);
  }

  /** {@code status}: the answer's status when there is an error to show. */
  private void renderLogin(Context ctx, String error, int status) {
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
      ctx.status(status);
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
      session = people.signIn(ctx.formParam("email"), ctx.formParam("password"),
          clientAddress.of(ctx.req().getRemoteAddr(), Collections.list(ctx.req().getHeaders("X-Forwarded-For"))));
    } catch (SignInRefused r) {
      // The form shows the wait on the login page; scripts get {"error": "rate_limited" or "busy", …}.
      ctx.header("Retry-After", String.valueOf(r.retryAfterSeconds()));
      String accept = ctx.header("Accept");
      if (accept == null || !accept.contains("text/html")) {
        throw r;
      }
      renderLogin(ctx, r.detail(), r.status());
      return;
    } catch (Problem p) {
      renderLogin(ctx, p.detail());
      return;
    }
    ctx.cookie(cookie(SESSION_COOKIE, session.token(), (int) people.sessionPolicy().lifetime().toSeconds()));
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
    renderSettings(ctx, newToken, FormInput.NONE);
  }

  private void renderSettings(Context ctx, String newToken, FormInput input) {
    Principal p = Principal.of(ctx);
    Map<String, Object> model = new HashMap<>();
    model.put("input", input);
    model.put("principal", p);
    model.put("tokens", people.apiTokens(p.userId()));
    model.put("teams", people.teamsSeenBy(p));
    model.put("newToken", newToken);
    model.put("saved", ctx.queryParam("saved"));
    model.put("mustChangePassword", p.user().mustChangePassword());
    Views.render(ctx, "settings.jte", model);
  }

  private void adminPage(Context ctx) {
    renderAdmin(ctx, null);
  }

  /** {@code oneTimePassword}: a password just reset, shown once. */
  private void renderAdmin(Context ctx, String oneTimePassword) {
    renderAdmin(ctx, oneTimePassword, FormInput.NONE);
  }

  private void renderAdmin(Context ctx, String oneTimePassword, FormInput input) {
    Map<String, Object> model = new HashMap<>();
    model.put("input", input);
    model.put("principal", Principal.of(ctx));
    model.put("people", people.userStatuses());
    model.put("teams", people.teams());
    model.put("oneTimePassword", oneTimePassword);
    Views.render(ctx, "admin-people.jte", model);
  }

  /** One person's page for an admin: edit, team roles, disable or enable, reset the password. */
  private void renderPerson(Context ctx, UserStatus person, FormInput input) {
    Map<String, Object> model = new HashMap<>();
    model.put("input", input);
    model.put("principal", Principal.of(ctx));
    model.put("person", person);
    model.put("teams", people.teams());
    model.put("saved", ctx.queryParam("saved") != null);
    Views.render(ctx, "admin-person.jte", model);
  }

  private Cookie cookie(String name, String value, int maxAgeSeconds) {
    Cookie c = new Cookie(name, value, "/", maxAgeSeconds, secureCookies);
    c.setHttpOnly(true);
    c.setSameSite(SameSite.LAX);
    return c;
  }

  /**
   * Only a path on this server, so the login form can't be turned into an open redirect: no scheme,
   * no authority ({@code //host}), no backslash (browsers read {@code /\\host} as {@code //host}),
   * no control characters or spaces (stripped or split on by some browsers and proxies).
   */
  public static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.length() > 2000
        || next.chars().anyMatch(c -> c == '\\' || c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || Character.isWhitespace(c))) {
      return "/incidents";
    }
    return next;
  }
}
