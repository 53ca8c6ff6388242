package dev.hush.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Where one person can be reached: an e-mail address, a webhook URL, an ntfy topic URL, a phone number. */
public record ContactMethod(long id, long userId, ChannelKind kind, String name, String address, @JsonIgnore String secret,
    Long failingSince) {

  /** How people see it in policies and timelines: "#payments (slack)". */
  public String label() {
    return name + " (" + kind.dbValue() + ")";
  }
}
