package dev.hush.incidents;

import org.jdbi.v3.core.Handle;

/**
 * Told when ingest opens an incident, inside the ingest transaction, so follow-up work (the
 * first escalation step) commits together with the incident or not at all.
 */
public interface OpenedListener {
  /**
   * Returns what to do once that transaction has committed (send the pages it queued), or null.
   * It runs only after the commit, and never when the transaction rolls back.
   */
  Runnable opened(Handle h, IncidentFacts incident);
}
