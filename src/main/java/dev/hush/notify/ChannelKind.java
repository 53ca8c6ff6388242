package dev.hush.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hush.core.Problem;
import java.util.Locale;

/** The kinds of contact method. Adding a provider adds a kind and one {@link Channel}. */
public enum ChannelKind {
  EMAIL, SLACK, TEAMS, WEBHOOK, NTFY, SMS, VOICE;

  @JsonValue
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * A room or endpoint a team watches together (Slack, Teams, a webhook), which a team's escalation
   * step may page; the others reach one person and are only ever used through that person.
   */
  public boolean shared() {
    return this == SLACK || this == TEAMS || this == WEBHOOK;
  }

  public static ChannelKind parse(String field, String value) {
    for (ChannelKind k : values()) {
      if (k.dbValue().equals(value)) {
        return k;
      }
    }
    throw Problem.invalid(field, "kind must be one of email, slack, teams, webhook, ntfy, sms, voice");
  }
}
