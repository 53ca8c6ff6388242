package dev.hush.people.oidc;

import static dev.hush.core.RequestParams.jsonObject;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import dev.hush.core.Views;
import dev.hush.people.Access;
import dev.hush.people.PeopleRoutes;
import dev.hush.people.PeopleService;
import dev.hush.people.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.HashMap;
import java.util.Map;

/** Single sign-on: the way out to the provider and back, and the admin's sign-in settings. */
public final class OidcRoutes {
  /** Holds the sign-in's state between leaving for the provider and coming back; sent only to the callback. */
  static final String STATE_COOKIE = "hush_oidc_state";
  private static final String STATE_COOKIE_PATH = "/login/oidc";

  private final OidcSignIn oidc;
  private final PeopleService people;
  private final boolean secureCookies;

  public OidcRoutes(OidcSignIn oidc, PeopleService people, boolean secureCookies) {
    this.oidc = oidc;
    this.people = people;
    this.secureCookies = secureCookies;
  }

  public void register(RoutesConfig r) {
    // Reached before anyone is signed in.
    r.get("/login/oidc/start", this::start, Access.ANYONE);
    r.get(OidcSignIn.CALLBACK_PATH, this::callback, Access.ANYONE);
    r.get("/admin/sign-in", ctx -> renderAdmin(ctx, Principal.of(ctx), ctx.queryParam("saved"), null), Access.ADMIN);
    r.post("/admin/sign-in", ctx -> {
      Principal p = Principal.of(ctx);
      String value = ctx.formParam("local_passwords");
      if (!"on".equals(value) && !"off".equals(value)) {
        throw Problem.invalid("local_passwords", "local_passwords must be 'on' or 'off'");
      }
      try {
        oidc.setLocalPasswords("on".equals(value), p);
      } catch (Problem refused) {
        ctx.status(refused.status());
        renderAdmin(ctx, p, null, refused.detail());
        return;
      }
      ctx.redirect("/admin/sign-in?saved=1");
    }, Access.ADMIN);
    r.get("/api/v1/sign-in", ctx -> ctx.json(oidc.status()), Access.ADMIN);
    r.put("/api/v1/sign-in", ctx -> {
      Principal p = Principal.of(ctx);
      JsonNode body = jsonObject(ctx);
      JsonNode value = body.get("local_passwords");
      if (value == null || !value.isBoolean()) {
        throw Problem.invalid("local_passwords", "local_passwords must be true or false");
      }
      oidc.setLocalPasswords(value.booleanValue(), p);
      ctx.json(oidc.status());
    }, Access.ADMIN);
  }

  private void start(Context ctx) {
    OidcSignIn.Redirect redirect = oidc.begin(ctx.queryParam("next"));
    ctx.cookie(cookie(STATE_COOKIE, redirect.state(), STATE_COOKIE_PATH, (int) OidcSignIn.ATTEMPT_LIFETIME.toSeconds()));
    ctx.header("Cache-Control", "no-store");
    ctx.redirect(redirect.location().toString());
  }

  private void callback(Context ctx) {
    String browserState = ctx.cookie(STATE_COOKIE);
    // Whatever happens next, this attempt is over.
    ctx.removeCookie(STATE_COOKIE, STATE_COOKIE_PATH);
    ctx.header("Cache-Control", "no-store");
    OidcSignIn.SignedIn signedIn = oidc.finish(ctx.queryParam("code"), ctx.queryParam("state"), browserState,
        ctx.queryParam("error"), ctx.queryParam("error_description"));
    ctx.cookie(cookie(PeopleRoutes.SESSION_COOKIE, signedIn.session().token(), "/", (int) people.sessionPolicy().lifetime().toSeconds()));
    ctx.redirect(signedIn.next());
  }

  private void renderAdmin(Context ctx, Principal p, String saved, String error) {
    Map<String, Object> model = new HashMap<>();
    model.put("principal", p);
    model.put("status", oidc.status());
    model.put("saved", saved);
    model.put("error", error);
    Views.render(ctx, "people/sign-in.jte", model);
  }

  /** The same attributes as the password sign-in's cookies: HttpOnly, SameSite=Lax, Secure behind HTTPS. */
  private Cookie cookie(String name, String value, String path, int maxAgeSeconds) {
    Cookie c = new Cookie(name, value, path, maxAgeSeconds, secureCookies);
    c.setHttpOnly(true);
    c.setSameSite(SameSite.LAX);
    return c;
  }
}
