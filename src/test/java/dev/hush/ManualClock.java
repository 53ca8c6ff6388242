package dev.hush;

import dev.hush.core.SettableClock;
import java.time.Instant;

/** A clock the test moves by hand, for timers and back-offs measured in minutes. */
public final class ManualClock extends SettableClock {
  public ManualClock(long millis) {
    super(Instant.ofEpochMilli(millis));
  }
}
