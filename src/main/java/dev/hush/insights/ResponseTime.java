package dev.hush.insights;

/**
 * How fast a service's incidents opened in a window were first acknowledged (MTTA) and resolved
 * (MTTR): means in milliseconds since opening, null when none was.
 */
public record ResponseTime(long from, long to, long serviceId, String service, long opened, long acked, Long mttaMillis, long resolved,
    Long mttrMillis) {

  static Long mean(long sum, long count) {
    return count == 0 ? null : Math.round((double) sum / count);
  }
}
