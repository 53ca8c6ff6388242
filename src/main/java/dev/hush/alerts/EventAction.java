package dev.hush.alerts;

import java.util.Locale;

/** What a received event asks for. */
public enum EventAction {
  TRIGGER, ACKNOWLEDGE, RESOLVE;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
