package dev.hush.incidents;

import java.util.List;

/**
 * The received alert events of an incident, as timeline entries. The {@code alerts} feature
 * owns those events and provides this, so {@code incidents} never reads its tables.
 */
public interface EventHistory {
  List<TimelineEntry> eventsOf(long incidentId);
}
