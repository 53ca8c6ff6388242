package dev.hush.people.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import dev.hush.people.PeopleRoutes;
import dev.hush.people.PeopleService;
import dev.hush.people.Team;
import dev.hush.people.User;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Single sign-on against a real OpenID provider on loopback (mock-oauth2-server), driven over
 * HTTP the way a browser does it: Hush → the provider's authorize endpoint → Hush's callback.
 */
class OidcSignInTest {
  private static final String ISSUER_ID = "acme";
  private static final String CLIENT_ID = "hush-client";
  private static final String GROUP_ROLES = "sre-oncall=Payments:responder, sre-leads=Payments:manager, sre-oncall=Ghosts:viewer";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  /** A provider of each test's own, so that no answer queued by one test is given in another. */
  private MockOAuth2Server provider;

  @BeforeEach
  void startProvider() throws Exception {
    provider = new MockOAuth2Server();
    provider.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stopProvider() {
    provider.shutdown();
  }

  private OidcSettings settings() {
    return OidcSettings.parse(provider.issuerUrl(ISSUER_ID).toString(), CLIENT_ID, "hush-secret", "Acme SSO", null, null, GROUP_ROLES);
  }

  /** The provider's next ID token: this person, these claims (on top of iss, sub, aud, exp, nonce). */
  private void nextPerson(String subject, Map<String, Object> claims) {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", null, claims, 3600));
  }

  private static Map<String, Object> person(String email, boolean verified, String name, List<String> groups) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("email", email);
    claims.put("email_verified", verified);
    claims.put("name", name);
    claims.put("groups", groups);
    return claims;
  }

  private static HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A browser whose every redirect the test follows by hand, to look at or tamper with each hop. */
  private static HttpClient stepwiseBrowser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postForm(HttpClient browser, String url, String form) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String location(HttpResponse<String> response) {
    assertThat(response.statusCode()).as("a redirect: " + response.body()).isEqualTo(302);
    return response.headers().firstValue("Location").orElseThrow();
  }

  /** Starts a sign-in in a stepwise browser and lets the provider answer: returns the callback URL it sends the browser to. */
  private String callbackUrl(TestHush t, HttpClient browser) throws Exception {
    String authorize = location(get(browser, t.baseUrl() + "/login/oidc/start?next=%2Fservices"));
    assertThat(authorize).startsWith(provider.issuerUrl(ISSUER_ID).toString())
        .contains("code_challenge_method=S256").contains("code_challenge=").contains("nonce=").contains("state=")
        .contains("redirect_uri=" + URLEncoder.encode(t.baseUrl() + "/login/oidc/callback", StandardCharsets.UTF_8));
    String callback = location(get(browser, authorize));
    assertThat(callback).startsWith(t.baseUrl() + "/login/oidc/callback?").contains("code=");
    return callback;
  }

  private static Optional<Team.Member> membership(TestHush t, String team, long userId) {
    return t.hush().people().teams().stream().filter(x -> x.name().equals(team)).findFirst().orElseThrow()
        .members().stream().filter(m -> m.userId() == userId).findFirst();
  }

  private static String csrfOf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("page has a CSRF field").isTrue();
    return m.group(1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theFirstSignInCreatesThePersonAndGivesTheirGroupsTeamRoles(StoreKind store) throws Exception {
    try (TestHush t = TestHush.startWithOidc(store, settings())) {
      t.hush().people().createTeam("Payments", t.admin().id());
      HttpClient browser = browser();
      assertThat(get(browser, t.baseUrl() + "/login").body()).contains("Sign in with Acme SSO").contains("name=\"password\"");

      nextPerson("rita-sub", person("Rita@Acme.test", true, "Rita Responder", List.of("sre-oncall", "unrelated")));
      HttpResponse<String> landed = get(browser, t.baseUrl() + "/login/oidc/start?next=%2Fservices");

      assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
      assertThat(landed.uri().getPath()).as("back where the sign-in started").isEqualTo("/services");
      assertThat(landed.body()).contains("Rita Responder");
      User rita = t.hush().people().userByEmail("rita@acme.test").orElseThrow();
      assertThat(rita.admin()).isFalse();
      assertThat(t.count("SELECT COUNT(*) FROM users WHERE email = :v AND password_hash IS NULL", "rita@acme.test"))
          .as("created without a local password").isEqualTo(1);
      assertThat(membership(t, "Payments", rita.id())).map(Team.Member::role).hasValue(OidcSignIn.teamRole("responder"));
      assertThat(t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'session.create' AND after_json = :v", "{\"via\":\"oidc\"}")).isEqualTo(1);
      assertThat(t.count("SELECT COUNT(*) FROM oidc_logins WHERE next_path = :v", "/services")).as("the attempt is used up").isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theSecondSignInMatchesTheSamePersonAndUpdatesTheirRoles(StoreKind store) throws Exception {
    try (TestHush t = TestHush.startWithOidc(store, settings())) {
      t.hush().people().createTeam("Payments", t.admin().id());
      User sam = t.hush().people().createUser("sam@acme.test", "Sam Local", "a-local-password", false, "UTC", t.admin().id());
      HttpClient stepwise = stepwiseBrowser();

      nextPerson("sam-sub", person("sam@acme.test", true, "Sam from SSO", List.of("sre-oncall")));
      HttpResponse<String> first = get(stepwise, callbackUrl(t, stepwise));
      assertThat(location(first)).isEqualTo("/services");
      String session = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(PeopleRoutes.SESSION_COOKIE + "="))
          .findFirst().orElseThrow();
      assertThat(session).as("the same kind of cookie a password sign-in sets").containsIgnoringCase("HttpOnly")
          .containsIgnoringCase("SameSite=Lax").containsIgnoringCase("Path=/");
      assertThat(get(stepwise, t.baseUrl() + "/services").statusCode()).isEqualTo(200);
      assertThat(membership(t, "Payments", sam.id())).map(Team.Member::role).hasValue(OidcSignIn.teamRole("responder"));

      nextPerson("sam-sub", person("sam@acme.test", true, "Sam from SSO", List.of("sre-oncall", "sre-leads")));
      HttpClient otherBrowser = browser();
      HttpResponse<String> second = get(otherBrowser, t.baseUrl() + "/login/oidc/start");
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(second.uri().getPath()).isEqualTo("/incidents");

      assertThat(t.count("SELECT COUNT(*) FROM users WHERE email = :v", "sam@acme.test")).as("matched, not created again").isEqualTo(1);
      assertThat(t.hush().people().userByEmail("sam@acme.test")).map(User::id).hasValue(sam.id());
      assertThat(membership(t, "Payments", sam.id())).as("the highest role their groups give")
          .map(Team.Member::role).hasValue(OidcSignIn.teamRole("manager"));
      assertThat(t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'session.create' AND after_json = :v", "{\"via\":\"oidc\"}")).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anUnverifiedEmailIsRefused(StoreKind store) throws Exception {
    try (TestHush t = TestHush.startWithOidc(store, settings())) {
      HttpClient stepwise = stepwiseBrowser();
      nextPerson("eve-sub", person("eve@acme.test", false, "Eve", List.of("sre-leads")));
      HttpResponse<String> refused = get(stepwise, callbackUrl(t, stepwise));

      assertThat(refused.statusCode()).isEqualTo(403);
      JsonNode body = Json.parse(refused.body());
      assertThat(body.path("field").asText()).isEqualTo("email_verified");
      assertThat(body.path("detail").asText()).contains("has not verified the e-mail address eve@acme.test");
      assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(PeopleRoutes.SESSION_COOKIE + "=") && !c.contains("Max-Age=0"));
      assertThat(t.count("SELECT COUNT(*) FROM users WHERE email = :v", "eve@acme.test")).isZero();

      Map<String, Object> noFlag = person("mallory@acme.test", true, "Mallory", List.of());
      noFlag.remove("email_verified");
      nextPerson("mallory-sub", noFlag);
      HttpResponse<String> silent = get(stepwise, callbackUrl(t, stepwise));
      assertThat(silent.statusCode()).as("no email_verified claim is not a yes").isEqualTo(403);
      assertThat(t.count("SELECT COUNT(*) FROM users WHERE email = :v", "mallory@acme.test")).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aWrongStateIsRefused(StoreKind store) throws Exception {
    try (TestHush t = TestHush.startWithOidc(store, settings())) {
      HttpClient stepwise = stepwiseBrowser();
      String callback = callbackUrl(t, stepwise);

      // The provider's answer reaches another browser (a login CSRF, or a leaked URL): it holds no state cookie.
      HttpResponse<String> elsewhere = get(stepwiseBrowser(), callback);
      assertThat(elsewhere.statusCode()).isEqualTo(400);
      assertThat(Json.parse(elsewhere.body()).path("field").asText()).isEqualTo("state");

      // The state in the answer is not the one this browser started with.
      String forged = callback.replaceAll("state=[^&]+", "state=forged-state-value");
      HttpResponse<String> tampered = get(stepwise, forged);
      assertThat(tampered.statusCode()).isEqualTo(400);
      assertThat(Json.parse(tampered.body()).path("field").asText()).isEqualTo("state");
      assertThat(get(stepwise, t.baseUrl() + "/incidents").statusCode()).as("not signed in").isEqualTo(302);
      assertThat(t.hush().people().userByEmail("rita@acme.test")).isEmpty();

      // A state is used once: the real answer replayed with a restored cookie is refused too.
      nextPerson("rita-sub", person("rita@acme.test", true, "Rita", List.of()));
      HttpClient again = stepwiseBrowser();
      String fresh = callbackUrl(t, again);
      assertThat(get(again, fresh).statusCode()).isEqualTo(302);
      String state = fresh.replaceAll(".*[?&]state=([^&]+).*", "$1");
      HttpResponse<String> replayed = again.send(HttpRequest.newBuilder(URI.create(fresh))
          .header("Cookie", OidcRoutes.STATE_COOKIE + "=" + state).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(replayed.statusCode()).isEqualTo(400);
      assertThat(Json.parse(replayed.body()).path("detail").asText()).contains("used already");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anIdTokenWithTheWrongNonceIsRefused(StoreKind store) throws Exception {
    try (TestHush t = TestHush.startWithOidc(store, settings())) {
      HttpClient stepwise = stepwiseBrowser();
      // A token minted for another sign-in (replayed or injected) carries that sign-in's nonce.
      Map<String, Object> claims = person("rita@acme.test", true, "Rita", List.of());
      claims.put("nonce", "a-nonce-from-another-sign-in");
      nextPerson("rita-sub", claims);
      HttpResponse<String> refused = get(stepwise, callbackUrl(t, stepwise));

      assertThat(refused.statusCode()).isEqualTo(401);
      JsonNode body = Json.parse(refused.body());
      assertThat(body.path("field").asText()).isEqualTo("id_token");
      assertThat(body.path("detail").asText()).containsIgnoringCase("nonce");
      assertThat(t.hush().people().userByEmail("rita@acme.test")).isEmpty();
      assertThat(get(stepwise, t.baseUrl() + "/incidents").statusCode()).as("not signed in").isEqualTo(302);
    }
  }

  /** The rest of the ID token's checks: audience, issuer, times. Storage plays no part here. */
  @Test
  void anIdTokenForAnotherClientIssuerOrTimeIsRefused() throws Exception {
    try (TestHush t = TestHush.startWithOidc(StoreKind.SQLITE, settings())) {
      long inAnHour = System.currentTimeMillis() / 1000 + 3600;
      Map<String, Map<String, Object>> forgeries = Map.of(
          "audience", Map.of("aud", "another-client"),
          "issuer", Map.of("iss", "http://127.0.0.1:1/elsewhere"),
          "issued in the future", Map.of("iat", inAnHour, "nbf", inAnHour));
      for (var forgery : forgeries.entrySet()) {
        Map<String, Object> claims = person("rita@acme.test", true, "Rita", List.of());
        claims.putAll(forgery.getValue());
        nextPerson("rita-sub", claims);
        HttpClient stepwise = stepwiseBrowser();
        HttpResponse<String> refused = get(stepwise, callbackUrl(t, stepwise));
        assertThat(refused.statusCode()).as(forgery.getKey() + ": " + refused.body()).isEqualTo(401);
        assertThat(Json.parse(refused.body()).path("field").asText()).as(forgery.getKey()).isEqualTo("id_token");
      }
      assertThat(t.hush().people().userByEmail("rita@acme.test")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void withLocalPasswordsOffPasswordSignInIsRefusedButAnAdminKeepsABreakGlass(StoreKind store) throws Exception {
    try (TestHush t = TestHush.startWithOidc(store, settings())) {
      t.hush().people().createUser("sam@acme.test", "Sam", "a-local-password", false, "UTC", t.admin().id());
      String samToken = t.hush().people().createApiToken(t.hush().people().userByEmail("sam@acme.test").orElseThrow().id(), "sam", false, null).secret();
      HttpResponse<String> notAdmin = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v1/sign-in"))
          .header("Authorization", "Bearer " + samToken).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"local_passwords\":false}")));
      assertThat(notAdmin.statusCode()).isEqualTo(403);

      JsonNode off = t.apiJson("PUT", "/api/v1/sign-in", "{\"local_passwords\":false}");
      assertThat(off.path("local_passwords").asBoolean()).isFalse();
      assertThat(off.path("redirect_uri").asText()).isEqualTo(t.baseUrl() + "/login/oidc/callback");
      assertThat(t.hush().people().localPasswordsAllowed()).isFalse();

      HttpClient browser = browser();
      String page = get(browser, t.baseUrl() + "/login").body();
      assertThat(page).contains("Sign in with Acme SSO").doesNotContain("type=\"password\"").contains("Admins: sign in with a password");
      String csrf = csrfOf(get(browser, t.baseUrl() + "/login?local=1").body());
      HttpResponse<String> refused = postForm(browser, t.baseUrl() + "/login",
          "_csrf=" + csrf + "&email=" + enc("sam@acme.test") + "&password=" + enc("a-local-password"));
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains(PeopleService.LOCAL_PASSWORDS_OFF.substring(0, 40));
      HttpResponse<String> wrong = postForm(browser, t.baseUrl() + "/login",
          "_csrf=" + csrfOf(refused.body()) + "&email=" + enc("sam@acme.test") + "&password=" + enc("not-the-password"));
      assertThat(wrong.body()).as("a wrong password reads the same: no oracle")
          .contains(PeopleService.LOCAL_PASSWORDS_OFF.substring(0, 40));

      // Break-glass: the provider may be down, and an org admin's password still works (and is audited as such).
      HttpClient adminBrowser = stepwiseBrowser();
      String adminCsrf = csrfOf(get(adminBrowser, t.baseUrl() + "/login?local=1").body());
      HttpResponse<String> breakGlass = postForm(adminBrowser, t.baseUrl() + "/login",
          "_csrf=" + adminCsrf + "&email=" + enc(TestHush.ADMIN_EMAIL) + "&password=" + enc(TestHush.ADMIN_PASSWORD));
      assertThat(location(breakGlass)).isEqualTo("/incidents");
      assertThat(t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'session.create' AND after_json = :v", "{\"via\":\"password, break-glass\"}"))
          .isEqualTo(1);

      // Single sign-on still works for everyone.
      nextPerson("sam-sub", person("sam@acme.test", true, "Sam", List.of()));
      assertThat(get(browser(), t.baseUrl() + "/login/oidc/start").statusCode()).isEqualTo(200);

      // The admin page turns them back on.
      HttpResponse<String> settingsPage = get(adminBrowser, t.baseUrl() + "/admin/sign-in");
      assertThat(settingsPage.body()).contains(t.baseUrl() + "/login/oidc/callback").contains("Turn local passwords back on")
          .contains("no such team");
      HttpResponse<String> on = postForm(adminBrowser, t.baseUrl() + "/admin/sign-in", "_csrf=" + csrfOf(settingsPage.body()) + "&local_passwords=on");
      assertThat(location(on)).isEqualTo("/admin/sign-in?saved=1");
      assertThat(t.hush().people().localPasswordsAllowed()).isTrue();
      HttpClient samBrowser = stepwiseBrowser();
      String samCsrf = csrfOf(get(samBrowser, t.baseUrl() + "/login").body());
      assertThat(postForm(samBrowser, t.baseUrl() + "/login",
          "_csrf=" + samCsrf + "&email=" + enc("sam@acme.test") + "&password=" + enc("a-local-password")).statusCode()).isEqualTo(302);
    }
  }

  @Test
  void localPasswordsStayOnUnlessSingleSignOnWorks() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE)) {
      HttpResponse<String> noSso = t.api("PUT", "/api/v1/sign-in", "{\"local_passwords\":false}");
      assertThat(noSso.statusCode()).isEqualTo(400);
      assertThat(Json.parse(noSso.body()).path("field").asText()).isEqualTo("local_passwords");
      assertThat(t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/login/oidc/start"))).statusCode()).isEqualTo(404);
    }
    OidcSettings unreachable = OidcSettings.parse("http://127.0.0.1:1/nobody", CLIENT_ID, "hush-secret", null, null, null, null);
    try (TestHush t = TestHush.startWithOidc(StoreKind.SQLITE, unreachable)) {
      HttpResponse<String> down = t.api("PUT", "/api/v1/sign-in", "{\"local_passwords\":false}");
      assertThat(down.statusCode()).isEqualTo(409);
      assertThat(Json.parse(down.body()).path("detail").asText()).contains("does not work right now");
      assertThat(t.hush().people().localPasswordsAllowed()).isTrue();
      HttpResponse<String> start = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/login/oidc/start")));
      assertThat(start.statusCode()).as("Hush runs while the provider is down, and says so").isEqualTo(503);
      assertThat(Json.parse(start.body()).path("detail").asText()).contains("cannot be reached");
    }
  }
}
