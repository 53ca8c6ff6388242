package dev.hush;

import dev.hush.notify.NotifyService;
import dev.hush.people.SignInLimits;
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
 * @param ingestRatePerKeyPerMinute requests a minute one integration key may send (0 = no limit)
 * @param secureCookies    mark session cookies Secure (set when served over HTTPS)
 * @param nodeId           this node's name, for leases on shared work
 * @param delivery         where e-mail, SMS and voice calls go out
 * @param signIn           sign-in throttles, password-check threads, trusted reverse proxies
 */
public record HushConfig(String databaseUrl, String databaseSchema, String host, int port, String baseUrl,
    int ingestRatePerKeyPerMinute, boolean secureCookies, String nodeId, NotifyService.Settings delivery, SignInLimits signIn) {

  public HushConfig(String databaseUrl, String databaseSchema, String host, int port, String baseUrl, int ingestRatePerKeyPerMinute,
      boolean secureCookies, String nodeId, NotifyService.Settings delivery) {
    this(databaseUrl, databaseSchema, host, port, baseUrl, ingestRatePerKeyPerMinute, secureCookies, nodeId, delivery, SignInLimits.DEFAULT);
  }

  /** Local SMTP on port 25 and no SMS or voice provider until one is configured. */
  public static final NotifyService.Settings DEFAULT_DELIVERY =
      new NotifyService.Settings("localhost", 25, "hush@localhost", "http://localhost:1", "+10000000000");

  public HushConfig(String databaseUrl, String databaseSchema, String host, int port, String baseUrl, int ingestRatePerKeyPerMinute,
      boolean secureCookies, String nodeId) {
    this(databaseUrl, databaseSchema, host, port, baseUrl, ingestRatePerKeyPerMinute, secureCookies, nodeId, DEFAULT_DELIVERY);
  }

  /** 50× PagerDuty's documented 120 events a minute per key. */
  public static final int DEFAULT_INGEST_RATE = 6_000;

  public static String sqliteUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("hush.db");
  }
}
