package dev.hush.notify;

import dev.hush.core.Problem;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * At most one test message per contact method per interval, so a double click or a script
 * cannot ring someone's phone again and again. Kept per node, in memory: a test is not a page,
 * and a restart or a second node letting one more test through is harmless.
 */
final class TestSendLimit {
  private final Clock clock;
  private final long intervalMillis;
  private final Map<Long, Long> lastTestAt = new HashMap<>();

  TestSendLimit(Clock clock, Duration interval) {
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /** Counts a test of the method now, or refuses with 429 when the last one was too recent. */
  synchronized void acquire(long methodId) {
    long now = clock.millis();
    Long last = lastTestAt.get(methodId);
    if (last != null && now - last < intervalMillis) {
      long waitSeconds = (last + intervalMillis - now + 999) / 1000;
      throw new Problem(429, "rate_limited", "contact_method",
          "this contact method was tested less than " + intervalMillis / 1000 + " s ago; wait " + waitSeconds + " s");
    }
    lastTestAt.put(methodId, now);
  }
}
