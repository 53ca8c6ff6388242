package dev.hush.services;

import static dev.hush.people.AuditLog.state;

import dev.hush.core.Problem;
import dev.hush.core.Secrets;
import dev.hush.people.PeopleService;
import dev.hush.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The service catalog and its integration keys. */
public final class ServiceCatalog {
  /**
   * How long a key lookup is cached on this node. Ingest resolves the key on every request,
   * so a short cache saves a query per alert; a revocation on another node takes effect within this time.
   */
  private static final long KEY_CACHE_MILLIS = 5_000;
  private static final int KEY_LENGTH = 32;
  /** No integration key is shorter (an imported one may be this short; a generated one is {@value #KEY_LENGTH}). */
  public static final int SHORTEST_KEY = 16;

  private final Database db;
  private final ServiceStore store;
  private final PeopleService people;
  private final Clock clock;
  private final Map<String, CachedRoute> routeCache = new ConcurrentHashMap<>();

  public ServiceCatalog(Database db, PeopleService people, Clock clock) {
    this.db = db;
    this.store = new ServiceStore(db);
    this.people = people;
    this.clock = clock;
  }

  /** What an integration key routes to. */
  public record Route(long keyId, Service service) {}

  /** A new key: the secret (shown once) and its listing. */
  public record NewKey(String secret, IntegrationKey key) {}

  private record CachedRoute(Optional<Route> route, KeyState state, long loadedAt) {}

  /** Whether a presented key is known, and if so whether it still works. */
  public enum KeyState { ACTIVE, REVOKED, UNKNOWN }

  /** The result of resolving a presented key. */
  public record Resolution(KeyState state, Optional<Route> route) {}

  /** As {@link #create(String, String, long, AlertmanagerGrouping, boolean, Long)} by nobody in particular (the command line). */
  public Service create(String name, String description, long teamId, AlertmanagerGrouping grouping, boolean requireLog) {
    return create(name, description, teamId, grouping, requireLog, null);
  }

  /** {@code actorId}: who does it, for the audit log (null: the command line or Hush itself), as in every change below. */
  public Service create(String name, String description, long teamId, AlertmanagerGrouping grouping, boolean requireLog, Long actorId) {
    String serviceName = requireName(name);
    if (store.byName(serviceName).isPresent()) {
      throw Problem.conflict("name", "a service named '" + serviceName + "' already exists");
    }
    String text = description == null ? "" : description.strip();
    if (text.length() > 2000) {
      throw Problem.invalid("description", "description may have at most 2000 characters");
    }
    return db.inTransaction(h -> {
      Service created = store.byId(store.insert(serviceName, text, teamId, grouping == null ? AlertmanagerGrouping.ALERT : grouping,
          requireLog, clock.millis())).orElseThrow();
      people.audit(h, actorId, "service.create", "service:" + created.id(), teamId, null, audited(created));
      return created;
    });
  }

  public Service updateSettings(long serviceId, String description, long teamId, AlertmanagerGrouping grouping, boolean requireLog) {
    return updateSettings(serviceId, description, teamId, grouping, requireLog, null);
  }

  /** A move to another team is recorded for both teams. */
  public Service updateSettings(long serviceId, String description, long teamId, AlertmanagerGrouping grouping, boolean requireLog,
      Long actorId) {
    Service updated = db.inTransaction(h -> {
      Service s = require(serviceId);
      store.update(serviceId, description == null ? s.description() : description.strip(), teamId, grouping, requireLog);
      Service after = require(serviceId);
      people.audit(h, actorId, "service.update", "service:" + serviceId, teamId, audited(s), audited(after));
      if (s.teamId() != null && s.teamId() != teamId) {
        people.audit(h, actorId, "service.update", "service:" + serviceId, s.teamId(), audited(s), audited(after));
      }
      return after;
    });
    routeCache.clear();
    return updated;
  }

  /** What the audit log keeps of a service. */
  private static Map<String, Object> audited(Service s) {
    return state("name", s.name(), "description", s.description(), "team_id", s.teamId(), "am_grouping", s.amGrouping(),
        "require_log_on_resolve", s.requireLogOnResolve());
  }

  public List<Service> all() {
    return store.all();
  }

  /** The services of the teams a person sees. */
  public List<Service> all(Predicate<Long> teamVisible) {
    return store.all().stream().filter(s -> teamVisible.test(s.teamId())).toList();
  }

  /** The team that owns the service, for the access check; empty when there is no such service. */
  public Optional<Long> teamOf(long serviceId) {
    return store.byId(serviceId).map(Service::teamId);
  }

  public Optional<Service> byId(long id) {
    return store.byId(id);
  }

  public Optional<Service> byName(String name) {
    return store.byName(name);
  }

  public Service require(long id) {
    return store.byId(id).orElseThrow(() -> Problem.notFound("service", "no service " + id));
  }

  /** Creates a key with a random secret. */
  public NewKey createKey(long serviceId, String name) {
    return createKey(serviceId, name, null);
  }

  public NewKey createKey(long serviceId, String name, Long actorId) {
    return addKey(serviceId, name, Secrets.generate("", KEY_LENGTH), false, actorId);
  }

  /**
   * Registers a key whose secret the caller chose, for monitors that already have a routing key
   * configured (a migration from another tool keeps its keys).
   */
  public NewKey importKey(long serviceId, String name, String secret) {
    return importKey(serviceId, name, secret, null);
  }

  public NewKey importKey(long serviceId, String name, String secret, Long actorId) {
    if (secret == null || secret.length() < SHORTEST_KEY || secret.length() > 128 || !secret.matches("[A-Za-z0-9._~-]+")) {
      throw Problem.invalid("key", "an imported key needs 16-128 characters from A-Z a-z 0-9 . _ ~ -");
    }
    return addKey(serviceId, name, secret, true, actorId);
  }

  /** The audit log records that a key was made, never its secret or any part of it. */
  private NewKey addKey(long serviceId, String name, String secret, boolean imported, Long actorId) {
    Service service = require(serviceId);
    String label = name == null || name.isBlank() ? "default" : name.strip();
    if (label.length() > 100) {
      throw Problem.invalid("name", "name may have at most 100 characters");
    }
    String hash = Secrets.sha256(secret);
    if (store.keyByHash(hash).isPresent()) {
      throw Problem.conflict("key", "this key is already registered");
    }
    IntegrationKey key = db.inTransaction(h -> {
      store.insertKey(serviceId, label, hash, secret.substring(0, 6), clock.millis());
      IntegrationKey created = store.keyByHash(hash).orElseThrow();
      people.audit(h, actorId, "key.create", "service:" + serviceId, service.teamId(), null,
          state("key_id", created.id(), "name", label, "imported", imported));
      return created;
    });
    routeCache.remove(hash);
    return new NewKey(secret, key);
  }

  public List<IntegrationKey> keys(long serviceId) {
    require(serviceId);
    return store.keys(serviceId);
  }

  public void revokeKey(long serviceId, long keyId) {
    revokeKey(serviceId, keyId, null);
  }

  public void revokeKey(long serviceId, long keyId, Long actorId) {
    db.useTransaction(h -> {
      if (store.revokeKey(serviceId, keyId, clock.millis()) == 0) {
        throw Problem.notFound("key", "no active key " + keyId + " on service " + serviceId);
      }
      String name = store.keys(serviceId).stream().filter(k -> k.id() == keyId).map(IntegrationKey::name).findFirst().orElse("");
      people.audit(h, actorId, "key.revoke", "service:" + serviceId, teamOf(serviceId).orElse(null),
          state("key_id", keyId, "name", name, "active", true), state("key_id", keyId, "name", name, "active", false));
    });
    routeCache.clear();
  }

  /** Resolves the secret from an ingest URL or body. */
  public Resolution resolve(String secret) {
    if (secret == null || secret.isEmpty() || secret.length() > 256) {
      return new Resolution(KeyState.UNKNOWN, Optional.empty());
    }
    String hash = Secrets.sha256(secret);
    long now = clock.millis();
    CachedRoute cached = routeCache.get(hash);
    if (cached == null || now - cached.loadedAt() > KEY_CACHE_MILLIS) {
      cached = load(hash, now);
      // Unknown keys are not cached: a flood of random keys must not grow the map.
      if (cached.state() != KeyState.UNKNOWN) {
        routeCache.put(hash, cached);
      }
    }
    return new Resolution(cached.state(), cached.route());
  }

  private CachedRoute load(String hash, long now) {
    Optional<IntegrationKey> key = store.keyByHash(hash);
    if (key.isEmpty()) {
      return new CachedRoute(Optional.empty(), KeyState.UNKNOWN, now);
    }
    if (!key.get().active()) {
      return new CachedRoute(Optional.empty(), KeyState.REVOKED, now);
    }
    Service service = store.byId(key.get().serviceId()).orElseThrow();
    return new CachedRoute(Optional.of(new Route(key.get().id(), service)), KeyState.ACTIVE, now);
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw Problem.invalid("name", "name is required");
    }
    String n = name.strip();
    if (n.length() > 100 || !n.matches("[A-Za-z0-9][A-Za-z0-9 ._-]*")) {
      throw Problem.invalid("name", "name: 1-100 characters, letters, digits, space, '.', '_' or '-'");
    }
    return n;
  }
}
