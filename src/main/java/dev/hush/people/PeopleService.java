package dev.hush.people;

import dev.hush.core.Problem;
import dev.hush.core.Secrets;
import dev.hush.core.TtlCache;
import dev.hush.store.Database;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Users, teams, sign-in sessions, API tokens and the audit log. */
public final class PeopleService {
  public static final Duration SESSION_LIFETIME = Duration.ofDays(14);
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
  private static final int MIN_PASSWORD = 10;
  private static final String LOCAL_PASSWORDS = "people.local_passwords";
  public static final String LOCAL_PASSWORDS_OFF =
      "password sign-in is turned off: use single sign-on (an admin's password still works, for when the provider is down)";

  private final PeopleStore store;
  private final SettingsStore settings;
  private final Clock clock;
  private final TtlCache<Long, Optional<User>> recentUsers;

  public PeopleService(Database db, Clock clock) {
    this.store = new PeopleStore(db);
    this.settings = new SettingsStore(db);
    this.clock = clock;
    this.recentUsers = new TtlCache<>(clock, 5_000, store::userById);
  }

  /** A new session: the cookie value (shown once) and the principal it stands for. */
  public record Session(String token, Principal principal) {}

  /** A new API token: the secret (shown once) and its listing. */
  public record NewApiToken(String secret, long id) {}

  public User createUser(String email, String name, String password, boolean admin, String timeZone, Long actorId) {
    String normalizedEmail = requireEmail(email);
    String displayName = requireText("name", name, 200);
    String zone = timeZone == null || timeZone.isBlank() ? "UTC" : requireZone(timeZone);
    requirePassword(password);
    if (store.userByEmail(normalizedEmail).isPresent()) {
      throw Problem.conflict("email", "a user with this email already exists");
    }
    long id = store.insertUser(normalizedEmail, displayName, PasswordHashing.hash(password), admin, zone, now());
    store.audit(actorId, "user.create", "user:" + id, normalizedEmail, now());
    return store.userById(id).orElseThrow();
  }

  /**
   * On the very first start there is nobody to sign in as: create an admin with a random
   * one-time password, to be printed once. Returns empty when users exist already.
   */
  public Optional<String> createFirstAdminIfNone(String email) {
    if (store.countUsers() > 0) {
      return Optional.empty();
    }
    String password = Secrets.generate("", 20);
    User admin = createUser(email, "Admin", password, true, "UTC", null);
    store.updatePassword(admin.id(), PasswordHashing.hash(password), true);
    return Optional.of(password);
  }

  public void setPassword(long userId, String password) {
    requirePassword(password);
    store.updatePassword(userId, PasswordHashing.hash(password), false);
    store.audit(userId, "user.password", "user:" + userId, "", now());
  }

  public Session signIn(String email, String password) {
    Optional<User> user = email == null ? Optional.empty() : store.userByEmail(email.trim().toLowerCase(Locale.ROOT));
    // Check a hash even for unknown emails so the response time doesn't reveal which exist.
    String hash = user.flatMap(u -> store.passwordHash(u.id())).orElse(null);
    boolean ok = PasswordHashing.matches(password == null ? "" : password, hash);
    boolean localPasswords = localPasswordsAllowed();
    if (!localPasswords && !(ok && user.isPresent() && user.get().admin())) {
      // Break-glass: an org admin's password still works, so a provider outage locks nobody out for good.
      // Every other refusal reads the same, so it tells nothing about the account or the password.
      throw Problem.unauthorized(LOCAL_PASSWORDS_OFF);
    }
    if (!ok || user.isEmpty()) {
      throw Problem.unauthorized("wrong email or password");
    }
    return startSession(user.get().id(), localPasswords ? "password" : "password, break-glass");
  }

  /**
   * A session for a person whose identity is proven already (a password checked here, or an
   * identity provider's signed ID token): the same kind of session whichever way they signed in.
   * {@code via} says which, for the audit log.
   */
  public Session startSession(long userId, String via) {
    User user = store.userById(userId).orElseThrow(() -> Problem.forbidden("this account is disabled"));
    String token = Secrets.generate("", 43);
    String csrf = Secrets.generate("", 32);
    long now = now();
    store.insertSession(Secrets.sha256(token), user.id(), csrf, now, now + SESSION_LIFETIME.toMillis());
    store.audit(user.id(), "session.create", "user:" + user.id(), via, now);
    return new Session(token, new Principal(user, csrf));
  }

  /**
   * The person an identity provider vouches for by a verified e-mail address: the user with that
   * address, or a new one (no local password, no admin) on their first sign-in.
   */
  public User userForVerifiedEmail(String email, String name, String via) {
    String normalizedEmail = requireEmail(email);
    Optional<User> existing = store.userByEmail(normalizedEmail);
    if (existing.isPresent()) {
      return existing.get();
    }
    String displayName = name == null || name.isBlank() ? normalizedEmail.substring(0, normalizedEmail.indexOf('@')) : name.strip();
    displayName = displayName.length() > 200 ? displayName.substring(0, 200) : displayName;
    try {
      long id = store.insertUser(normalizedEmail, displayName, null, false, "UTC", now());
      store.audit(id, "user.create", "user:" + id, normalizedEmail + " via " + via, now());
      return store.userById(id).orElseThrow();
    } catch (RuntimeException e) {
      if (!Database.isUniqueViolation(e)) {
        throw e;
      }
      // The same person's first sign-in twice at once, or a disabled account holds the address.
      return store.userByEmail(normalizedEmail).orElseThrow(() -> Problem.forbidden("the account of " + normalizedEmail + " is disabled"));
    }
  }

  /** Whether people may sign in with a local password (on unless an admin turned it off). */
  public boolean localPasswordsAllowed() {
    return settings.value(LOCAL_PASSWORDS).map("on"::equals).orElse(true);
  }

  /** Turns local passwords on or off; the caller has checked that single sign-on works before turning them off. */
  public void setLocalPasswordsAllowed(boolean allowed, long actorId) {
    settings.put(LOCAL_PASSWORDS, allowed ? "on" : "off", actorId, now());
    store.audit(actorId, "settings.local_passwords", "settings:" + LOCAL_PASSWORDS, allowed ? "on" : "off", now());
  }

  public Optional<Principal> principalForSession(String token) {
    return token == null || token.isEmpty() ? Optional.empty() : store.sessionPrincipal(Secrets.sha256(token), now());
  }

  public void signOut(String token) {
    if (token != null) {
      store.deleteSession(Secrets.sha256(token));
    }
  }

  public Optional<Principal> principalForApiToken(String token) {
    if (token == null || !token.startsWith("hush_")) {
      return Optional.empty();
    }
    return store.apiTokenUser(Secrets.sha256(token), now()).map(u -> new Principal(u, null));
  }

  public NewApiToken createApiToken(long userId, String name) {
    String label = requireText("name", name, 100);
    String secret = Secrets.generate("hush_", 40);
    long id = store.insertApiToken(userId, label, Secrets.sha256(secret), secret.substring(0, 9), now());
    store.audit(userId, "token.create", "token:" + id, label, now());
    return new NewApiToken(secret, id);
  }

  public List<ApiToken> apiTokens(long userId) {
    return store.apiTokens(userId);
  }

  public void revokeApiToken(long userId, long tokenId) {
    if (store.revokeApiToken(userId, tokenId, now()) == 0) {
      throw Problem.notFound("token", "no active token " + tokenId + " of yours");
    }
    store.audit(userId, "token.revoke", "token:" + tokenId, "", now());
  }

  public Optional<User> user(long id) {
    return store.userById(id);
  }

  /** A person as read at most a few seconds ago: the paging path names people thousands of times a second. */
  public Optional<User> recentUser(long id) {
    return recentUsers.get(id);
  }

  public Optional<User> userByEmail(String email) {
    return store.userByEmail(email.trim().toLowerCase(Locale.ROOT));
  }

  public List<User> users() {
    return store.users();
  }

  public Team createTeam(String name, long actorId) {
    String teamName = requireText("name", name, 100);
    if (store.teams().stream().anyMatch(t -> t.name().equalsIgnoreCase(teamName))) {
      throw Problem.conflict("name", "a team with this name already exists");
    }
    long id = store.insertTeam(teamName, now());
    store.audit(actorId, "team.create", "team:" + id, teamName, now());
    return team(id);
  }

  public Team addMember(long teamId, long userId, TeamRole role, long actorId) {
    if (!store.teamExists(teamId)) {
      throw Problem.notFound("team", "no team " + teamId);
    }
    if (store.userById(userId).isEmpty()) {
      throw Problem.invalid("user_id", "no user " + userId);
    }
    store.upsertMember(teamId, userId, role);
    store.audit(actorId, "team.member", "team:" + teamId, "user:" + userId + " " + role.dbValue(), now());
    return team(teamId);
  }

  public List<Team> teams() {
    return store.teams();
  }

  private Team team(long id) {
    return store.teams().stream().filter(t -> t.id() == id).findFirst().orElseThrow();
  }

  public void requireAdmin(Principal p) {
    if (!p.user().admin()) {
      throw Problem.forbidden("only an admin can do this");
    }
  }

  public void audit(long actorId, String action, String subject, String detail) {
    store.audit(actorId, action, subject, detail, now());
  }

  private long now() {
    return clock.millis();
  }

  private static String requireEmail(String email) {
    String e = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
      throw Problem.invalid("email", "a valid email address is required");
    }
    return e;
  }

  private static void requirePassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw Problem.invalid("password", "the password needs at least " + MIN_PASSWORD + " characters");
    }
    if (password.length() > 200) {
      throw Problem.invalid("password", "the password may have at most 200 characters");
    }
  }

  private static String requireZone(String zone) {
    try {
      return ZoneId.of(zone).getId();
    } catch (DateTimeException e) {
      throw Problem.invalid("time_zone", "unknown time zone '" + zone + "' (use an IANA name like Europe/Berlin)");
    }
  }

  static String requireText(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw Problem.invalid(field, field + " is required");
    }
    String trimmed = value.strip();
    if (trimmed.length() > max) {
      throw Problem.invalid(field, field + " may have at most " + max + " characters");
    }
    return trimmed;
  }
}
