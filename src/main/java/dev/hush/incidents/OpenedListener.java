package dev.hush.incidents;

import java.sql.SQLException;

/**
 * Told when ingest opens an incident, inside the ingest transaction, so follow-up work (the
 * first escalation step) commits together with the incident or not at all.
 */
public interface OpenedListener {
  /**
   * Returns what to do once that transaction has committed (send the pages it queued), or null.
   * It runs only after the commit, and never when the transaction rolls back. {@code writer} is the
   * ingest transaction's: its handle for further statements, and its timeline note.
   */
  Runnable opened(IncidentWriter writer, IncidentFacts incident) throws SQLException;
}
