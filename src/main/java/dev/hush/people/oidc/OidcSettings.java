package dev.hush.people.oidc;

import dev.hush.core.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single sign-on through an OpenID Connect provider, as configured at start-up. Off when no
 * issuer is given.
 *
 * @param issuer       the provider's issuer URL; its discovery document is {@code <issuer>/.well-known/openid-configuration}
 * @param clientId     the client id Hush is registered under at the provider
 * @param clientSecret that client's secret
 * @param providerName shown on the sign-in button ("Sign in with …")
 * @param scopes       requested scopes, space-separated; always includes {@code openid}
 * @param groupsClaim  the ID token (or userinfo) claim that lists the person's groups
 * @param groupRoles   which group gives which role on which team
 */
public record OidcSettings(String issuer, String clientId, String clientSecret, String providerName, String scopes,
    String groupsClaim, List<GroupRole> groupRoles) {

  public static final String DEFAULT_SCOPES = "openid email profile";
  public static final String DEFAULT_GROUPS_CLAIM = "groups";

  /** No single sign-on. */
  public static final OidcSettings NONE = new OidcSettings(null, null, null, null, DEFAULT_SCOPES, DEFAULT_GROUPS_CLAIM, List.of());

  /**
   * Members of {@code group} get {@code role} ({@code manager}, {@code responder} or {@code viewer})
   * on the team named {@code team}.
   */
  public record GroupRole(String group, String team, String role) {}

  /** The team roles a group may grant, lowest first. */
  public static final List<String> ROLES = List.of("viewer", "responder", "manager");

  public OidcSettings {
    groupRoles = List.copyOf(groupRoles);
  }

  public boolean enabled() {
    return issuer != null;
  }

  /**
   * Reads the settings as given on the command line or in the environment, failing with the
   * option at fault. {@code issuer} blank means single sign-on is off, and the rest is ignored.
   */
  public static OidcSettings parse(String issuer, String clientId, String clientSecret, String providerName, String scopes,
      String groupsClaim, String groupRoles) {
    if (issuer == null || issuer.isBlank()) {
      return NONE;
    }
    String iss = issuer.strip();
    URI uri;
    try {
      uri = new URI(iss);
    } catch (URISyntaxException e) {
      throw Problem.invalid("HUSH_OIDC_ISSUER", "the issuer must be a URL, like https://accounts.example.com");
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
        || uri.getQuery() != null || uri.getFragment() != null) {
      throw Problem.invalid("HUSH_OIDC_ISSUER", "the issuer must be an https URL without query or fragment, like https://accounts.example.com");
    }
    if (clientId == null || clientId.isBlank()) {
      throw Problem.invalid("HUSH_OIDC_CLIENT_ID", "single sign-on needs the client id Hush is registered under at " + iss);
    }
    if (clientSecret == null || clientSecret.isBlank()) {
      throw Problem.invalid("HUSH_OIDC_CLIENT_SECRET", "single sign-on needs the client secret of client " + clientId.strip());
    }
    String name = providerName == null || providerName.isBlank() ? uri.getHost() : providerName.strip();
    String scope = scopes == null || scopes.isBlank() ? DEFAULT_SCOPES : scopes.strip();
    if (!List.of(scope.split("\\s+")).contains("openid")) {
      scope = "openid " + scope;
    }
    String claim = groupsClaim == null || groupsClaim.isBlank() ? DEFAULT_GROUPS_CLAIM : groupsClaim.strip();
    return new OidcSettings(iss, clientId.strip(), clientSecret, name, scope, claim, parseGroupRoles(groupRoles));
  }

  /**
   * {@code group=Team:role} entries separated by commas, e.g.
   * {@code sre-oncall=Payments:responder,sre-leads=Payments:manager}. The group is everything before
   * the last {@code =}, the role everything after the last {@code :}.
   */
  public static List<GroupRole> parseGroupRoles(String spec) {
    List<GroupRole> roles = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return roles;
    }
    for (String raw : spec.split("[,\\n]")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      int colon = entry.lastIndexOf(':');
      if (eq <= 0 || colon <= eq + 1 || colon == entry.length() - 1) {
        throw Problem.invalid("HUSH_OIDC_GROUP_ROLES", "'" + entry + "' is not group=Team:role (e.g. sre-oncall=Payments:responder)");
      }
      String role = entry.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      if (!ROLES.contains(role)) {
        throw Problem.invalid("HUSH_OIDC_GROUP_ROLES", "'" + entry + "': the role must be one of " + String.join(", ", ROLES));
      }
      roles.add(new GroupRole(entry.substring(0, eq).strip(), entry.substring(eq + 1, colon).strip(), role));
    }
    return roles;
  }

  @Override
  public String toString() {
    // Never print the secret (records print every component by default).
    return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", providerName=" + providerName + ", scopes=" + scopes
        + ", groupsClaim=" + groupsClaim + ", groupRoles=" + groupRoles + "]";
  }
}
