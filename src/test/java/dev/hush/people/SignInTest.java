package dev.hush.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.StoreKind;
import dev.hush.TestHush;
import dev.hush.core.Json;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignInTest {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private static String csrfOf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("page has a CSRF field").isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> get(HttpClient c, String url) throws Exception {
    return c.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postForm(HttpClient c, String url, String form) throws Exception {
    return c.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void signInSetsAHardenedSessionCookieAndFormsNeedTheCsrfToken(StoreKind store) throws Exception {
    try (TestHush t = TestHush.start(store)) {
      HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
      HttpResponse<String> anonymous = get(browser, t.baseUrl() + "/incidents");
      assertThat(anonymous.statusCode()).isEqualTo(302);
      assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).startsWith("/login"));

      String loginCsrf = csrfOf(get(browser, t.baseUrl() + "/login").body());
      HttpResponse<String> wrong = postForm(browser, t.baseUrl() + "/login",
          "_csrf=" + loginCsrf + "&email=" + enc(TestHush.ADMIN_EMAIL) + "&password=nope-nope-nope");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).contains("wrong email or password");

      loginCsrf = csrfOf(wrong.body());
      HttpResponse<String> ok = postForm(browser, t.baseUrl() + "/login",
          "_csrf=" + loginCsrf + "&next=%2Fservices&email=" + enc(TestHush.ADMIN_EMAIL) + "&password=" + enc(TestHush.ADMIN_PASSWORD));
      assertThat(ok.statusCode()).isEqualTo(302);
      assertThat(ok.headers().firstValue("Location")).hasValue("/services");
      String setCookie = ok.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("hush_session=")).findFirst().orElseThrow();
      assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");

      HttpResponse<String> services = get(browser, t.baseUrl() + "/services");
      assertThat(services.statusCode()).isEqualTo(200);
      String csrf = csrfOf(services.body());

      HttpResponse<String> forged = postForm(browser, t.baseUrl() + "/services", "name=evil");
      assertThat(forged.statusCode()).isEqualTo(403);
      assertThat(Json.parse(forged.body()).path("field").asText()).isEqualTo("_csrf");
      assertThat(t.hush().services().byName("evil")).isEmpty();

      HttpResponse<String> created = postForm(browser, t.baseUrl() + "/services", "_csrf=" + csrf + "&name=good&am_grouping=alert");
      assertThat(created.statusCode()).isEqualTo(302);
      assertThat(t.hush().services().byName("good")).isPresent();

      postForm(browser, t.baseUrl() + "/logout", "_csrf=" + csrf);
      assertThat(get(browser, t.baseUrl() + "/services").statusCode()).as("signed out").isEqualTo(302);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void apiTokensWorkForScriptsUntilRevokedAndOnlyTheirHashIsStored(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      var created = t.apiJson("POST", "/api/v1/tokens", "{\"name\":\"deploy\"}");
      String token = created.path("token").asText();
      assertThat(token).startsWith("hush_");
      HttpResponse<String> me = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v1/me")).header("Authorization", "Bearer " + token));
      assertThat(Json.parse(me.body()).path("email").asText()).isEqualTo(TestHush.ADMIN_EMAIL);
      assertThat(t.count("SELECT COUNT(*) FROM api_tokens WHERE token_hash = :v", token)).as("the secret itself is never stored").isZero();

      t.api("DELETE", "/api/v1/tokens/" + created.path("id").asLong(), null);
      HttpResponse<String> after = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v1/me")).header("Authorization", "Bearer " + token));
      assertThat(after.statusCode()).isEqualTo(401);
      assertThat(Json.parse(after.body()).path("error").asText()).isEqualTo("unauthorized");
      assertThat(t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v1/me"))).statusCode()).isEqualTo(401);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void passwordsAreStoredAsArgon2idAndTeamsHaveRoles(StoreKind store) {
    try (TestHush t = TestHush.start(store)) {
      String hash = t.text("SELECT password_hash FROM users WHERE email = :v", TestHush.ADMIN_EMAIL);
      assertThat(hash).startsWith("$argon2id$").doesNotContain(TestHush.ADMIN_PASSWORD);

      var user = t.apiJson("POST", "/api/v1/users", "{\"email\":\"sam@x.io\",\"name\":\"Sam\",\"password\":\"long-enough-pw\",\"time_zone\":\"America/New_York\"}");
      var team = t.apiJson("POST", "/api/v1/teams", "{\"name\":\"Payments\"}");
      var withMember = t.apiJson("POST", "/api/v1/teams/" + team.path("id").asLong() + "/members",
          "{\"user_id\":" + user.path("id").asLong() + ",\"role\":\"viewer\"}");
      assertThat(withMember.path("members").get(0).path("role").asText()).isEqualTo("viewer");
      assertThat(Json.parse(t.api("POST", "/api/v1/users", "{\"email\":\"x@x.io\",\"name\":\"X\",\"password\":\"short\"}").body())
          .path("field").asText()).isEqualTo("password");
      assertThat(Json.parse(t.api("POST", "/api/v1/users", "{\"email\":\"y@x.io\",\"name\":\"Y\",\"password\":\"long-enough-pw\",\"time_zone\":\"Mars/Olympus\"}").body())
          .path("field").asText()).isEqualTo("time_zone");

      String samToken = t.hush().people().createApiToken(user.path("id").asLong(), "sam", false, null).secret();
      HttpResponse<String> notAdmin = t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/api/v1/teams"))
          .header("Authorization", "Bearer " + samToken).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Sneaky\"}")));
      assertThat(notAdmin.statusCode()).isEqualTo(403);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theFirstStartsOneTimePasswordMustBeReplacedBeforeAnythingElse(StoreKind store) throws Exception {
    try (TestHush t = TestHush.startEmpty(store)) {
      String oneTime = t.hush().people().createFirstAdminIfNone("admin@localhost").orElseThrow();
      assertThat(t.hush().people().createFirstAdminIfNone("admin@localhost")).as("only on the very first start").isEmpty();
      HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
      String loginCsrf = csrfOf(get(browser, t.baseUrl() + "/login").body());
      postForm(browser, t.baseUrl() + "/login", "_csrf=" + loginCsrf + "&email=admin%40localhost&password=" + enc(oneTime));
      HttpResponse<String> incidents = get(browser, t.baseUrl() + "/incidents");
      assertThat(incidents.statusCode()).isEqualTo(302);
      assertThat(incidents.headers().firstValue("Location")).hasValue("/settings?must=password");
      HttpResponse<String> settings = get(browser, t.baseUrl() + "/settings?must=password");
      assertThat(settings.body()).contains("one-time password");
      postForm(browser, t.baseUrl() + "/settings/password", "_csrf=" + csrfOf(settings.body()) + "&current_password=" + enc(oneTime)
          + "&password=" + enc("my-own-long-password"));
      assertThat(get(browser, t.baseUrl() + "/incidents").statusCode()).isEqualTo(200);
      assertThat(t.hush().people().userByEmail("admin@localhost").orElseThrow().mustChangePassword()).isFalse();
    }
  }
}
