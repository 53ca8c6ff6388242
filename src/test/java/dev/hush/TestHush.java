package dev.hush;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Json;
import dev.hush.core.KeyFile;
import dev.hush.core.SecretBox;
import dev.hush.insights.HourBands;
import dev.hush.notify.AllowedTargets;
import dev.hush.notify.NotifyService;
import dev.hush.people.PeopleService;
import dev.hush.people.oidc.OidcSettings;
import dev.hush.people.SignInLimits;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import dev.hush.web.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A whole Hush for a test: a fresh store (a temporary SQLite file, or a PostgreSQL schema of
 * its own that is dropped afterwards), the web server on a free loopback port, an admin and
 * an API token. Its key file is made in its temporary folder, and the loopback receivers of the
 * tests are reachable because the test configuration allows {@link #LOOPBACK}, as an operator would.
 */
public final class TestHush implements AutoCloseable {
  public static final String PG_URL = System.getenv().getOrDefault("HUSH_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  public static final String ADMIN_EMAIL = "admin@test.local";
  public static final String ADMIN_PASSWORD = "correct-horse-battery";
  /** What tests allow pages to reach: the loopback receivers, and nothing else that is not public. */
  public static final AllowedTargets LOOPBACK = AllowedTargets.parse("127.0.0.1/32");

  private final StoreKind kind;
  private final Path dir;
  private final String schema;
  private final String url;
  private final Hush hush;
  private final WebServer web;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final User admin;
  private final String adminToken;
  private final long team;

  private TestHush(StoreKind kind, int rateLimit, boolean withAdmin) throws IOException {
    this(kind, rateLimit, withAdmin, HushConfig.DEFAULT_DELIVERY);
  }

  private TestHush(StoreKind kind, int rateLimit, boolean withAdmin, NotifyService.Settings delivery) throws IOException {
    this(kind, rateLimit, withAdmin, delivery, null, LOOPBACK);
  }

  /** {@code clock} null: the system clock and the job engine running; else that clock and no job engine (the test drives it). */
  private TestHush(StoreKind kind, int rateLimit, boolean withAdmin, NotifyService.Settings delivery, Clock clock, AllowedTargets allowed)
      throws IOException {
    this(kind, rateLimit, withAdmin, delivery, clock, allowed, OidcSettings.NONE, SignInLimits.DEFAULT);
  }

  private TestHush(StoreKind kind, int rateLimit, boolean withAdmin, NotifyService.Settings delivery, Clock clock, AllowedTargets allowed,
      OidcSettings oidc, SignInLimits signIn)
      throws IOException {
    this.kind = kind;
    this.dir = Files.createTempDirectory("hush-test");
    this.schema = kind == StoreKind.POSTGRESQL ? "hush_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : null;
    this.url = kind == StoreKind.POSTGRESQL ? PG_URL : HushConfig.sqliteUrl(dir);
    int port = freePort();
    Hush opened = Hush.open(new HushConfig(url, schema, "127.0.0.1", port, "http://127.0.0.1:" + port, rateLimit, false, "test", delivery,
        allowed, KeyFile.readOrCreate(dir.resolve(KeyFile.NAME)), oidc, PeopleService.SessionPolicy.DEFAULT, signIn, HourBands.DEFAULT), clock == null ? Clock.systemUTC() : clock);
    this.hush = clock == null ? opened.startBackgroundWork() : opened;
    this.web = new WebServer(hush).start();
    this.admin = withAdmin ? hush.people().createUser(ADMIN_EMAIL, "Ada Admin", ADMIN_PASSWORD, true, "Europe/Berlin", null) : null;
    this.adminToken = withAdmin ? hush.people().createApiToken(admin.id(), "test", false, null).secret() : null;
    this.team = withAdmin ? hush.people().createTeam("Test team", admin.id()).id() : 0;
    if (withAdmin) {
      hush.people().addMember(team, admin.id(), TeamRole.MANAGER, admin.id());
    }
  }

  public static TestHush start(StoreKind kind) {
    return start(kind, 0);
  }

  /** {@code rateLimitPerKeyPerMinute} 0 = no limit. */
  public static TestHush start(StoreKind kind, int rateLimitPerKeyPerMinute) {
    try {
      return new TestHush(kind, rateLimitPerKeyPerMinute, true);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Hush whose e-mail and SMS go to the given servers (GreenMail, a loopback receiver). */
  public static TestHush startWithDelivery(StoreKind kind, NotifyService.Settings delivery) {
    try {
      return new TestHush(kind, 0, true, delivery);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Hush on a clock the test moves, with the job engine stopped so the test runs the jobs itself. */
  public static TestHush startWithClock(StoreKind kind, Clock clock) {
    try {
      return new TestHush(kind, 0, true, HushConfig.DEFAULT_DELIVERY, clock, LOOPBACK);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Hush on a clock the test moves whose e-mail goes to the given server, with the job engine stopped. */
  public static TestHush startWithClockAndDelivery(StoreKind kind, Clock clock, NotifyService.Settings delivery) {
    try {
      return new TestHush(kind, 0, true, delivery, clock, LOOPBACK);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Hush whose operator allows pages to reach only these non-public targets ({@link AllowedTargets#NONE}: public addresses only). */
  public static TestHush startWithAllowedTargets(StoreKind kind, AllowedTargets allowed) {
    try {
      return new TestHush(kind, 0, true, HushConfig.DEFAULT_DELIVERY, null, allowed);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Hush that offers single sign-on with the given provider. */
  public static TestHush startWithOidc(StoreKind kind, OidcSettings oidc) {
    try {
      return new TestHush(kind, 0, true, HushConfig.DEFAULT_DELIVERY, null, LOOPBACK, oidc, SignInLimits.DEFAULT);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Hush with these sign-in throttles; {@code clock} null: the system clock and the job engine running. */
  public static TestHush startWithSignInLimits(StoreKind kind, Clock clock, SignInLimits signIn) {
    try {
      return new TestHush(kind, 0, true, HushConfig.DEFAULT_DELIVERY, clock, LOOPBACK, OidcSettings.NONE, signIn);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A Hush with no users at all, as on its very first start. */
  public static TestHush startEmpty(StoreKind kind) {
    try {
      return new TestHush(kind, 0, false);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Hush hush() {
    return hush;
  }

  /**
   * Another Hush on this one's store, with its job engine running: a second node (PostgreSQL), or
   * the same file opened again as after a restart (SQLite). It remembers nothing but what the store
   * holds. The caller closes it.
   */
  public Hush anotherNode() {
    return Hush.open(new HushConfig(url, schema, "127.0.0.1", 0, hush.config().baseUrl(), 0, false, "test-node-2", hush.config().delivery(),
        hush.config().allowedTargets(), hush.config().secrets()), Clock.systemUTC()).startBackgroundWork();
  }

  /**
   * This Hush's store opened again on {@code clock}, as after a restart, with its job engine stopped
   * so the test runs the due jobs itself ({@link Hush#runDueJobs}). The caller closes it.
   */
  public Hush reopened(Clock clock) {
    return Hush.open(new HushConfig(url, schema, "127.0.0.1", 0, hush.config().baseUrl(), 0, false, "test-restarted", hush.config().delivery(),
        hush.config().allowedTargets(), hush.config().secrets()), clock);
  }

  /** The folder holding this Hush's SQLite file (on SQLite) and its key file. */
  public Path dataDir() {
    return dir;
  }

  /** A configuration for a Hush of a test's own: tests' allow-list and a fresh key. */
  public static HushConfig config(String url, String schema, String baseUrl, NotifyService.Settings delivery) {
    return new HushConfig(url, schema, "127.0.0.1", 0, baseUrl, 0, false, "test", delivery, LOOPBACK, SecretBox.fromBase64(SecretBox.newKey()));
  }

  public StoreKind kind() {
    return kind;
  }

  public User admin() {
    return admin;
  }

  public String adminToken() {
    return adminToken;
  }

  /** The team the admin manages, which owns what the tests create. */
  public long team() {
    return team;
  }

  /** A fresh API token of the person, with all their roles. */
  public String tokenOf(User u) {
    return hush.people().createApiToken(u.id(), "test", false, null).secret();
  }

  /** Sends a PagerDuty trigger with the integration key and returns the incident it opened (or folded into). */
  public long trigger(String key, String dedupKey, String summary) {
    HttpResponse<String> r = postJson("/v2/enqueue", "{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"dedup_key\":\""
        + dedupKey + "\",\"payload\":{\"summary\":\"" + summary + "\",\"source\":\"test\",\"severity\":\"critical\"}}");
    if (r.statusCode() != 202) {
      throw new AssertionError("trigger refused: " + r.statusCode() + " " + r.body());
    }
    return incidents().getFirst().id();
  }

  /** A person who responds for {@link #team()}: only the team's own people may be on its rotations and steps. */
  public User person(String email, String name, String password, boolean admin, String zone, Long actor) {
    User u = hush.people().createUser(email, name, password, admin, zone, actor);
    hush.people().addMember(team, u.id(), TeamRole.RESPONDER, actor);
    return u;
  }

  /** Every route the server registered, with the access it declared. */
  public java.util.List<dev.hush.web.DeclaredRoute> routes() {
    return web.routes();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + web.port();
  }

  /** A service with a fresh integration key; returns the key. */
  public String serviceWithKey(String name) {
    long id = hush.services().create(name, "", team, null, false).id();
    return hush.services().createKey(id, "test").secret();
  }

  /** Every incident, newest first (up to 500). */
  public java.util.List<dev.hush.incidents.Incident> incidents() {
    return hush.incidents().list(new dev.hush.incidents.IncidentFilter(java.util.Set.of(), null, null, null, 500, null));
  }

  /** Runs a COUNT query with one parameter {@code :v}, straight against the store. */
  public long count(String sql, String value) {
    return hush.db().<Long, RuntimeException>withHandle(h -> h.createQuery(sql).bind("v", value).mapTo(Long.class).one());
  }

  /** Reads one text column with one parameter {@code :v}, straight from the store. */
  public String text(String sql, String value) {
    return hush.db().<String, RuntimeException>withHandle(h -> h.createQuery(sql).bind("v", value).mapTo(String.class).one());
  }

  public HttpResponse<String> post(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> postJson(String path, String json) {
    return post(path, "application/json", json);
  }

  /** An API call as the admin, with the API token. */
  public HttpResponse<String> api(String method, String path, String json) {
    return apiAs(adminToken, method, path, json);
  }

  /** An API call with someone's API token. */
  public HttpResponse<String> apiAs(String token, String method, String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token);
    if (json == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    HttpResponse<String> r = send(b);
    if (path.startsWith("/api/") || path.startsWith("/v2/")) {
      // Every API call a test makes is also a check of the OpenAPI document against what the server really does.
      List<String> broken = ApiContract.violations(method, path, json, r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(null), r.body());
      if (!broken.isEmpty()) {
        throw new AssertionError("the exchange does not match /api/openapi.json:\n  " + String.join("\n  ", broken)
            + "\nresponse body: " + r.body());
      }
    }
    return r;
  }

  public JsonNode apiJson(String method, String path, String json) {
    HttpResponse<String> r = api(method, path, json);
    if (r.statusCode() >= 300) {
      throw new AssertionError(method + " " + path + " → " + r.statusCode() + " " + r.body());
    }
    return Json.parse(r.body());
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    web.close();
    hush.close();
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
      } catch (SQLException e) {
        throw new IllegalStateException("could not drop test schema " + schema, e);
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
