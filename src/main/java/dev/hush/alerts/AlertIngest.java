package dev.hush.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.ClientAddresses;
import dev.hush.core.Problem;
import dev.hush.incidents.IncidentService;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ingest: validate → append the events → upsert incidents, committed before the caller is answered. */
public final class AlertIngest implements AutoCloseable {
  private static final long COMMIT_TIMEOUT_SECONDS = 30;
  /**
   * Requests with an unknown integration key that one client address may send a minute, after a
   * burst of as many: enough for a monitor with a typo to be told so, too few to try keys.
   */
  static final int UNKNOWN_KEYS_PER_MINUTE = 10;
  /** How many services and client addresses each limiter tracks before new ones share one bucket. */
  private static final int MAX_TRACKED = 100_000;

  private final ServiceCatalog services;
  private final IngestWriter writer;
  private final AlertEventStore events;
  private final RateLimiter<Long> perService;
  private final RateLimiter<String> unknownKeys;
  private final Timer latency;
  private final Map<WireFormat, Counter> received = new EnumMap<>(WireFormat.class);
  private final Counter rejected;

  public AlertIngest(Database db, ServiceCatalog services, IncidentService incidents, Clock clock, MeterRegistry metrics,
      int rateLimitPerServicePerMinute) {
    this.services = services;
    this.events = new AlertEventStore(db);
    this.writer = new IngestWriter(db, incidents, clock, metrics);
    this.perService = RateLimiter.perMinute(rateLimitPerServicePerMinute, MAX_TRACKED, System::nanoTime);
    this.unknownKeys = new RateLimiter<>(UNKNOWN_KEYS_PER_MINUTE, UNKNOWN_KEYS_PER_MINUTE, MAX_TRACKED, System::nanoTime);
    incidents.useEventHistory(events);
    this.latency = Timer.builder("hush.ingest.latency").description("time from request parsed to events committed")
        .publishPercentiles(0.5, 0.95, 0.99).register(metrics);
    for (WireFormat f : WireFormat.values()) {
      received.put(f, Counter.builder("hush.events.received").tag("format", f.label())
          .description("alert events received and committed").register(metrics));
    }
    this.rejected = Counter.builder("hush.events.rejected").description("ingest requests refused with a 4xx").register(metrics);
  }

  /** The committed result of one request: per event, its dedup key and incident. */
  public record Result(List<EventResult> events) {}

  public record EventResult(String dedupKey, Long incidentId, boolean opened) {}

  /**
   * Resolves a key and applies the rate limits: per service (all of its keys together, so more keys
   * do not mean more requests), and for unknown keys per client address ({@code clientAddress} as
   * the socket gave it; null for callers inside Hush).
   */
  public ServiceCatalog.Route route(String key, String clientAddress) {
    ServiceCatalog.Resolution r = services.resolve(key);
    switch (r.state()) {
      case UNKNOWN -> {
        long retryAfter = unknownKeys.acquire(ClientAddresses.bucket(clientAddress));
        if (retryAfter > 0) {
          throw new RateLimited(retryAfter, "too many requests with unknown integration keys from this address");
        }
        throw new Problem(404, "unknown_key", "routing_key", "no service has this integration key");
      }
      case REVOKED -> throw new Problem(401, "revoked_key", "routing_key", "this integration key was revoked");
      default -> { }
    }
    ServiceCatalog.Route route = r.route().orElseThrow();
    long retryAfter = perService.acquire(route.service().id());
    if (retryAfter > 0) {
      throw new RateLimited(retryAfter, "too many requests for this service");
    }
    return route;
  }

  /** Resolves a key for a caller inside Hush (the demo, benchmarks): the per-service limit applies. */
  public ServiceCatalog.Route route(String key) {
    return route(key, null);
  }

  /** Too many requests: from one service, or with unknown keys from one address. */
  public static final class RateLimited extends Problem {
    @java.io.Serial
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    RateLimited(long retryAfterSeconds, String what) {
      super(429, "rate_limited", "routing_key", what + "; retry after " + retryAfterSeconds + " s");
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /** A PagerDuty event; its {@code routing_key} is the key, and is kept only as {@link dev.hush.core.Redaction#MARK}. */
  public Result pagerDuty(ServiceCatalog.Route route, JsonNode body) {
    JsonNode kept = Received.cleanPagerDuty(body, pagerDutyRoutingKey(body));
    return commit(route, WireFormat.PAGERDUTY, List.of(PagerDutyAdapter.parse(route.service().id(), kept, kept.toString())), List.of());
  }

  /** The routing key of a PagerDuty body; fails with the field named when it is missing. */
  public static String pagerDutyRoutingKey(JsonNode body) {
    if (!body.isObject()) {
      throw new InvalidEvent("body", "the body must be a JSON object");
    }
    return PagerDutyAdapter.routingKey(body);
  }

  public void pagerDutyChange(ServiceCatalog.Route route, JsonNode body, long receivedAt) {
    JsonNode kept = Received.cleanPagerDuty(body, pagerDutyRoutingKey(body));
    commit(route, WireFormat.PAGERDUTY_CHANGE, List.of(), List.of(PagerDutyAdapter.parseChange(kept, kept.toString(), receivedAt)));
  }

  /** An Alertmanager webhook; {@code key} is the integration key it came with (in its URL), never stored. */
  public Result alertmanager(ServiceCatalog.Route route, String key, JsonNode body) {
    JsonNode kept = Received.clean(body, key);
    return commit(route, WireFormat.ALERTMANAGER, AlertmanagerAdapter.parse(route.service().id(), route.service().amGrouping(), kept),
        List.of());
  }

  /** A generic JSON event; {@code key} is the integration key it came with (path, query or header), never stored. */
  public Result genericJson(ServiceCatalog.Route route, String key, JsonNode body) {
    JsonNode kept = Received.clean(body, key);
    return commit(route, WireFormat.GENERIC, List.of(GenericAdapter.parseJson(route.service().id(), kept)), List.of());
  }

  /** A generic event from form fields; {@code key} as for {@link #genericJson}. */
  public Result genericForm(ServiceCatalog.Route route, String key, Map<String, List<String>> form) {
    JsonNode kept = Received.clean(GenericAdapter.formAsJson(form), key);
    return commit(route, WireFormat.GENERIC, List.of(GenericAdapter.parseJson(route.service().id(), kept)), List.of());
  }

  /** Counts a refused request (for /metrics). */
  public void countRejected() {
    rejected.increment();
  }

  private Result commit(ServiceCatalog.Route route, WireFormat format, List<AlertEvent> alertEvents, List<ChangeEvent> changes) {
    long start = System.nanoTime();
    List<IngestWriter.Outcome> outcomes;
    try {
      outcomes = writer.submit(route.service().id(), alertEvents, changes).get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof Problem p) {
        throw p;
      }
      throw new IllegalStateException("ingest commit failed", e.getCause());
    } catch (TimeoutException e) {
      throw new Problem(503, "commit_timeout", null, "the store did not confirm the commit in time; retry");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Problem(503, "interrupted", null, "interrupted while committing");
    }
    latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    received.get(format).increment(Math.max(1, alertEvents.size()));
    return new Result(outcomes.stream().map(o -> new EventResult(o.dedupKey(), o.incidentId(), o.opened())).toList());
  }

  public List<StoredEvent> rawEvents(long incidentId, int limit) {
    return events.rawEvents(incidentId, limit);
  }

  /** Change events of these services (null: every service) that happened in [from, to), newest first. */
  public List<StoredChange> changes(Collection<Long> serviceIds, long from, long to, int limit) {
    return events.changes(serviceIds, from, to, limit);
  }

  public long countEvents() {
    return events.countEvents();
  }

  public boolean writerAlive() {
    return writer.alive();
  }

  @Override
  public void close() {
    writer.close();
  }
}
