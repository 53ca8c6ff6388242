package dev.hush.people;

import static dev.hush.people.AuditLog.state;

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
import org.jdbi.v3.core.Handle;

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

    public SessionPolicy {
      if (idle.isNegative() || idle.isZero() || idle.compareTo(lifetime) > 0) {
        throw Problem.invalid("session-idle-minutes", "the idle timeout must be positive and at most the session lifetime ("
            + lifetime.toHours() + " h)");
      }
    }

    public SessionPolicy withIdle(Duration idle) {
      return new SessionPolicy(lifetime, idle, oneTimePassword);
    }
  }
  private static final String LOCAL_PASSWORDS = "people.local_passwords";
  public static final String LOCAL_PASSWORDS_OFF =
      "password sign-in is turned off: use single sign-on (an admin's password still works, for when the provider is down)";

  private final PeopleStore store;
  private final SettingsStore settings;
  private final Clock clock;
  private final SessionPolicy sessions;
  private final TtlCache<Long, Optional<User>> recentUsers;
  private final AuditLog auditLog;
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
    this.settings = new SettingsStore(db);
    this.clock = clock;
    this.sessions = sessions;
    this.recentUsers = new TtlCache<>(clock, 5_000, store::userById);
    this.auditLog = new AuditLog(db, clock);
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
    auditLog.record(actorId, "user.create", "user:" + id, null, null,
        state("email", normalizedEmail, "name", displayName, "admin", admin, "time_zone", zone));
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
    long team = teamNamed(FIRST_TEAM).map(Team::id).orElseGet(() -> createTeam(FIRST_TEAM, admin.id()).id());
    addMember(team, admin.id(), TeamRole.MANAGER, admin.id());
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
    auditLog.record(userId, "user.password", "user:" + userId, null, null,
        state("password", "changed", "other_sessions_and_tokens", "revoked"));
  }

  /** An admin resets someone's password: a one-time password to hand over, and all their sessions and tokens end. */
  public String resetPassword(long userId, Long actorId) {
    requireUser(userId);
    String password = Secrets.generate("", 20);
    store.updatePassword(userId, PasswordHashing.hash(password), now() + sessions.oneTimePassword().toMillis());
    store.revokeSessionsAndTokens(userId, null, now());
    auditLog.record(actorId, "user.password_reset", "user:" + userId, null, null,
        state("password", "one-time password issued", "sessions_and_tokens", "revoked"));
    return password;
  }

  /** Disabled people cannot sign in, and their sessions and tokens stop at once; they stay in history. */
  public void setDisabled(long userId, boolean disabled, Long actorId) {
    if (actorId != null && userId == actorId && disabled) {
      throw Problem.invalid("user_id", "you cannot disable yourself");
    }
    UserStatus before = status(userId);
    store.setDisabled(userId, disabled ? now() : null);
    recentUsers.invalidate(userId);
    auditLog.record(actorId, disabled ? "user.disable" : "user.enable", "user:" + userId, null,
        state("disabled", before.disabled()), state("disabled", disabled));
  }

  /** The person changes their own name and time zone (null: keep as it is). */
  public User updateProfile(long userId, String name, String timeZone) {
    return updateUser(userId, name, timeZone, null, userId);
  }

  /**
   * An admin changes a person's name, time zone or org admin role (null: keep as it is), disabled
   * people too. An admin cannot take their own admin role away, so the organisation keeps one.
   */
  public User updateUser(long userId, String name, String timeZone, Boolean admin, Long actorId) {
    UserStatus before = status(userId);
    User was = before.user();
    String newName = name == null ? was.name() : requireText("name", name, 200);
    String zone = timeZone == null ? was.timeZone() : requireZone(timeZone);
    boolean newAdmin = admin == null ? was.admin() : admin;
    if (actorId != null && actorId == userId && was.admin() && !newAdmin) {
      throw Problem.invalid("admin", "you cannot take away your own admin role: ask another admin");
    }
    store.updateUser(userId, newName, zone, newAdmin);
    recentUsers.invalidate(userId);
    auditLog.record(actorId, "user.update", "user:" + userId, null,
        state("name", was.name(), "time_zone", was.timeZone(), "admin", was.admin()),
        state("name", newName, "time_zone", zone, "admin", newAdmin));
    return status(userId).user();
  }

  /** A person, disabled or not, as the admin sees them. */
  public UserStatus status(long userId) {
    return store.userStatuses().stream().filter(s -> s.user().id() == userId).findFirst()
        .orElseThrow(() -> Problem.notFound("user", "no user " + userId));
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
    boolean localPasswords = localPasswordsAllowed();
    if (!localPasswords && !(ok && user.isPresent() && user.get().admin())) {
      // Break-glass: an org admin's password still works, so a provider outage locks nobody out for good.
      // Every other refusal reads the same, so it tells nothing about the account or the password.
      throw Problem.unauthorized(LOCAL_PASSWORDS_OFF);
    }
    if (!ok || user.isEmpty()) {
      throw Problem.unauthorized("wrong email or password");
    }
    signInThrottle.giveBack(attempt);
    return startSession(user.get().id(), localPasswords ? "password" : "password, break-glass");
  }

  /**
   * A session for a person whose identity is proven already (a password checked here, or an
   * identity provider's signed ID token): the same kind of session whichever way they signed in.
   * {@code via} says which, for the audit log.
   */
  public Session startSession(long userId, String via) {
    User user = store.userById(userId).orElseThrow(() -> Problem.forbidden("this account is disabled"));
    Long expires = store.passwordExpiresAt(user.id()).orElse(null);
    if (expires != null && expires <= now()) {
      throw Problem.unauthorized("this one-time password has expired; ask an admin to reset it");
    }
    String token = Secrets.generate("", 43);
    String csrf = Secrets.generate("", 32);
    long now = now();
    store.insertSession(Secrets.sha256(token), user.id(), csrf, now, now + sessions.lifetime().toMillis());
    auditLog.record(user.id(), "session.create", "user:" + user.id(), null, null, Map.of("via", via));
    return new Session(token, principal(user, csrf, null, false));
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
      auditLog.record(id, "user.create", "user:" + id, null, null, Map.of("email", normalizedEmail, "via", via));
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
    auditLog.record(actorId, "settings.local_passwords", "settings:" + LOCAL_PASSWORDS, null, null,
        Map.of("local_passwords", allowed ? "on" : "off"));
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

  /** What a person may do, for one who acts as them outside HTTP (the CLI's {@code --as}). */
  public Principal actingAs(User user) {
    return principal(user, null, null, false);
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
    auditLog.record(userId, "token.create", "user:" + userId, null, null,
        state("token_id", id, "name", label, "read_only", readOnly, "team_id", teamId));
    return new NewApiToken(secret, id);
  }

  public List<ApiToken> apiTokens(long userId) {
    return store.apiTokens(userId);
  }

  public void revokeApiToken(long userId, long tokenId) {
    if (store.revokeApiToken(userId, tokenId, now()) == 0) {
      throw Problem.notFound("token", "no active token " + tokenId + " of yours");
    }
    auditLog.record(userId, "token.revoke", "user:" + userId, null, state("token_id", tokenId, "revoked", false),
        state("token_id", tokenId, "revoked", true));
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
    auditLog.record(actorId, "team.create", "team:" + id, id, null, state("name", teamName));
    return team(id);
  }

  public Team addMember(long teamId, long userId, TeamRole role, Long actorId) {
    if (!store.teamExists(teamId)) {
      throw Problem.notFound("team", "no team " + teamId);
    }
    requireUser(userId);
    TeamRole before = store.teamRoles(userId).get(teamId);
    store.upsertMember(teamId, userId, role);
    auditLog.record(actorId, "team.member", "team:" + teamId, teamId,
        before == null ? null : state("user_id", userId, "role", before), state("user_id", userId, "role", role));
    return team(teamId);
  }

  /** Takes someone off a team: they keep their account, and lose what the team's role gave them. */
  public Team removeMember(long teamId, long userId, Long actorId) {
    TeamRole role = store.teamRoles(userId).get(teamId);
    if (role == null || store.deleteMember(teamId, userId) == 0) {
      throw Problem.notFound("user_id", "user " + userId + " is not in team " + teamId);
    }
    auditLog.record(actorId, "team.member_remove", "team:" + teamId, teamId, Map.of("user_id", userId, "role", role.dbValue()), null);
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

  /** The team's people, for checking many of them against it at once. */
  public Set<Long> memberIds(long teamId) {
    return store.memberIds(teamId);
  }

  private Team team(long id) {
    return store.teams().stream().filter(t -> t.id() == id).findFirst().orElseThrow();
  }

  private void requireUser(long userId) {
    if (store.userById(userId).isEmpty()) {
      throw Problem.invalid("user_id", "no user " + userId);
    }
  }

  /**
   * Records a change in the audit log: who ({@code actorId}, null for the command line or Hush
   * itself), what, to which subject ({@code service:3}), the team that owns it, and its state
   * before and after (null for a creation or a deletion; never a secret, only that it changed).
   * Joins the transaction this thread has open on the store, so a feature that makes its change
   * in one writes the entry with it.
   */
  public void audit(Handle h, Long actorId, String action, String subject, Long teamId, Object before, Object after) {
    auditLog.record(h, actorId, action, subject, teamId, before, after);
  }

  /**
   * The audit entries this person may read, newest first: everything for an org admin, the entries
   * of the teams they manage for a team manager. Anyone else is refused: what belongs to no team
   * (people, tokens, contact methods) is for org admins only.
   */
  public List<AuditEntry> auditEntries(Principal p, AuditFilter filter) {
    if (p.admin()) {
      return auditLog.search(filter.within(null));
    }
    Set<Long> managed = p.managedTeams();
    if (managed.isEmpty()) {
      throw Problem.forbidden("the audit log is for org admins and team managers");
    }
    return auditLog.search(filter.within(managed));
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
