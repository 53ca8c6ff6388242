package dev.hush.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hush.Hush;
import dev.hush.HushConfig;
import dev.hush.StoreKind;
import dev.hush.TestHush;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every answer carries the security headers, errors and assets included; the pages need nothing the CSP refuses. */
class SecurityHeadersTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void everyResponseCarriesTheSecurityHeadersErrorsAndAssetsIncluded() throws Exception {
    try (TestHush t = TestHush.start(StoreKind.SQLITE)) {
      String key = t.serviceWithKey("checkout");
      assertHardened(t.send(get(t, "/login")), 200);
      assertHardened(t.send(get(t, "/incidents")), 302);
      assertHardened(t.send(get(t, "/static/hush.js")), 200);
      assertHardened(t.send(get(t, "/static/htmx.min.js")), 200);
      HttpResponse<String> css = t.send(get(t, "/static/hush.css"));
      assertHardened(css, 200);
      assertHardened(t.send(get(t, "/static/hush.css").header("If-None-Match", css.headers().firstValue("ETag").orElseThrow())), 304);
      assertHardened(t.send(get(t, "/no/such/page").header("Accept", "text/html").header("Authorization", "Bearer " + t.adminToken())), 404);
      assertHardened(t.api("GET", "/api/v1/no-such-thing", null), 404);
      assertHardened(t.send(get(t, "/api/v1/incidents")), 401);
      assertHardened(t.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/v2/enqueue")).method("DELETE", HttpRequest.BodyPublishers.noBody())),
          404, 405);
      assertHardened(t.postJson("/v2/enqueue", "{\"routing_key\":\"" + key + "\",\"event_action\":\"explode\"}"), 400);
      assertHardened(t.postJson("/api/v1/integrations/alertmanager/" + key, "{"), 400);
      assertHardened(t.api("GET", "/api/v1/incidents/999999", null), 404);
      assertHardened(t.api("GET", "/api/v1/incidents", null), 200);
      assertHardened(t.send(get(t, "/healthz")), 200);

      t.hush().db().close();
      HttpResponse<String> broken = t.api("GET", "/api/v1/incidents", null);
      assertHardened(broken, 500);
    }
  }

  @Test
  void anHttpsBaseUrlMarksCookiesSecureAndAsksBrowsersToStayOnHttps(@TempDir Path dir) throws Exception {
    HushConfig config = TestHush.config(HushConfig.sqliteUrl(dir), null, "https://hush.example.org", HushConfig.DEFAULT_DELIVERY);
    assertThat(config.secureCookies()).as("derived from the base URL, no flag needed").isTrue();
    assertThat(TestHush.config(HushConfig.sqliteUrl(dir), null, "http://127.0.0.1:8080", HushConfig.DEFAULT_DELIVERY).secureCookies())
        .isFalse();
    try (Hush hush = Hush.open(config, Clock.systemUTC()); WebServer web = new WebServer(hush).start()) {
      HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/login")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).isEqualTo(200);
      List<String> cookies = login.headers().allValues("Set-Cookie");
      assertThat(cookies).isNotEmpty().allSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
      assertThat(login.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    }
  }

  @Test
  void plainHttpGetsNoHstsAndNoSecureCookies() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE)) {
      HttpResponse<String> login = t.send(get(t, "/login"));
      assertThat(login.headers().allValues("Set-Cookie")).isNotEmpty().noneSatisfy(c -> assertThat(c).containsIgnoringCase("secure"));
      assertThat(login.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
  }

  /** What script-src 'self' and style-src 'self' refuse: inline scripts, inline handlers, inline styles, javascript: URLs. */
  @Test
  void noTemplateHoldsAnythingTheContentSecurityPolicyRefuses() throws IOException {
    Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    Pattern handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    Pattern style = Pattern.compile("<style|\\sstyle\\s*=|javascript:|hx-on", Pattern.CASE_INSENSITIVE);
    try (Stream<Path> files = Files.walk(Path.of("src/main/jte"))) {
      List<Path> templates = files.filter(p -> p.toString().endsWith(".jte")).toList();
      assertThat(templates).isNotEmpty();
      for (Path p : templates) {
        String text = Files.readString(p);
        for (Pattern refused : List.of(inlineScript, handler, style)) {
          Matcher m = refused.matcher(text);
          assertThat(m.find()).as("%s holds %s", p, m.hitEnd() ? "" : text.substring(m.start(), Math.min(text.length(), m.start() + 40)))
              .isFalse();
        }
      }
    }
  }

  @Test
  void theErrorPageForBrowsersHasNoInlineScript() {
    try (TestHush t = TestHush.start(StoreKind.SQLITE)) {
      HttpResponse<String> page = t.send(get(t, "/no/such/page").header("Accept", "text/html").header("Authorization", "Bearer " + t.adminToken()));
      assertThat(page.statusCode()).isEqualTo(404);
      assertThat(page.body()).contains("<h1>404</h1>").doesNotContain("javascript:").doesNotContainPattern("\\son[a-z]+=");
    }
  }

  private static HttpRequest.Builder get(TestHush t, String path) {
    return HttpRequest.newBuilder(URI.create(t.baseUrl() + path));
  }

  private static void assertHardened(HttpResponse<String> r, int... status) {
    String what = r.request().method() + " " + r.uri().getPath() + " → " + r.statusCode();
    assertThat(r.statusCode()).as(what).isIn(java.util.Arrays.stream(status).boxed().toList());
    assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
    assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
    assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("same-origin");
    assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).hasValueSatisfying(csp -> assertThat(csp)
        .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval"));
  }
}
