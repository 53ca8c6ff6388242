package dev.hush;

import dev.hush.core.SecretBox;
import dev.hush.insights.HourBands;
import dev.hush.notify.AllowedTargets;
import dev.hush.notify.NotifyService;
import dev.hush.people.PeopleService;
import dev.hush.people.SignInLimits;
import dev.hush.people.oidc.OidcSettings;
import java.nio.file.Path;

/**
 * Everything Hush is configured with, read once at start-up from the command line and
 * environment.
 *
 * @param databaseUrl      jdbc:sqlite:FILE (default, one node) or jdbc:postgresql://… (several nodes)
 * @param databaseSchema   PostgreSQL schema to use (null = the connection's default)
 * @param host             address to listen on
 * @param port             HTTP port (0 = any free port)
 * @param baseUrl          the URL people reach Hush at, for links in notifications
 * @param ingestRatePerServicePerMinute requests a minute one service's integration keys may send together (0 = no limit)
 * @param secureCookies    mark session cookies Secure; always so when {@code baseUrl} is https
 * @param nodeId           this node's name, for leases on shared work
 * @param delivery         where e-mail, SMS and voice calls go out
 * @param allowedTargets   networks and hosts that webhook, Slack, Teams and ntfy pages may reach
 *                         although they are not public (HUSH_ALLOWED_TARGETS)
 * @param secrets          the key stored credentials are sealed with (HUSH_SECRET_KEY or the key file)
 * @param oidc             single sign-on through an OpenID Connect provider ({@link OidcSettings#NONE}: off)
 * @param sessions         how long sign-ins last (HUSH_SESSION_IDLE_MINUTES sets the idle timeout)
 * @param signIn           sign-in throttles, password-check threads, trusted reverse proxies
 * @param hourBands        business, off and sleep hours, for interruptions and night pages
 */
public record HushConfig(String databaseUrl, String databaseSchema, String host, int port, String baseUrl,
    int ingestRatePerServicePerMinute, boolean secureCookies, String nodeId, NotifyService.Settings delivery,
    AllowedTargets allowedTargets, SecretBox secrets, OidcSettings oidc, PeopleService.SessionPolicy sessions,
    SignInLimits signIn, HourBands hourBands) {

  public HushConfig {
    if (allowedTargets == null || secrets == null || oidc == null || sessions == null || signIn == null || hourBands == null) {
      throw new IllegalArgumentException("allowed targets, the secret key, single sign-on, sessions, sign-in limits and hour bands are needed (NONE or DEFAULT values)");
    }
    // A cookie set over https without Secure would also be sent over plain http to the same host.
    secureCookies = secureCookies || isHttps(baseUrl);
  }

  /** Local SMTP on port 25 and no SMS or voice provider until one is configured. */
  public static final NotifyService.Settings DEFAULT_DELIVERY =
      new NotifyService.Settings("localhost", 25, "hush@localhost", "http://localhost:1", "+10000000000");

  /** Without single sign-on. */
  public HushConfig(String databaseUrl, String databaseSchema, String host, int port, String baseUrl, int ingestRatePerServicePerMinute,
      boolean secureCookies, String nodeId, NotifyService.Settings delivery, AllowedTargets allowedTargets, SecretBox secrets) {
    this(databaseUrl, databaseSchema, host, port, baseUrl, ingestRatePerServicePerMinute, secureCookies, nodeId, delivery, allowedTargets,
        secrets, OidcSettings.NONE, PeopleService.SessionPolicy.DEFAULT, SignInLimits.DEFAULT, HourBands.DEFAULT);
  }

  /** The same configuration with e-mail, SMS and voice going out through {@code delivery}. */
  public HushConfig withDelivery(NotifyService.Settings delivery) {
    return new HushConfig(databaseUrl, databaseSchema, host, port, baseUrl, ingestRatePerServicePerMinute, secureCookies, nodeId, delivery,
        allowedTargets, secrets, oidc, sessions, signIn, hourBands);
  }

  /** Whether people reach Hush over https (then cookies are Secure and browsers are told to stay on https). */
  public boolean https() {
    return isHttps(baseUrl);
  }

  private static boolean isHttps(String url) {
    return url != null && url.regionMatches(true, 0, "https://", 0, 8);
  }

  /** 50× PagerDuty's documented 120 events a minute per integration key, for all of a service's keys together. */
  public static final int DEFAULT_INGEST_RATE = 6_000;

  public static String sqliteUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("hush.db");
  }
}
