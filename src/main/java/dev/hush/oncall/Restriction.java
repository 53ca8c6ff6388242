package dev.hush.oncall;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/**
 * When a layer applies, in its rotation's zone: on {@code days}, from {@code from} until
 * {@code until}. A window that ends before it starts runs overnight into the next day (and
 * belongs to the day it starts on). {@code from == until} means the whole day.
 */
public record Restriction(Set<DayOfWeek> days, LocalTime from, LocalTime until) {
  public Restriction {
    days = Set.copyOf(days);
  }

  /** Monday to Friday, 09:00–17:00. */
  public static Restriction businessHours() {
    return new Restriction(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
        LocalTime.of(9, 0), LocalTime.of(17, 0));
  }
}
