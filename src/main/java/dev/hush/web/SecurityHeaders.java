package dev.hush.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers every response carries, errors and static assets included. The content security
 * policy allows scripts and styles from Hush itself only: no inline script, no inline event
 * handler, no inline style (htmx is told not to inject its indicator styles; they are in hush.css).
 */
final class SecurityHeaders {
  static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self'",
      "connect-src 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'");

  private final Map<String, String> headers = new LinkedHashMap<>();

  /** {@code https}: people reach Hush over https, so browsers are told to keep to it. */
  SecurityHeaders(boolean https) {
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Referrer-Policy", "same-origin");
    headers.put("Cross-Origin-Opener-Policy", "same-origin");
    if (https) {
      headers.put("Strict-Transport-Security", "max-age=31536000");
    }
  }

  void apply(Context ctx) {
    headers.forEach(ctx::header);
  }
}
