package dev.hush.core;

import java.util.Locale;

/**
 * The colour theme a person chose for this browser: light, dark, or whatever the system prefers.
 * It lives in a cookie so that the server writes it on {@code <html data-theme>} and the first paint
 * is already in the right colours (no flash of white at 2 AM).
 */
public enum Theme {
  LIGHT, DARK, SYSTEM;

  public static final String COOKIE = "hush_theme";

  /** The theme a cookie or form names; anything else (no cookie, an old or forged value) is {@link #SYSTEM}. */
  public static Theme of(String value) {
    if (value == null) {
      return SYSTEM;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "light" -> LIGHT;
      case "dark" -> DARK;
      default -> SYSTEM;
    };
  }

  /** The value of {@code data-theme} and of the cookie. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
