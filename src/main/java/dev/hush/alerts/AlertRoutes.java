package dev.hush.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Json;
import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import dev.hush.incidents.IncidentService;
import dev.hush.people.Access;
import dev.hush.services.ServiceCatalog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ingest endpoints, wire-compatible with the senders they imitate. Authentication is the
 * integration key; no session, no CSRF.
 */
public final class AlertRoutes {
  /** PagerDuty's own limit for one event. */
  static final int MAX_PD_BODY = 512 * 1024;
  /** An Alertmanager group can hold many alerts; its webhook carries them all in one request. */
  static final int MAX_AM_BODY = 8 * 1024 * 1024;

  public static final String PAGERDUTY = "/v2/enqueue";
  public static final String PAGERDUTY_CHANGE = "/v2/change/enqueue";
  public static final String ALERTMANAGER = "/api/v1/integrations/alertmanager/{key}";
  public static final String GENERIC = "/api/v2/generic/incoming";

  private final AlertIngest ingest;
  private final IncidentService incidents;
  private final Clock clock;

  public AlertRoutes(AlertIngest ingest, IncidentService incidents, Clock clock) {
    this.ingest = ingest;
    this.incidents = incidents;
    this.clock = clock;
  }

  /** The path prefixes that authenticate by integration key rather than by session. */
  public static List<String> publicPrefixes() {
    return List.of("/v2/", "/api/v1/integrations/", GENERIC);
  }

  public void register(RoutesConfig routes) {
    routes.post(PAGERDUTY, pagerDuty(this::pagerDutyEvent), Access.ANYONE);
    routes.post(PAGERDUTY_CHANGE, pagerDuty(this::pagerDutyChange), Access.ANYONE);
    routes.post(ALERTMANAGER, counted(this::alertmanager), Access.ANYONE);
    routes.post(GENERIC, counted(this::generic), Access.ANYONE);
    routes.post(GENERIC + "/{key}", counted(this::generic), Access.ANYONE);
    // The received events of an incident, as they arrived (behind sign-in, unlike the ingest paths).
    routes.get("/api/v1/incidents/{id}/events", ctx -> ctx.json(ingest.rawEvents(RequestParams.pathId(ctx, "id"), 1_000)),
        Access.viewer(Access.TeamOf.byPathId("id", incidents::teamOf)));
  }

  private void pagerDutyEvent(Context ctx) {
    JsonNode body = Json.parse(body(ctx, MAX_PD_BODY, true));
    ServiceCatalog.Route route = ingest.route(AlertIngest.pagerDutyRoutingKey(body), clientAddress(ctx));
    AlertIngest.Result r = ingest.pagerDuty(route, body);
    // Written by hand: this is the hottest response Hush sends.
    ctx.status(202).contentType("application/json")
        .result("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":" + Json.write(r.events().get(0).dedupKey()) + "}");
  }

  private void pagerDutyChange(Context ctx) {
    JsonNode body = Json.parse(body(ctx, MAX_PD_BODY, true));
    ServiceCatalog.Route route = ingest.route(AlertIngest.pagerDutyRoutingKey(body), clientAddress(ctx));
    ingest.pagerDutyChange(route, body, clock.millis());
    ctx.status(202).json(Map.of("status", "success", "message", "Change event processed"));
  }

  private void alertmanager(Context ctx) {
    String key = ctx.pathParam("key");
    ServiceCatalog.Route route = ingest.route(key, clientAddress(ctx));
    JsonNode body = Json.parse(body(ctx, MAX_AM_BODY, true));
    AlertIngest.Result r = ingest.alertmanager(route, key, body);
    ctx.status(200).json(Map.of("status", "success", "events", r.events().size(),
        "incidents_opened", r.events().stream().filter(AlertIngest.EventResult::opened).count()));
  }

  private void generic(Context ctx) {
    String key = ctx.pathParamMap().containsKey("key") ? ctx.pathParam("key") : ctx.queryParam("token");
    String auth = ctx.header("Authorization");
    if ((key == null || key.isEmpty()) && auth != null && auth.startsWith("Bearer ")) {
      key = auth.substring("Bearer ".length()).trim();
    }
    if (key == null || key.isEmpty()) {
      throw Problem.unauthorized("the integration key is missing: use ?token=KEY or Authorization: Bearer KEY");
    }
    ServiceCatalog.Route route = ingest.route(key, clientAddress(ctx));
    String type = contentType(ctx);
    AlertIngest.Result r;
    if (type.equals("application/x-www-form-urlencoded")) {
      r = ingest.genericForm(route, key, FormFields.parse(body(ctx, MAX_PD_BODY, false)));
    } else if (type.equals("application/json")) {
      r = ingest.genericJson(route, key, Json.parse(body(ctx, MAX_PD_BODY, true)));
    } else if (type.isEmpty() && ctx.queryParam("summary") != null) {
      // GoAlert accepts the fields as query parameters too (e.g. a bare curl -X POST).
      r = ingest.genericForm(route, key, FormFields.parse(rawQuery(ctx)));
    } else {
      throw new Problem(400, "unsupported_media_type", "Content-Type",
          "send application/json or application/x-www-form-urlencoded (got '" + type + "')");
    }
    AlertIngest.EventResult e = r.events().get(0);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "success");
    out.put("dedup", e.dedupKey());
    out.put("incident_id", e.incidentId());
    ctx.status(200).json(out);
  }

  /** The body's bytes, refused with 413 when over the limit and 400 when not JSON (if JSON is required). */
  private static byte[] body(Context ctx, int max, boolean requireJson) {
    if (requireJson && !contentType(ctx).equals("application/json")) {
      throw new Problem(400, "unsupported_media_type", "Content-Type",
          "send Content-Type: application/json (got '" + contentType(ctx) + "')");
    }
    long declared = ctx.contentLength();
    if (declared > max) {
      throw new Problem(413, "payload_too_large", "body", "the body is " + declared + " bytes; the limit is " + max);
    }
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length > max) {
      throw new Problem(413, "payload_too_large", "body", "the body is " + bytes.length + " bytes; the limit is " + max);
    }
    return bytes;
  }

  /** The query string as it came in, still %-encoded, so that its bytes can be checked. */
  private static byte[] rawQuery(Context ctx) {
    String query = ctx.queryString();
    return query == null ? new byte[0] : query.getBytes(StandardCharsets.UTF_8);
  }

  /** The peer's address as the socket has it; a forwarded-for header is the client's word, not proof. */
  private static String clientAddress(Context ctx) {
    return ctx.req().getRemoteAddr();
  }

  private static String contentType(Context ctx) {
    String type = ctx.contentType();
    if (type == null) {
      return "";
    }
    int semi = type.indexOf(';');
    return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** Counts refusals for /metrics; web maps the Problem to the JSON error. */
  private Handler counted(Handler h) {
    return ctx -> {
      try {
        h.handle(ctx);
      } catch (Problem p) {
        ingest.countRejected();
        drainBody(ctx);
        if (p instanceof AlertIngest.RateLimited limited) {
          ctx.header("Retry-After", String.valueOf(limited.retryAfterSeconds()));
        }
        throw p;
      }
    };
  }

  /**
   * Reads what is left of a refused request's body. Answering before the client has sent it
   * all makes the server close the connection, and most clients then report a broken pipe
   * instead of the error that explains what to fix.
   */
  private static void drainBody(Context ctx) {
    try {
      ctx.bodyAsBytes();
    } catch (RuntimeException beyondTheServerLimit) {
      // Larger than the server accepts at all: the connection closes, and that is the answer.
    }
  }

  /** PagerDuty's endpoints answer errors in PagerDuty's shape, plus Hush's error/detail/field. */
  private Handler pagerDuty(Handler h) {
    Handler inner = counted(h);
    return ctx -> {
      try {
        inner.handle(ctx);
      } catch (Problem p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", p.status() == 400 ? "invalid event" : p.error());
        out.put("message", p.status() == 400 ? "Event object is invalid" : p.detail());
        out.put("errors", p instanceof InvalidEvent ie ? ie.errors() : List.of(p.detail()));
        out.put("error", p.error());
        out.put("detail", p.detail());
        out.put("field", p.field());
        ctx.status(p.status()).json(out);
      }
    };
  }
}
