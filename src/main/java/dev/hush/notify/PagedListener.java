package dev.hush.notify;

import dev.hush.people.User;
import org.jdbi.v3.core.Handle;

/** Told, in the transaction that queues it, that a person was paged for an incident: for counts kept elsewhere. */
@FunctionalInterface
public interface PagedListener {
  void paged(Handle h, long incidentId, User user, long at);
}
