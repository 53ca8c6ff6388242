package dev.hush.insights;

/**
 * A service's hours from {@code from}, one slot per hour: alert events, pages and incidents of the
 * incidents that opened in that hour.
 */
public record ServiceHours(long serviceId, String service, long from, long[] alertEvents, long[] pages, long[] incidents) {}
