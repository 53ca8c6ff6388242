package dev.hush.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hush.core.Problem;
import dev.hush.incidents.IncidentService;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
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

  private final ServiceCatalog services;
  private final IngestWriter writer;
  private final AlertEventStore events;
  private final KeyRateLimiter rateLimiter;
  private final Timer latency;
  private final Map<WireFormat, Counter> received = new EnumMap<>(WireFormat.class);
  private final Counter rejected;

  public AlertIngest(Database db, ServiceCatalog services, IncidentService incidents, Clock clock, MeterRegistry metrics,
      int rateLimitPerKeyPerMinute) {
    this.services = services;
    this.events = new AlertEventStore(db);
    this.writer = new IngestWriter(db, incidents, clock, metrics);
    this.rateLimiter = new KeyRateLimiter(rateLimitPerKeyPerMinute, System::nanoTime);
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

  /** Resolves a key and applies the per-key rate limit. */
  public ServiceCatalog.Route route(String key) {
    ServiceCatalog.Resolution r = services.resolve(key);
    switch (r.state()) {
      case UNKNOWN -> throw new Problem(404, "unknown_key", "routing_key", "no service has this integration key");
      case REVOKED -> throw new Problem(401, "revoked_key", "routing_key", "this integration key was revoked");
      default -> { }
    }
    ServiceCatalog.Route route = r.route().orElseThrow();
    long retryAfter = rateLimiter.acquire(route.keyId());
    if (retryAfter > 0) {
      throw new RateLimited(retryAfter);
    }
    return route;
  }

  /** A flood from one key. */
  public static final class RateLimited extends Problem {
    private final long retryAfterSeconds;

    RateLimited(long retryAfterSeconds) {
      super(429, "rate_limited", "routing_key", "too many requests for this integration key; retry after "
          + retryAfterSeconds + " s");
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  public Result pagerDuty(ServiceCatalog.Route route, JsonNode body, String raw) {
    return commit(route, WireFormat.PAGERDUTY, List.of(PagerDutyAdapter.parse(route.service().id(), body, raw)), List.of());
  }

  /** The routing key of a PagerDuty body; fails with the field named when it is missing. */
  public static String pagerDutyRoutingKey(JsonNode body) {
    if (!body.isObject()) {
      throw new InvalidEvent("body", "the body must be a JSON object");
    }
    return PagerDutyAdapter.routingKey(body);
  }

  public void pagerDutyChange(ServiceCatalog.Route route, JsonNode body, String raw, long receivedAt) {
    commit(route, WireFormat.PAGERDUTY_CHANGE, List.of(), List.of(PagerDutyAdapter.parseChange(body, raw, receivedAt)));
  }

  public Result alertmanager(ServiceCatalog.Route route, JsonNode body) {
    return commit(route, WireFormat.ALERTMANAGER, AlertmanagerAdapter.parse(route.service().id(), route.service().amGrouping(), body),
        List.of());
  }

  public Result genericJson(ServiceCatalog.Route route, JsonNode body) {
    return commit(route, WireFormat.GENERIC, List.of(GenericAdapter.parseJson(route.service().id(), body)), List.of());
  }

  public Result genericForm(ServiceCatalog.Route route, Map<String, List<String>> form) {
    return commit(route, WireFormat.GENERIC, List.of(GenericAdapter.parseForm(route.service().id(), form)), List.of());
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

  public List<StoredChange> changes(Long serviceId, long from, long to, int limit) {
    return events.changes(serviceId, from, to, limit);
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
