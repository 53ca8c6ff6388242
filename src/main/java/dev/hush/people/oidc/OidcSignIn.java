package dev.hush.people.oidc;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.hush.core.Problem;
import dev.hush.core.Secrets;
import dev.hush.people.PeopleService;
import dev.hush.people.Principal;
import dev.hush.people.Team;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import dev.hush.store.Database;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single sign-on with an OpenID Connect provider: the authorization code flow with PKCE (S256),
 * state and nonce. A person is matched by their verified e-mail address, or created on their
 * first sign-in; their groups give them team roles at every sign-in; the session is the same
 * kind a password sign-in starts.
 */
public final class OidcSignIn {
  private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);
  public static final String CALLBACK_PATH = "/login/oidc/callback";
  /** How long a person may take at the provider between leaving Hush and coming back. */
  public static final Duration ATTEMPT_LIFETIME = Duration.ofMinutes(10);

  /** Where to send the browser, and the state to keep in its cookie until it comes back. */
  public record Redirect(URI location, String state) {}

  /** A finished sign-in: the new session and the page to go on to. */
  public record SignedIn(PeopleService.Session session, String next) {}

  /** What the admin page shows. {@code teamExists}: a mapping to a team that does not exist is skipped. */
  public record Status(boolean enabled, String providerName, String issuer, String redirectUri, String groupsClaim,
      List<Mapping> mappings, boolean localPasswords) {}

  public record Mapping(String group, String team, String role, boolean teamExists) {}

  private final OidcSettings settings;
  private final URI redirectUri;
  private final PeopleService people;
  private final OidcStore store;
  private final OidcProvider provider;
  private final Clock clock;

  public OidcSignIn(OidcSettings settings, String baseUrl, PeopleService people, Database db, Clock clock) {
    this.settings = settings;
    this.redirectUri = URI.create(baseUrl.replaceAll("/+$", "") + CALLBACK_PATH);
    this.people = people;
    this.store = new OidcStore(db);
    this.provider = new OidcProvider(settings, clock);
    this.clock = clock;
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /** The name on the sign-in button, or null when single sign-on is off. */
  public String providerName() {
    return settings.enabled() ? settings.providerName() : null;
  }

  /** The redirect URI to register at the provider. */
  public URI redirectUri() {
    return redirectUri;
  }

  /** Starts a sign-in: remembers its state, nonce and PKCE verifier, and says where to send the browser. */
  public Redirect begin(String next) {
    requireEnabled();
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    URI location = provider.authorizationRequest(redirectUri, state, nonce, verifier);
    long now = clock.millis();
    store.insert(Secrets.sha256(state.getValue()),
        new OidcStore.PendingLogin(nonce.getValue(), verifier.getValue(), safeNext(next), now + ATTEMPT_LIFETIME.toMillis()), now);
    return new Redirect(location, state.getValue());
  }

  /**
   * Finishes a sign-in when the provider sends the browser back: {@code state} must be the one
   * this browser's cookie holds and an attempt still open; the code is traded for an ID token that
   * must be valid and carry the attempt's nonce and a verified e-mail address.
   */
  public SignedIn finish(String code, String state, String browserState, String error, String errorDescription) {
    requireEnabled();
    if (error != null) {
      if (state != null && !state.isEmpty()) {
        store.take(Secrets.sha256(state));
      }
      throw new Problem(401, "sso_refused", "error", settings.providerName() + " did not sign you in: " + error
          + (errorDescription == null ? "" : " (" + errorDescription + ")"));
    }
    if (state == null || state.isEmpty() || browserState == null
        || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), browserState.getBytes(StandardCharsets.UTF_8))) {
      throw Problem.invalid("state", "this sign-in did not start in this browser (its state does not match); start again from the sign-in page");
    }
    OidcStore.PendingLogin pending = store.take(Secrets.sha256(state))
        .orElseThrow(() -> Problem.invalid("state", "this sign-in is unknown or was used already; start again from the sign-in page"));
    if (pending.expiresAt() < clock.millis()) {
      throw Problem.invalid("state", "this sign-in took longer than " + ATTEMPT_LIFETIME.toMinutes() + " minutes; start again from the sign-in page");
    }
    if (code == null || code.isEmpty()) {
      throw Problem.invalid("code", settings.providerName() + " sent no authorization code");
    }
    Map<String, Object> claims = provider.signIn(code, redirectUri, new CodeVerifier(pending.codeVerifier()), new Nonce(pending.nonce()));
    String email = claims.get("email") instanceof String s && !s.isBlank() ? s.strip() : null;
    if (email == null) {
      throw new Problem(403, "sso_refused", "email", settings.providerName()
          + " sent no e-mail address; Hush needs one (the 'email' scope) to know who you are");
    }
    Object verified = claims.get("email_verified");
    if (!(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
      throw new Problem(403, "sso_refused", "email_verified", settings.providerName() + " has not verified the e-mail address "
          + email + "; Hush signs in only people whose address their provider has verified. Verify it there, or ask an admin.");
    }
    User user = people.userForVerifiedEmail(email, displayName(claims), "oidc");
    applyGroupRoles(user, claims);
    return new SignedIn(people.startSession(user.id(), "oidc"), pending.next());
  }

  /**
   * Turns local passwords on or off. Off needs single sign-on configured and its provider
   * answering now (discovery document and keys), so nobody is locked out by a typo; an admin's
   * password keeps working for when the provider goes down later.
   */
  public void setLocalPasswords(boolean on, Principal actor) {
    if (!on) {
      if (!settings.enabled()) {
        throw Problem.invalid("local_passwords", "set up single sign-on (HUSH_OIDC_ISSUER, HUSH_OIDC_CLIENT_ID, HUSH_OIDC_CLIENT_SECRET) "
            + "before turning local passwords off");
      }
      try {
        provider.check();
      } catch (Problem p) {
        throw new Problem(409, "conflict", "local_passwords", "single sign-on does not work right now, so local passwords stay on: " + p.detail());
      }
    }
    people.setLocalPasswordsAllowed(on, actor.userId());
  }

  public Status status() {
    List<Team> teams = people.teams();
    List<Mapping> mappings = settings.groupRoles().stream()
        .map(g -> new Mapping(g.group(), g.team(), g.role(), team(teams, g.team()).isPresent()))
        .toList();
    return new Status(settings.enabled(), providerName(), settings.issuer(), redirectUri.toString(), settings.groupsClaim(), mappings,
        people.localPasswordsAllowed());
  }

  /**
   * Gives the person the roles their groups map to: the highest one per team, added or changed
   * (never removed) at every sign-in. A mapping to a team that does not exist is skipped.
   */
  private void applyGroupRoles(User user, Map<String, Object> claims) {
    if (settings.groupRoles().isEmpty()) {
      return;
    }
    Set<String> groups = groups(claim(claims, settings.groupsClaim()));
    Map<String, String> wanted = new LinkedHashMap<>();
    for (OidcSettings.GroupRole g : settings.groupRoles()) {
      if (groups.contains(g.group())) {
        wanted.merge(g.team(), g.role(), (a, b) -> OidcSettings.ROLES.indexOf(a) >= OidcSettings.ROLES.indexOf(b) ? a : b);
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    List<Team> teams = people.teams();
    wanted.forEach((teamName, roleName) -> {
      Optional<Team> team = team(teams, teamName);
      if (team.isEmpty()) {
        LOG.warn("single sign-on maps a group to team '{}', which does not exist; create it or fix HUSH_OIDC_GROUP_ROLES", teamName);
        return;
      }
      TeamRole role = teamRole(roleName);
      boolean same = team.get().members().stream().anyMatch(m -> m.userId() == user.id() && m.role() == role);
      if (!same) {
        people.addMember(team.get().id(), user.id(), role, user.id());
      }
    });
  }

  /** The team role a group grants, by its configured name: manager, responder or viewer. */
  static TeamRole teamRole(String name) {
    return TeamRole.parse("role", name);
  }

  private static Optional<Team> team(List<Team> teams, String name) {
    return teams.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
  }

  /**
   * A claim by its name, or (for names like {@code realm_access.roles}) by a path into nested
   * objects when no claim has the whole name. Namespaced names such as {@code https://x.io/groups}
   * are found by their whole name first.
   */
  static Object claim(Map<String, Object> claims, String name) {
    if (claims.containsKey(name)) {
      return claims.get(name);
    }
    Object node = claims;
    for (String part : name.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(part);
    }
    return node;
  }

  private static Set<String> groups(Object value) {
    Set<String> groups = new LinkedHashSet<>();
    if (value instanceof String s) {
      groups.add(s);
    } else if (value instanceof Collection<?> list) {
      list.forEach(v -> groups.add(String.valueOf(v)));
    }
    return groups;
  }

  private static String displayName(Map<String, Object> claims) {
    List<String> candidates = new ArrayList<>();
    for (String key : List.of("name", "preferred_username")) {
      if (claims.get(key) instanceof String s && !s.isBlank()) {
        candidates.add(s);
      }
    }
    if (candidates.isEmpty() && claims.get("given_name") instanceof String given) {
      candidates.add(given + (claims.get("family_name") instanceof String family ? " " + family : ""));
    }
    return candidates.isEmpty() ? null : candidates.get(0);
  }

  private void requireEnabled() {
    if (!settings.enabled()) {
      throw Problem.notFound("sso", "single sign-on is not set up on this Hush");
    }
  }

  /** Only same-site paths, so the sign-in can't be turned into an open redirect. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.length() > 2_000) {
      return "/incidents";
    }
    return next;
  }
}
