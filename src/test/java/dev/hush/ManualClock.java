package dev.hush;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand, for timers and back-offs measured in minutes. */
public final class ManualClock extends Clock {
  private volatile long millis;

  public ManualClock(long millis) {
    this.millis = millis;
  }

  public void advance(long ms) {
    millis += ms;
  }

  public void set(long epochMillis) {
    millis = epochMillis;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
