package dev.hush.anomalies;

import static dev.hush.people.AuditLog.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hush.core.Problem;
import dev.hush.core.SecretBox;
import dev.hush.people.PeopleService;
import dev.hush.services.Service;
import dev.hush.services.ServiceCatalog;
import dev.hush.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A team's Prometheus server as a metric source: its address and credentials (the secret sealed at
 * rest), each service's named PromQL queries (or the defaults), and the range of each query's series
 * for the review's dashboards, on a step fitted to the range.
 */
public final class PrometheusService {
  /** How long a fetched range is reused: the agenda and the meeting read the same week again and again. */
  private static final Duration REUSE = Duration.ofMinutes(2);
  /** How long a failure is remembered: a hanging server must not hold up every render of the review for its timeout. */
  private static final Duration RETRY_AFTER = Duration.ofSeconds(30);
  /** How long one read of a team's queries may take in all before the rest is given up. */
  private static final Duration BUDGET = Duration.ofSeconds(30);

  private final Database db;
  private final ServiceCatalog services;
  private final PeopleService people;
  private final SecretBox secrets;
  private final Clock clock;
  private final PrometheusClient client = new PrometheusClient();
  private final Cache<FetchKey, Fetched> fetched = Caffeine.newBuilder().maximumSize(64).expireAfterWrite(REUSE).build();
  private final Cache<FetchKey, Fetched> failed = Caffeine.newBuilder().maximumSize(64).expireAfterWrite(RETRY_AFTER).build();

  public PrometheusService(Database db, ServiceCatalog services, PeopleService people, SecretBox secrets, Clock clock) {
    this.db = db;
    this.services = services;
    this.people = people;
    this.secrets = secrets;
    this.clock = clock;
  }

  /** A service's queries; {@code defaults} when it has none of its own. */
  public record ServiceQueries(long serviceId, boolean defaults, List<MetricQuery> queries) {}

  /**
   * What the dashboards got from Prometheus for a range, by service; {@code error} (e.g.
   * "Prometheus unreachable: connection refused (…)") when some of it could not be read, else null,
   * and whether the server itself failed (else only some queries were refused).
   */
  public record Fetched(Map<Long, List<Series>> series, String error, boolean unreachable) {
    static final Fetched NOTHING = new Fetched(Map.of(), null, false);
  }

  private record FetchKey(long teamId, List<Long> services, long from, long to) {}

  public Optional<PrometheusSource.Shown> source(long teamId) {
    return open(teamId).map(PrometheusSource::shown);
  }

  /**
   * Sets the team's source. {@code auth} is {@code none}, {@code basic} or {@code bearer} (null:
   * from the fields given). A blank password or token keeps the stored one of the same kind.
   */
  public PrometheusSource.Shown saveSource(long teamId, String baseUrl, String auth, String username, String password, String bearerToken,
      long actorId) {
    Optional<PrometheusSource> stored = open(teamId);
    String kind = auth != null && !auth.isBlank() ? auth.strip()
        : (password != null && !password.isBlank()) || (username != null && !username.isBlank()) ? "basic"
        : (bearerToken != null && !bearerToken.isBlank()) ? "bearer" : "none";
    PrometheusSource source = switch (kind) {
      case "none" -> new PrometheusSource(teamId, baseUrl, null, null, null);
      case "basic" -> new PrometheusSource(teamId, baseUrl, username,
          password == null || password.isBlank() ? stored.map(PrometheusSource::password).orElse(null) : password, null);
      case "bearer" -> new PrometheusSource(teamId, baseUrl, null, null,
          bearerToken == null || bearerToken.isBlank() ? stored.map(PrometheusSource::bearerToken).orElse(null) : bearerToken);
      default -> throw Problem.invalid("auth", "auth must be none, basic or bearer");
    };
    if ("bearer".equals(kind) && source.bearerToken() == null) {
      throw Problem.invalid("bearer_token", "bearer auth needs the token");
    }
    if ("basic".equals(kind) && source.username() == null) {
      throw Problem.invalid("username", "basic auth needs the username and the password");
    }
    String secret = source.username() != null ? source.password() : source.bearerToken();
    db.useTransaction(h -> {
      PrometheusStore.putSource(h, teamId, secrets.encrypt(source.baseUrl()), source.username(), secrets.encrypt(secret), actorId, clock.millis());
      people.audit(h, actorId, "prometheus.source", "team:" + teamId, teamId, stored.map(s -> described(s)).orElse(null), described(source));
    });
    forgetFetched();
    return source.shown();
  }

  public void deleteSource(long teamId, long actorId) {
    Optional<PrometheusSource> stored = open(teamId);
    db.useTransaction(h -> {
      if (PrometheusStore.deleteSource(h, teamId)) {
        people.audit(h, actorId, "prometheus.source.delete", "team:" + teamId, teamId, stored.map(s -> described(s)).orElse(null), null);
      }
    });
    forgetFetched();
  }

  public ServiceQueries queries(long serviceId) {
    services.require(serviceId);
    return queriesOf(List.of(serviceId)).getFirst();
  }

  /** The queries of these services, in one read, in their order. */
  public List<ServiceQueries> queriesOf(List<Long> serviceIds) {
    Map<Long, List<MetricQuery>> own = db.withHandle(h -> PrometheusStore.queries(h, serviceIds)).stream()
        .collect(Collectors.groupingBy(PrometheusStore.QueryRow::serviceId, Collectors.mapping(PrometheusStore.QueryRow::query, Collectors.toList())));
    return serviceIds.stream().map(id -> own.containsKey(id) ? new ServiceQueries(id, false, own.get(id)) : new ServiceQueries(id, true,
        MetricQuery.DEFAULTS)).toList();
  }

  /** Replaces a service's queries; none brings back the defaults. */
  public ServiceQueries saveQueries(long serviceId, List<MetricQuery> queries, long actorId) {
    Service service = services.require(serviceId);
    if (queries.size() > MetricQuery.MAX_QUERIES) {
      throw Problem.invalid("queries", "at most " + MetricQuery.MAX_QUERIES + " queries per service");
    }
    Set<String> names = new HashSet<>();
    for (MetricQuery q : queries) {
      if (!names.add(q.name())) {
        throw Problem.invalid("queries.name", "two queries are named " + q.name());
      }
    }
    ServiceQueries before = queries(serviceId);
    db.useTransaction(h -> {
      PrometheusStore.replaceQueries(h, serviceId, queries);
      people.audit(h, actorId, "prometheus.queries", "service:" + serviceId, service.teamId(), state("queries", before.queries()),
          state("queries", queries));
    });
    forgetFetched();
    return queries(serviceId);
  }

  /**
   * Each service's queries over [from, to), one series per result series, on the step that fits the
   * range ({@link PrometheusClient#stepFor}); samples Prometheus did not have are NaN on the grid.
   * Nothing when the team has no source. Once the server fails, the rest is not asked.
   */
  public Fetched fetch(long teamId, List<Service> team, long from, long to) {
    Optional<PrometheusSource> source = open(teamId);
    if (source.isEmpty() || team.isEmpty()) {
      return Fetched.NOTHING;
    }
    FetchKey key = new FetchKey(teamId, team.stream().map(Service::id).toList(), from, to);
    Fetched reused = fetched.getIfPresent(key);
    if (reused == null) {
      reused = failed.getIfPresent(key);
    }
    if (reused != null) {
      return reused;
    }
    long step = PrometheusClient.stepFor(from, to);
    long start = Math.ceilDiv(from, step) * step;
    int n = (int) Math.max(1, Math.ceilDiv(to - start, step));
    long end = start + (n - 1) * step;
    List<ServiceQueries> queries = queriesOf(key.services());
    Map<Long, List<Series>> out = new LinkedHashMap<>();
    List<String> refused = new ArrayList<>();
    long deadline = System.nanoTime() + BUDGET.toNanos();
    for (int i = 0; i < team.size(); i++) {
      Service s = team.get(i);
      for (MetricQuery q : queries.get(i).queries()) {
        if (System.nanoTime() > deadline) {
          Fetched slow = new Fetched(out, "Prometheus unreachable: not all queries answered within " + BUDGET.toSeconds() + " s ("
              + source.get().baseUrl() + ")", true);
          failed.put(key, slow);
          return slow;
        }
        try {
          List<PrometheusClient.Result> results = client.queryRange(source.get(), q.forService(s.name()), start, end, step);
          for (PrometheusClient.Result r : results) {
            String name = results.size() == 1 ? q.name() : q.name() + labels(r.labels());
            out.computeIfAbsent(s.id(), k -> new ArrayList<>())
                .add(new Series(name, start, step, PrometheusClient.onGrid(r.samples(), start, step, n)));
          }
        } catch (PrometheusClient.Failure f) {
          if (f.unreachable()) {
            Fetched down = new Fetched(out, f.shown(), true);
            failed.put(key, down);
            return down;
          }
          refused.add(s.name() + " " + q.name() + ": " + f.getMessage());
        }
      }
    }
    Fetched result = new Fetched(out, refused.isEmpty() ? null : "Prometheus refused " + String.join("; ", refused), false);
    fetched.put(key, result);
    return result;
  }

  private void forgetFetched() {
    fetched.invalidateAll();
    failed.invalidateAll();
  }

  /** The team's source with its URL and secret opened. */
  Optional<PrometheusSource> open(long teamId) {
    return db.withHandle(h -> PrometheusStore.source(h, teamId)).map(r -> {
      String secret = secrets.decrypt(r.sealedSecret());
      return new PrometheusSource(teamId, secrets.decrypt(r.sealedBaseUrl()), r.username(), r.username() != null ? secret : null, r.username() == null ? secret : null);
    });
  }

  PrometheusClient client() {
    return client;
  }

  /** What the audit log keeps of a source: never its secret. */
  private static Map<String, Object> described(PrometheusSource s) {
    return state("base_url", s.baseUrl(), "auth", s.auth(), "username", s.username());
  }

  private static String labels(Map<String, String> labels) {
    return labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
        .collect(Collectors.joining(",", "{", "}"));
  }
}
