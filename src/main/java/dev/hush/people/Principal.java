package dev.hush.people;

import io.javalin.http.Context;

/**
 * Who is making a request: a signed-in user (with the session's CSRF token) or a script
 * holding an API token (no CSRF token, since it sends no cookies).
 */
public record Principal(User user, String csrfToken) {
  private static final String ATTRIBUTE = "hush.principal";

  public long userId() {
    return user.id();
  }

  public void attachTo(Context ctx) {
    ctx.attribute(ATTRIBUTE, this);
  }

  /** The principal the auth filter attached; routes behind the filter always have one. */
  public static Principal of(Context ctx) {
    Principal p = ctx.attribute(ATTRIBUTE);
    if (p == null) {
      throw new IllegalStateException("route reached without authentication");
    }
    return p;
  }
}
