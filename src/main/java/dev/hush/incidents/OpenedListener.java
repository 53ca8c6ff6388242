package dev.hush.incidents;

import org.jdbi.v3.core.Handle;

/**
 * Told when ingest opens an incident, inside the ingest transaction, so follow-up work (the
 * first escalation step) commits together with the incident or not at all.
 */
public interface OpenedListener {
  void opened(Handle h, long incidentId, long serviceId);

  /** After the transaction that opened incidents committed. */
  default void committed() {}
}
