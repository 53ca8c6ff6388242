package dev.hush.incidents;

import java.util.Set;

/**
 * Which incidents to list: statuses (empty = all), one service (null = all), opened in
 * [openedFrom, openedTo) (null = unbounded), at most {@code limit}, strictly older than the
 * incident {@code beforeId} when paging (null = first page). Newest first, or with {@code triage}
 * as a person handles them: unacknowledged first, then the most severe, then the newest.
 */
public record IncidentFilter(Set<IncidentStatus> statuses, Long serviceId, Long openedFrom, Long openedTo, int limit, Long beforeId,
    boolean triage) {
  public static final int MAX_LIMIT = 500;

  public IncidentFilter {
    statuses = Set.copyOf(statuses);
    limit = Math.max(1, Math.min(limit, MAX_LIMIT));
  }

  /** Newest first, the order that pages stably by {@code beforeId}. */
  public IncidentFilter(Set<IncidentStatus> statuses, Long serviceId, Long openedFrom, Long openedTo, int limit, Long beforeId) {
    this(statuses, serviceId, openedFrom, openedTo, limit, beforeId, false);
  }
}
