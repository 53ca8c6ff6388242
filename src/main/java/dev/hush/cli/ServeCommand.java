package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.HushConfig;
import dev.hush.insights.HourBands;
import dev.hush.notify.NotifyService;
import dev.hush.people.PeopleService;
import dev.hush.people.SignInLimits;
import dev.hush.people.oidc.OidcSettings;
import dev.hush.web.WebServer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs Hush until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Hush server (migrates the store on start).")
class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin StoreOptions store;

  @Mixin TargetOptions targets;

  @Option(names = "--host", defaultValue = "${env:HUSH_HOST:-127.0.0.1}", description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "${env:HUSH_PORT:-8080}", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port)")
  int port;

  @Option(names = "--base-url", defaultValue = "${env:HUSH_BASE_URL}", description = "URL people reach Hush at; https marks cookies Secure (default: http://HOST:PORT)")
  String baseUrl;

  @Option(names = "--ingest-rate-limit", paramLabel = "PER_MINUTE", defaultValue = "${env:HUSH_INGEST_RATE_LIMIT:-" + HushConfig.DEFAULT_INGEST_RATE + "}",
      description = "requests a minute per service (all its integration keys together) before 429 (default: ${DEFAULT-VALUE}; 0 = no limit)")
  int ingestRateLimit;

  @Option(names = "--session-idle-minutes", paramLabel = "MINUTES", defaultValue = "${env:HUSH_SESSION_IDLE_MINUTES:-720}",
      description = "a session ends after this many minutes without a request (default: ${DEFAULT-VALUE}, 12 hours)")
  int sessionIdleMinutes;

  // Kept so existing command lines still start; an https --base-url is what marks cookies Secure now.
  @Option(names = "--secure-cookies", hidden = true, defaultValue = "${env:HUSH_SECURE_COOKIES:-false}",
      description = "mark session cookies Secure (implied by an https --base-url)")
  boolean secureCookies;

  @Option(names = "--trusted-proxy", split = ",", paramLabel = "IP", defaultValue = "${env:HUSH_TRUSTED_PROXIES}",
      description = "address of a reverse proxy whose X-Forwarded-For names the client, for the sign-in throttles (repeatable or comma-separated; default: none)")
  List<String> trustedProxies;

  @Option(names = "--smtp-host", defaultValue = "${env:HUSH_SMTP_HOST:-localhost}", description = "SMTP server for e-mail pages (default: ${DEFAULT-VALUE})")
  String smtpHost;

  @Option(names = "--smtp-port", defaultValue = "${env:HUSH_SMTP_PORT:-25}", description = "SMTP port (default: ${DEFAULT-VALUE})")
  int smtpPort;

  @Option(names = "--mail-from", defaultValue = "${env:HUSH_MAIL_FROM:-hush@localhost}", description = "sender address of e-mail pages")
  String mailFrom;

  @Option(names = "--sms-base-url", defaultValue = "${env:HUSH_SMS_BASE_URL:-https://api.twilio.com}",
      description = "base URL of a Twilio-compatible SMS and voice API (default: ${DEFAULT-VALUE})")
  String smsBaseUrl;

  @Option(names = "--sms-from", defaultValue = "${env:HUSH_SMS_FROM:-+10000000000}", description = "sender number of SMS pages and voice calls")
  String smsFrom;

  @Option(names = "--oidc-issuer", paramLabel = "URL", defaultValue = "${env:HUSH_OIDC_ISSUER}",
      description = "OpenID Connect issuer for single sign-on (env HUSH_OIDC_ISSUER; unset = off)")
  String oidcIssuer;

  @Option(names = "--oidc-client-id", defaultValue = "${env:HUSH_OIDC_CLIENT_ID}", description = "client id at the provider (env HUSH_OIDC_CLIENT_ID)")
  String oidcClientId;

  @Option(names = "--oidc-client-secret", defaultValue = "${env:HUSH_OIDC_CLIENT_SECRET}",
      description = "client secret (prefer env HUSH_OIDC_CLIENT_SECRET: options show in the process list)")
  String oidcClientSecret;

  @Option(names = "--oidc-name", defaultValue = "${env:HUSH_OIDC_NAME}", description = "provider name on the sign-in button (env HUSH_OIDC_NAME; default: the issuer's host)")
  String oidcName;

  @Option(names = "--oidc-scopes", defaultValue = "${env:HUSH_OIDC_SCOPES:-" + OidcSettings.DEFAULT_SCOPES + "}",
      description = "scopes to request (env HUSH_OIDC_SCOPES; default: ${DEFAULT-VALUE})")
  String oidcScopes;

  @Option(names = "--oidc-groups-claim", defaultValue = "${env:HUSH_OIDC_GROUPS_CLAIM:-" + OidcSettings.DEFAULT_GROUPS_CLAIM + "}",
      description = "claim listing a person's groups (env HUSH_OIDC_GROUPS_CLAIM; default: ${DEFAULT-VALUE})")
  String oidcGroupsClaim;

  @Option(names = "--oidc-group-roles", paramLabel = "GROUP=TEAM:ROLE,…", defaultValue = "${env:HUSH_OIDC_GROUP_ROLES}",
      description = "team roles (manager, responder, viewer) given by groups at every sign-in, e.g. sre-oncall=Payments:responder (env HUSH_OIDC_GROUP_ROLES)")
  String oidcGroupRoles;

  @Option(names = "--business-hours", paramLabel = "HH:MM-HH:MM", defaultValue = "${env:HUSH_BUSINESS_HOURS:-08:00-18:00}",
      description = "business hours in each person's zone, for interruption insights (default: ${DEFAULT-VALUE})")
  String businessHours;

  @Option(names = "--business-days", paramLabel = "DAYS", defaultValue = "${env:HUSH_BUSINESS_DAYS:-MON-FRI}",
      description = "business days, a range or a list (default: ${DEFAULT-VALUE})")
  String businessDays;

  @Option(names = "--sleep-hours", paramLabel = "HH:MM-HH:MM", defaultValue = "${env:HUSH_SLEEP_HOURS:-22:00-08:00}",
      description = "sleep hours in each person's zone; pages then count as night pages (default: ${DEFAULT-VALUE})")
  String sleepHours;

  @Option(names = "--admin-email", defaultValue = "admin@localhost", description = "email of the admin created on first start (default: ${DEFAULT-VALUE})")
  String adminEmail;

  @Override
  public Integer call() throws Exception {
    try (Hush hush = Hush.open(config(), Clock.systemUTC())) {
      beforeStart(hush);
      hush.people().createFirstAdminIfNone(adminEmail).ifPresent(password -> System.out.println(
          "First start: created admin " + adminEmail + " with one-time password " + password + " (change it under Settings)."));
      hush.startBackgroundWork();
      try (WebServer web = new WebServer(hush).start()) {
        LOG.atInfo().addKeyValue("url", "http://" + host + ":" + web.port()).addKeyValue("store", hush.db().dialect())
            .log("Hush is running");
        System.out.println("Hush is running at http://" + displayHost() + ":" + web.port() + "/");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
      }
    }
    return 0;
  }

  /** Hook for {@code demo}: runs after the store is ready, before the server starts. */
  void beforeStart(Hush hush) {}

  HushConfig config() {
    String base = baseUrl == null || baseUrl.isBlank() ? "http://" + displayHost() + ":" + port : baseUrl.replaceAll("/+$", "");
    String node;
    try {
      node = InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (java.net.UnknownHostException e) {
      node = "node-" + ProcessHandle.current().pid();
    }
    return new HushConfig(store.url(), store.databaseSchema, host, port, base, ingestRateLimit, secureCookies, node,
        new NotifyService.Settings(smtpHost, smtpPort, mailFrom, smsBaseUrl, smsFrom), targets.parsed(), store.secrets(),
        OidcSettings.parse(oidcIssuer, oidcClientId, oidcClientSecret, oidcName, oidcScopes, oidcGroupsClaim, oidcGroupRoles),
        PeopleService.SessionPolicy.DEFAULT.withIdle(Duration.ofMinutes(sessionIdleMinutes)),
        SignInLimits.DEFAULT.withTrustedProxies(trustedProxies == null ? Set.of()
            : trustedProxies.stream().map(String::strip).filter(p -> !p.isEmpty()).collect(Collectors.toSet())),
        HourBands.parse(businessHours, businessDays, sleepHours));
  }

  private String displayHost() {
    return "0.0.0.0".equals(host) ? "localhost" : host;
  }
}
