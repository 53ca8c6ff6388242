package dev.hush.web;

import dev.hush.Hush;
import dev.hush.actions.ActionRoutes;
import dev.hush.alerts.AlertRoutes;
import dev.hush.core.ApiDocument;
import dev.hush.core.Json;
import dev.hush.incidents.FirstRun;
import dev.hush.incidents.IncidentFilter;
import dev.hush.incidents.IncidentRoutes;
import dev.hush.insights.InsightsRoutes;
import dev.hush.oncall.OncallRoutes;
import dev.hush.notify.NotifyRoutes;
import dev.hush.escalation.EscalationRoutes;
import dev.hush.escalation.IncidentResponseRoutes;
import dev.hush.insights.PersonInsightsRoutes;
import dev.hush.people.Access;
import dev.hush.people.AuditRoutes;
import dev.hush.people.PeopleRoutes;
import dev.hush.people.Principal;
import dev.hush.services.IntegrationKey;
import dev.hush.people.oidc.OidcRoutes;
import dev.hush.review.ReviewRoutes;
import dev.hush.services.Service;
import dev.hush.services.ServiceRoutes;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/** The Javalin app: static assets, auth, error mapping, operations endpoints, and each feature's routes. */
public final class WebServer implements AutoCloseable {
  /** Connections the kernel may hold before they are accepted (it caps this at net.core.somaxconn). */
  private static final int ACCEPT_QUEUE = 1024;

  private final Javalin app;

  public WebServer(Hush hush) {
    AccessCheck access = new AccessCheck(hush.people());
    SecurityHeaders headers = new SecurityHeaders(hush.config().https());
    this.app = Javalin.create(c -> {
      c.concurrency.useVirtualThreads = true;
      c.startup.showJavalinBanner = false;
      c.jsonMapper(new JavalinJackson(Json.MAPPER, true));
      c.http.maxRequestSize = 16L * 1024 * 1024;
      // Responses are small JSON or HTML; compressing them costs more CPU on ingest than it saves.
      c.http.compressionStrategy = CompressionStrategy.NONE;
      c.jetty.host = hush.config().host();
      c.jetty.port = hush.config().port();
      // Java's default backlog of 50 drops the SYNs of a larger burst of new connections (a hundred
      // monitors, or a hundred sign-ins at once), which then wait for the client's retransmission,
      // a second or more; take them all, and let each request be answered or refused at once.
      c.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
        @Override
        public void lifeCycleStarting(LifeCycle event) {
          for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector sc) {
              sc.setAcceptQueueSize(ACCEPT_QUEUE);
            }
          }
        }
      }));
      RequestLog requests = new RequestLog(c.unsafe);
      c.requestLogger.http(requests::log);
      ErrorMapping.register(c.routes, requests);
      // First, so that answers cut short (a refused sign-in, a 404) carry them too.
      c.routes.before(headers::apply);
      c.routes.beforeMatched(access::handle);
      c.routes.before(WebServer::refuseNul);
      c.routes.after(WebServer::noRedirectIntoFragments);
      StaticAssets.register(c.routes);
      c.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")), Access.ANYONE);
      c.routes.get("/readyz", ctx -> {
        boolean db = hush.db().isReachable();
        boolean writer = hush.ingest().writerAlive();
        // same as hush.readyz(), with the parts named for the operator
        ctx.status(db && writer ? 200 : 503).json(Map.of("status", db && writer ? "ready" : "not ready",
            "database", db ? "ok" : "unreachable", "ingest_writer", writer ? "running" : "stopped"));
      }, Access.ANYONE);
      // The API's OpenAPI 3.1 description: for anyone who may call the API, with the same token.
      c.routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(ApiDocument.text()), Access.SIGNED_IN);
      c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(hush.metrics().scrape()),
          Access.ANYONE);
      new AlertRoutes(hush.ingest(), hush.incidents(), hush.clock()).register(c.routes);
      new PeopleRoutes(hush.people(), hush.config().secureCookies()).withSingleSignOn(hush.oidc().providerName()).register(c.routes);
      new OidcRoutes(hush.oidc(), hush.people(), hush.config().secureCookies()).register(c.routes);
      new ThemeRoutes(hush.config().secureCookies()).register(c.routes);
      new AuditRoutes(hush.people()).register(c.routes);
      new ServiceRoutes(hush.services(), hush.people(), hush.config().baseUrl())
          .withPagingCheck(hush.escalation()::unpaged).register(c.routes);
      IncidentRoutes incidentPages = new IncidentRoutes(hush.incidents(), p -> firstRun(hush, p), hush.clock())
          .withLatestPage(hush.personInsights()::latestPageOf);
      incidentPages.register(c.routes);
      new IncidentResponseRoutes(hush.incidentResponse(), hush.incidents(), incidentPages).register(c.routes);
      new OncallRoutes(hush.oncall(), hush.people(), hush.config().baseUrl(), hush.clock())
          .withUnpagedServices(p -> {
            List<Service> visible = hush.services().all(p::sees);
            Set<Long> unpaged = hush.escalation().unpaged(visible);
            return visible.stream().filter(s -> unpaged.contains(s.id())).map(Service::name).toList();
          }).register(c.routes);
      new NotifyRoutes(hush.notifications(), hush.incidents(), hush.people(), hush.clock()).register(c.routes);
      new EscalationRoutes(hush.escalation(), hush.services()).register(c.routes);
      new PersonInsightsRoutes(hush.personInsights(), hush.people()).register(c.routes);
      new ActionRoutes(hush.actions(), hush.incidents(), hush.people()).register(c.routes);
      new ReviewRoutes(hush.reviews(), hush.people(), hush.services(), hush.actions(), hush.clock()).register(c.routes);
      new InsightsRoutes(hush.insights(), hush.people()).register(c.routes);
      new dev.hush.anomalies.AnomalyRoutes(hush.anomalies(), hush.reviews()).register(c.routes);
      new dev.hush.anomalies.RuleReplayRoutes(hush.ruleReplay(), hush.reviews()).register(c.routes);
      new dev.hush.anomalies.PrometheusRoutes(hush.anomalies().prometheus(), hush.services(), hush.people()).register(c.routes);
    });
    AccessCheck.requireDeclared(app);
  }

  /** Every route with the access it declared. */
  public List<DeclaredRoute> routes() {
    return AccessCheck.routes(app);
  }

  /**
   * An htmx request must never follow a redirect: the browser would fetch the full page it points
   * to and htmx would swap that page into the fragment's slot. A redirect answering one becomes
   * {@code HX-Redirect}, which htmx turns into a whole-page navigation.
   */
  static void noRedirectIntoFragments(io.javalin.http.Context ctx) {
    int status = ctx.statusCode();
    if (ctx.header("HX-Request") == null || status < 300 || status >= 400) {
      return;
    }
    String location = ctx.res().getHeader("Location");
    ctx.res().setHeader("Location", null);
    ctx.status(200);
    ctx.result("");
    if (location != null) {
      ctx.header("HX-Redirect", location);
    }
  }

  /** The first-run checklist's steps, each read from the feature that owns it, as the person sees them. */
  private static FirstRun firstRun(Hush hush, Principal p) {
    boolean key = hush.services().all(p::sees).stream().anyMatch(s -> hush.services().keys(s.id()).stream().anyMatch(IntegrationKey::active));
    boolean rotation = !hush.oncall().rotations(p::sees).isEmpty();
    boolean contact = !hush.notifications().contactMethods(p.userId()).isEmpty();
    boolean alert = !hush.incidents().list(new IncidentFilter(Set.of(), null, null, null, 1, null), p::sees).isEmpty();
    return new FirstRun(key, rotation, contact, alert);
  }

  /**
   * PostgreSQL cannot store NUL in text, so no request may bring one in, whatever the store.
   * Ingest bodies are checked field by field (with the field named) by the alerts feature.
   */
  private static void refuseNul(io.javalin.http.Context ctx) {
    if (ctx.method() == io.javalin.http.HandlerType.GET || AlertRoutes.publicPrefixes().stream().anyMatch(ctx.path()::startsWith)) {
      return;
    }
    String body = ctx.body();
    if (body.indexOf('\0') >= 0 || body.contains("\\u0000") || body.contains("%00")) {
      throw new dev.hush.core.Problem(400, "invalid_request", "body", "text must not contain NUL characters");
    }
  }

  public WebServer start() {
    app.start();
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
