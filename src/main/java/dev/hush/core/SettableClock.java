package dev.hush.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock whoever holds it sets: the demo's generator moves it through the story's year, so every
 * feature stamps its rows (incidents, timelines, audit entries, due jobs) as if it had happened
 * then; tests move it by hand to reach timers and back-offs measured in minutes.
 */
public class SettableClock extends Clock {
  private volatile long millis;

  public SettableClock(Instant start) {
    this.millis = start.toEpochMilli();
  }

  public void set(long epochMillis) {
    millis = epochMillis;
  }

  public void advance(long ms) {
    millis += ms;
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
