package dev.hush.oncall;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * An ordered list of people taking turns. The first shift starts on {@code startDate} at
 * {@code handoffTime} in {@code zone} (for weekly rotations, on the {@code handoffDay} of the week
 * that contains {@code startDate}, so a rotation created mid-week covers that week). {@code length} counts weeks, days or hours per shift by {@code kind}.
 * {@code orders} is the participant order over time, oldest first: a reorder takes effect at a
 * hand-off and never rewrites who was on call before it.
 */
public record Rotation(long id, String name, ZoneId zone, ShiftKind kind, int length, LocalTime handoffTime,
    DayOfWeek handoffDay, LocalDate startDate, List<Order> orders) {

  /** The participants, in turn order, from {@code effectiveFrom} (epoch ms) on. */
  public record Order(long effectiveFrom, List<Long> userIds) {}

  public Rotation {
    orders = List.copyOf(orders);
  }
}
