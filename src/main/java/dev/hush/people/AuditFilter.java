package dev.hush.people;

import dev.hush.core.Problem;
import dev.hush.core.RequestParams;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.function.Function;

/**
 * Which audit entries to read: by actor (user id), subject ({@code service:3}, or a kind alone,
 * {@code service}, for every service), owning team, in [since, until) (epoch ms), newest first, at
 * most {@code limit}, older than entry {@code beforeId} when paging. {@code teamsVisible} is the
 * reader's scope: null for an org admin (everything), else the teams whose entries they may read.
 */
public record AuditFilter(Long actorId, String subject, Long teamId, Long since, Long until, int limit, Long beforeId,
    Set<Long> teamsVisible) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 500;

  public AuditFilter {
    teamsVisible = teamsVisible == null ? null : Set.copyOf(teamsVisible);
  }

  /** The same filter, narrowed to what a reader may see. */
  public AuditFilter within(Set<Long> teams) {
    return new AuditFilter(actorId, subject, teamId, since, until, limit, beforeId, teams);
  }

  /**
   * Reads {@code actor}, {@code subject}, {@code team}, {@code since}, {@code until}, {@code limit}
   * and {@code before_id}; a bad value is a 400 naming its field. Instants are ISO 8601
   * ({@code 2026-11-24T08:00:00Z}) or epoch milliseconds; a date or a local date and time
   * ({@code 2026-11-24T09:00}, as a form sends it) is read in {@code zone}.
   */
  public static AuditFilter parse(Function<String, String> param, ZoneId zone) {
    String subject = blankToNull(param.apply("subject"));
    if (subject != null && (subject.length() > 200 || !subject.matches("[a-z_]+(:[A-Za-z0-9_.-]+)?"))) {
      throw Problem.invalid("subject", "subject must be a kind and an id such as service:3, or a kind alone such as service");
    }
    Long since = instant("since", param.apply("since"), zone);
    Long until = instant("until", param.apply("until"), zone);
    if (since != null && until != null && until <= since) {
      throw Problem.invalid("until", "until must be after since");
    }
    Long limit = RequestParams.optionalLong("limit", param.apply("limit"));
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw Problem.invalid("limit", "limit must be between 1 and " + MAX_LIMIT);
    }
    return new AuditFilter(RequestParams.optionalLong("actor", param.apply("actor")), subject,
        RequestParams.optionalLong("team", param.apply("team")), since, until, limit == null ? DEFAULT_LIMIT : limit.intValue(),
        RequestParams.optionalLong("before_id", param.apply("before_id")), null);
  }

  private static Long instant(String field, String value, ZoneId zone) {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    try {
      if (v.chars().allMatch(Character::isDigit)) {
        return Long.parseLong(v);
      }
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(zone).toInstant().toEpochMilli();
      }
      if (!v.endsWith("Z") && !v.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return LocalDateTime.parse(v).atZone(zone).toInstant().toEpochMilli();
      }
      return Instant.parse(v).toEpochMilli();
    } catch (DateTimeException | NumberFormatException e) {
      throw Problem.invalid(field, field + " must be an ISO 8601 instant (2026-11-24T08:00:00Z), a date, or epoch milliseconds");
    }
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.strip();
  }
}
