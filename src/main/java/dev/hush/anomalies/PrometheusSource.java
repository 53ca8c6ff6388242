package dev.hush.anomalies;

import dev.hush.core.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A team's Prometheus server: its base URL (the part before {@code /api/v1}) and how to sign in,
 * with basic auth ({@code username} and {@code password}), a bearer token, or not at all.
 */
public record PrometheusSource(long teamId, String baseUrl, String username, String password, String bearerToken) {
  public PrometheusSource {
    baseUrl = baseUrl == null ? "" : baseUrl.strip();
    while (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
    if (baseUrl.isEmpty()) {
      throw Problem.invalid("base_url", "base_url is required, e.g. http://prometheus:9090");
    }
    URI uri;
    try {
      uri = new URI(baseUrl);
    } catch (URISyntaxException e) {
      throw Problem.invalid("base_url", "base_url is not a URL: " + e.getReason());
    }
    if (baseUrl.length() > 500 || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
        || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
      throw Problem.invalid("base_url", "base_url must be an http(s) URL with a host and no query, e.g. http://prometheus:9090");
    }
    username = blankToNull(username);
    password = blankToNull(password);
    bearerToken = blankToNull(bearerToken);
    if (username != null && password == null) {
      throw Problem.invalid("password", "basic auth needs the password with the username");
    }
    if (password != null && username == null) {
      throw Problem.invalid("username", "basic auth needs the username with the password");
    }
    if (username != null && bearerToken != null) {
      throw Problem.invalid("bearer_token", "use either basic auth or a bearer token, not both");
    }
    if (username != null && (username.length() > 200 || username.contains(":"))) {
      throw Problem.invalid("username", "username: at most 200 characters and no colon");
    }
    if ((password != null && password.length() > 1_000) || (bearerToken != null && bearerToken.length() > 4_000)) {
      throw Problem.invalid(password != null ? "password" : "bearer_token", "the secret is too long");
    }
  }

  /** How to sign in: {@code basic}, {@code bearer} or {@code none}. */
  public String auth() {
    return username != null ? "basic" : bearerToken != null ? "bearer" : "none";
  }

  /** The Authorization header's value, or null. */
  String authorization() {
    if (username != null) {
      return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
    return bearerToken == null ? null : "Bearer " + bearerToken;
  }

  /** The source as shown to its team: the secret never leaves the store. */
  public Shown shown() {
    return new Shown(teamId, true, baseUrl, auth(), username);
  }

  /** A team's source as its people see it; {@code configured} false (and the rest empty) when it has none. */
  public record Shown(long teamId, boolean configured, String baseUrl, String auth, String username) {
    static Shown none(long teamId) {
      return new Shown(teamId, false, null, null, null);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
