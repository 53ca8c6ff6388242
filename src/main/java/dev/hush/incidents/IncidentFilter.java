package dev.hush.incidents;

import java.util.Set;

/**
 * Which incidents to list: statuses (empty = all), one service (null = all), opened in
 * [openedFrom, openedTo) (null = unbounded), newest first, at most {@code limit}, strictly
 * older than the incident {@code beforeId} when paging (null = first page).
 */
public record IncidentFilter(Set<IncidentStatus> statuses, Long serviceId, Long openedFrom, Long openedTo, int limit, Long beforeId) {
  public static final int MAX_LIMIT = 500;

  public IncidentFilter {
    statuses = Set.copyOf(statuses);
    limit = Math.max(1, Math.min(limit, MAX_LIMIT));
  }
}
