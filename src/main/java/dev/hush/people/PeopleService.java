package dev.hush.people;

import dev.hush.core.Problem;
import dev.hush.core.Secrets;
import dev.hush.core.TtlCache;
import dev.hush.store.Database;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/** Users, teams, sign-in sessions, API tokens and the audit log. */
public final class PeopleService implements AutoCloseable {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
  private static final int MIN_PASSWORD = 10;
  public static final String FIRST_TEAM = "Operations";
  /** Last-use stamps are written at most this often: reading with a token or a session should not mean a write each time. */
  private static final long TOUCH_INTERVAL_MS = 60_000;

  /**
   * How long sign-ins last: a session ends at {@code lifetime} after sign-in, or after {@code idle}
   * without a request; a printed one-time password stops working after {@code oneTimePassword}.
   */
  public record SessionPolicy(Duration lifetime, Duration idle, Duration oneTimePassword) {
    public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofDays(14), Duration.ofHours(12), Duration.ofHours(24));
  }

  private final PeopleStore store;
  private final Clock clock;
  private final SessionPolicy sessions;
  private final TtlCache<Long, Optional<User>> recentUsers;
  private final SignInLimits signInLimits;
  private final SignInThrottle signInThrottle;
  private final PasswordCheckPool passwordChecks;

  public PeopleService(Database db, Clock clock) {
    this(db, clock, SessionPolicy.DEFAULT);
  }

  public PeopleService(Database db, Clock clock, SessionPolicy sessions) {
    this(db, clock, sessions, SignInLimits.DEFAULT);
  }

  public PeopleService(Database db, Clock clock, SessionPolicy sessions, SignInLimits signInLimits) {
    this.store = new PeopleStore(db);
    this.clock = clock;
    this.sessions = sessions;
    this.recentUsers = new TtlCache<>(clock, 5_000, store::userById);
    this.signInLimits = signInLimits;
    this.signInThrottle = new SignInThrottle(signInLimits, clock);
    this.passwordChecks = new PasswordCheckPool(signInLimits);
  }

  public SignInLimits signInLimits() {
    return signInLimits;
  }

  public SessionPolicy sessionPolicy() {
    return sessions;
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
    store.updatePassword(admin.id(), PasswordHashing.hash(password), now() + sessions.oneTimePassword().toMillis());
    // A first team, so the admin can add a service and a rotation at once; rename it or add others later.
    addMember(createTeam(FIRST_TEAM, admin.id()).id(), admin.id(), TeamRole.MANAGER, admin.id());
    return Optional.of(password);
  }

  /**
   * The person replaces their password: the current one is needed, and every other session and
   * every API token of theirs stops working (whoever knew the old password may have made some).
   * {@code keepSession}: the cookie of the session making the change, which stays signed in.
   */
  public void changePassword(long userId, String current, String replacement, String keepSession) {
    if (current == null || !PasswordHashing.matches(current, store.passwordHash(userId).orElse(null))) {
      throw Problem.invalid("current_password", "the current password is wrong");
    }
    requirePassword(replacement);
    if (replacement.equals(current)) {
      throw Problem.invalid("password", "choose a password different from the current one");
    }
    store.updatePassword(userId, PasswordHashing.hash(replacement), null);
    store.revokeSessionsAndTokens(userId, keepSession == null ? null : Secrets.sha256(keepSession), now());
    store.audit(userId, "user.password", "user:" + userId, "changed; other sessions and tokens revoked", now());
  }

  /** An admin resets someone's password: a one-time password to hand over, and all their sessions and tokens end. */
  public String resetPassword(long userId, long actorId) {
    requireUser(userId);
    String password = Secrets.generate("", 20);
    store.updatePassword(userId, PasswordHashing.hash(password), now() + sessions.oneTimePassword().toMillis());
    store.revokeSessionsAndTokens(userId, null, now());
    store.audit(actorId, "user.password_reset", "user:" + userId, "", now());
    return password;
  }

  /** Disabled people cannot sign in, and their sessions and tokens stop at once; they stay in history. */
  public void setDisabled(long userId, boolean disabled, long actorId) {
    if (userId == actorId && disabled) {
      throw Problem.invalid("user_id", "you cannot disable yourself");
    }
    if (store.userStatuses().stream().noneMatch(s -> s.user().id() == userId)) {
      throw Problem.notFound("user", "no user " + userId);
    }
    store.setDisabled(userId, disabled ? now() : null);
    recentUsers.invalidate(userId);
    store.audit(actorId, disabled ? "user.disable" : "user.enable", "user:" + userId, "", now());
  }

  public List<UserStatus> userStatuses() {
    return store.userStatuses();
  }

  /** A sign-in from inside this process (no client address): only the e-mail's throttle applies. */
  public Session signIn(String email, String password) {
    return signIn(email, password, null);
  }

  /**
   * Throttled per e-mail and per {@code clientAddress} before any hashing ({@link SignInRefused}
   * 429), and refused at once when every password check is taken (503). Only a wrong password
   * counts against the throttles, and an unknown e-mail is a wrong password like any other.
   */
  public Session signIn(String email, String password, String clientAddress) {
    String account = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    SignInThrottle.Attempt attempt = signInThrottle.admit(account, clientAddress);
    AtomicReference<Optional<User>> found = new AtomicReference<>(Optional.empty());
    boolean ok;
    try {
      // Check a hash even for unknown emails so the response time doesn't reveal which exist.
      ok = passwordChecks.matches(password == null ? "" : password, () -> {
        found.set(email == null ? Optional.empty() : store.userByEmail(account));
        return found.get().flatMap(u -> store.passwordHash(u.id())).orElse(null);
      });
    } catch (RuntimeException notChecked) {
      signInThrottle.giveBack(attempt);
      throw notChecked;
    }
    Optional<User> user = found.get();
    if (!ok || user.isEmpty()) {
      throw Problem.unauthorized("wrong email or password");
    }
    signInThrottle.giveBack(attempt);
    Long expires = store.passwordExpiresAt(user.get().id()).orElse(null);
    if (expires != null && expires <= now()) {
      throw Problem.unauthorized("this one-time password has expired; ask an admin to reset it");
    }
    String token = Secrets.generate("", 43);
    String csrf = Secrets.generate("", 32);
    long now = now();
    store.insertSession(Secrets.sha256(token), user.get().id(), csrf, now, now + sessions.lifetime().toMillis());
    store.audit(user.get().id(), "session.create", "user:" + user.get().id(), "", now);
    return new Session(token, principal(user.get(), csrf, null, false));
  }

  public Optional<Principal> principalForSession(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    String hash = Secrets.sha256(token);
    long now = now();
    return store.session(hash, now, now - sessions.idle().toMillis()).map(s -> {
      if (now - s.lastSeenAt() >= TOUCH_INTERVAL_MS) {
        store.touchSession(hash, now);
      }
      return principal(s.user(), s.csrfToken(), null, false);
    });
  }

  /** The person's roles in their teams, narrowed to one team when {@code onlyTeam} is set (which also drops admin rights). */
  private Principal principal(User user, String csrf, Long onlyTeam, boolean readOnly) {
    Map<Long, TeamRole> roles = new HashMap<>(store.teamRoles(user.id()));
    if (onlyTeam != null) {
      roles.keySet().retainAll(Set.of(onlyTeam));
    }
    return new Principal(user, csrf, roles, user.admin() && onlyTeam == null, readOnly);
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
    String hash = Secrets.sha256(token);
    long now = now();
    return store.apiToken(hash).map(t -> {
      if (t.lastUsedAt() == null || now - t.lastUsedAt() >= TOUCH_INTERVAL_MS) {
        store.touchApiToken(hash, now);
      }
      return principal(t.user(), null, t.teamId(), t.readOnly());
    });
  }

  /**
   * A new token for the person, with their roles, narrowed to reading and/or to one of their teams.
   * None while a one-time password waits to be replaced: whoever saw it printed could keep the token.
   */
  public NewApiToken createApiToken(long userId, String name, boolean readOnly, Long teamId) {
    String label = requireText("name", name, 100);
    User owner = store.userById(userId).orElseThrow(() -> Problem.notFound("user", "no user " + userId));
    if (owner.mustChangePassword()) {
      throw Problem.forbidden("choose your own password before making API tokens");
    }
    if (teamId != null && !store.teamRoles(userId).containsKey(teamId) && !(owner.admin() && store.teamExists(teamId))) {
      throw Problem.invalid("team_id", "you are not in team " + teamId);
    }
    String secret = Secrets.generate("hush_", 40);
    long id = store.insertApiToken(userId, label, Secrets.sha256(secret), secret.substring(0, 9), readOnly, teamId, now());
    store.audit(userId, "token.create", "token:" + id, label + (readOnly ? " read-only" : "") + (teamId == null ? "" : " team:" + teamId), now());
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

  public Team createTeam(String name, Long actorId) {
    String teamName = requireText("name", name, 100);
    if (store.teams().stream().anyMatch(t -> t.name().equalsIgnoreCase(teamName))) {
      throw Problem.conflict("name", "a team with this name already exists");
    }
    long id = store.insertTeam(teamName, now());
    store.audit(actorId, "team.create", "team:" + id, teamName, now());
    return team(id);
  }

  public Team addMember(long teamId, long userId, TeamRole role, Long actorId) {
    if (!store.teamExists(teamId)) {
      throw Problem.notFound("team", "no team " + teamId);
    }
    requireUser(userId);
    store.upsertMember(teamId, userId, role);
    store.audit(actorId, "team.member", "team:" + teamId, "user:" + userId + " " + role.dbValue(), now());
    return team(teamId);
  }

  public List<Team> teams() {
    return store.teams();
  }

  /** The teams this person sees: their own, or all for an org admin. */
  public List<Team> teamsSeenBy(Principal p) {
    return store.teams().stream().filter(t -> p.sees(t.id())).toList();
  }

  /** The teams in which this person may edit services, schedules and policies. */
  public List<Team> teamsManagedBy(Principal p) {
    return store.teams().stream().filter(t -> p.may(TeamRole.MANAGER, t.id())).toList();
  }

  public Map<Long, String> teamNames() {
    Map<Long, String> names = new HashMap<>();
    store.teams().forEach(t -> names.put(t.id(), t.name()));
    return names;
  }

  public Optional<Team> teamNamed(String name) {
    return store.teams().stream().filter(t -> t.name().equalsIgnoreCase(name.strip())).findFirst();
  }

  /** The team, for the access check: empty when there is none. */
  public Optional<Long> teamExists(long teamId) {
    return store.teamExists(teamId) ? Optional.of(teamId) : Optional.empty();
  }

  /** Whether the person is in the team (any role): steps and overrides may only name the team's own people. */
  public boolean isMember(long teamId, long userId) {
    return store.teamRoles(userId).containsKey(teamId);
  }

  private Team team(long id) {
    return store.teams().stream().filter(t -> t.id() == id).findFirst().orElseThrow();
  }

  private void requireUser(long userId) {
    if (store.userById(userId).isEmpty()) {
      throw Problem.invalid("user_id", "no user " + userId);
    }
  }

  /** Password checks computed so far (a dummy's included), for tests. */
  long passwordChecksRun() {
    return passwordChecks.checksRun();
  }

  /** Stops the password-check threads. */
  @Override
  public void close() {
    passwordChecks.close();
  }

  public void audit(Long actorId, String action, String subject, String detail) {
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
