package dev.hush.incidents;

import java.util.Collection;
import org.jdbi.v3.core.Handle;

/**
 * A change to what is counted about one incident, attributed to its service, fingerprint and
 * opening instant: triggers received, opened, paged, first acknowledged or resolved (with the
 * milliseconds since opening), resolved by the sender within {@link #FAST_RESOLVE_MILLIS}, and
 * whether its log entry says something was done ({@code actedOn} is -1 when a rewrite takes that
 * back). The insights feature keeps these as its rollup; this feature only reports them.
 */
public record IncidentCounts(long serviceId, String fingerprint, long openedAt, long alertEvents, long opened, long pages,
    long acked, long ackMillis, long resolved, long resolveMillis, long senderResolvedFast, long actedOn) {

  /** An alert the sender resolves this soon after opening fixed itself: nobody needed waking. */
  public static final long FAST_RESOLVE_MILLIS = 5 * 60_000L;

  /** Told of counted changes inside the transaction that makes them, so counts and rows commit together. */
  public interface Listener {
    void counted(Handle h, Collection<IncidentCounts> changes);
  }

  static IncidentCounts none(long serviceId, String fingerprint, long openedAt) {
    return new IncidentCounts(serviceId, fingerprint, openedAt, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  public IncidentCounts plus(IncidentCounts o) {
    return new IncidentCounts(serviceId, fingerprint, openedAt, alertEvents + o.alertEvents, opened + o.opened, pages + o.pages,
        acked + o.acked, ackMillis + o.ackMillis, resolved + o.resolved, resolveMillis + o.resolveMillis,
        senderResolvedFast + o.senderResolvedFast, actedOn + o.actedOn);
  }

  IncidentCounts withPage() {
    return plus(new IncidentCounts(serviceId, fingerprint, openedAt, 0, 0, 1, 0, 0, 0, 0, 0, 0));
  }

  IncidentCounts withAck(long at) {
    return plus(new IncidentCounts(serviceId, fingerprint, openedAt, 0, 0, 0, 1, at - openedAt, 0, 0, 0, 0));
  }

  IncidentCounts withResolve(long at, boolean bySender) {
    boolean fast = bySender && at - openedAt <= FAST_RESOLVE_MILLIS;
    return plus(new IncidentCounts(serviceId, fingerprint, openedAt, 0, 0, 0, 0, 0, 1, at - openedAt, fast ? 1 : 0, 0));
  }

  IncidentCounts withActedOn(long delta) {
    return plus(new IncidentCounts(serviceId, fingerprint, openedAt, 0, 0, 0, 0, 0, 0, 0, 0, delta));
  }
}
