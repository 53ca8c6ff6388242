package dev.hush.incidents;

import java.util.List;
import java.util.Optional;

/**
 * The received alert events of an incident, as timeline entries. The {@code alerts} feature
 * owns those events and provides this, so {@code incidents} never reads its tables.
 */
public interface EventHistory {
  List<TimelineEntry> eventsOf(long incidentId);

  /** The body of the event that opened the incident, as it arrived. */
  Optional<String> firstEventBody(long incidentId);
}
