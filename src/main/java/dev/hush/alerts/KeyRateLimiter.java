package dev.hush.alerts;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per integration key: {@code perMinute} requests a minute on average, with
 * bursts of up to ten seconds' worth. Per node; several nodes each allow the rate.
 */
final class KeyRateLimiter {
  private final double perMilli;
  private final double capacity;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long lastNanos;
  }

  /** {@code perMinute <= 0} turns limiting off. */
  KeyRateLimiter(int perMinute, LongSupplier nanoTime) {
    this.perMilli = perMinute / 60_000.0;
    this.capacity = Math.max(10, perMinute / 6.0);
    this.nanoTime = nanoTime;
  }

  /** Takes a token; returns 0 when allowed, else the seconds to wait before retrying. */
  long acquire(long keyId) {
    if (perMilli <= 0) {
      return 0;
    }
    Bucket b = buckets.computeIfAbsent(keyId, k -> {
      Bucket nb = new Bucket();
      nb.tokens = capacity;
      nb.lastNanos = nanoTime.getAsLong();
      return nb;
    });
    synchronized (b) {
      long now = nanoTime.getAsLong();
      b.tokens = Math.min(capacity, b.tokens + (now - b.lastNanos) / 1_000_000.0 * perMilli);
      b.lastNanos = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / perMilli / 1000.0));
    }
  }
}
