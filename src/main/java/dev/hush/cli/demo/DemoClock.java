package dev.hush.cli.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock the demo's Hush runs on while the year is written: the generator sets it to each
 * moment of the story, so every feature stamps its rows (incidents, timelines, audit entries,
 * due jobs) as if it had happened then.
 */
public final class DemoClock extends Clock {
  private volatile long millis;

  public DemoClock(Instant start) {
    this.millis = start.toEpochMilli();
  }

  void set(long epochMillis) {
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
