package dev.hush;

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
 */
public record HushConfig(String databaseUrl, String databaseSchema, String host, int port, String baseUrl,
    int ingestRatePerKeyPerMinute, boolean secureCookies, String nodeId) {

  /** 50× PagerDuty's documented 120 events a minute per key. */
  public static final int DEFAULT_INGEST_RATE = 6_000;

  public static String sqliteUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("hush.db");
  }
}
