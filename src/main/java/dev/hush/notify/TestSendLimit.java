package dev.hush.notify;

import dev.hush.core.Problem;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * At most one test message per person per interval, whichever of their contact methods it goes
 * to, so a double click or a script cannot ring someone's phone again and again, nor use many
 * methods to send many requests to wherever their URLs point. Kept per node, in memory: a test is
 * not a page, and a restart or a second node letting one more test through is harmless.
 */
final class TestSendLimit {
  private final Clock clock;
  private final long intervalMillis;
  /** Last test per person; entries older than the interval are dropped as new ones come in. */
  private final Map<Long, Long> lastTestAt = new HashMap<>();

  TestSendLimit(Clock clock, Duration interval) {
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /** Counts a test by the person now, or refuses with 429 when their last one was too recent. */
  synchronized void acquire(long userId) {
    long now = clock.millis();
    Long last = lastTestAt.get(userId);
    if (last != null && now - last < intervalMillis) {
      long waitSeconds = (last + intervalMillis - now + 999) / 1000;
      throw new Problem(429, "rate_limited", "contact_method",
          "you sent a test message less than " + intervalMillis / 1000 + " s ago; wait " + waitSeconds + " s");
    }
    if (lastTestAt.size() > 10_000) {
      lastTestAt.values().removeIf(at -> now - at >= intervalMillis);
    }
    lastTestAt.put(userId, now);
  }
}
