package dev.hush.alerts;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a service, a client address): {@code perMinute} requests a minute on
 * average, with bursts of up to {@code burst}. Per node; several nodes each allow the rate. At most
 * {@code maxKeys} keys are tracked: buckets that have refilled are dropped, and beyond that all new
 * keys share one bucket, so a flood from many addresses cannot grow the map.
 */
final class RateLimiter<K> {
  private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

  private final double perMilli;
  private final double capacity;
  private final int maxKeys;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<K, Bucket> buckets = new ConcurrentHashMap<>();
  private final Bucket overflow;
  private volatile long lastSweep;

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.lastNanos = now;
    }
  }

  /** {@code perMinute <= 0} turns limiting off. */
  RateLimiter(int perMinute, double burst, int maxKeys, LongSupplier nanoTime) {
    this.perMilli = perMinute / 60_000.0;
    this.capacity = burst;
    this.maxKeys = maxKeys;
    this.nanoTime = nanoTime;
    this.overflow = new Bucket(burst, nanoTime.getAsLong());
    this.lastSweep = nanoTime.getAsLong();
  }

  /** Bursts of up to ten seconds' worth, and at least ten. */
  static <K> RateLimiter<K> perMinute(int perMinute, int maxKeys, LongSupplier nanoTime) {
    return new RateLimiter<>(perMinute, Math.max(10, perMinute / 6.0), maxKeys, nanoTime);
  }

  /** Takes a token; returns 0 when allowed, else the seconds to wait before retrying. */
  long acquire(K key) {
    if (perMilli <= 0) {
      return 0;
    }
    Bucket b = buckets.get(key);
    if (b == null) {
      if (buckets.size() >= maxKeys) {
        sweep();
      }
      b = buckets.size() >= maxKeys ? overflow : buckets.computeIfAbsent(key, k -> new Bucket(capacity, nanoTime.getAsLong()));
    }
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

  /** Drops the buckets that have refilled: forgetting them changes nothing. At most once a second. */
  private void sweep() {
    long now = nanoTime.getAsLong();
    if (now - lastSweep < SWEEP_EVERY_NANOS) {
      return;
    }
    lastSweep = now;
    buckets.entrySet().removeIf(e -> {
      Bucket b = e.getValue();
      synchronized (b) {
        return b.tokens + (now - b.lastNanos) / 1_000_000.0 * perMilli >= capacity;
      }
    });
  }
}
