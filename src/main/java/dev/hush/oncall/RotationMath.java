package dev.hush.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * Shift boundaries of a rotation, exact across DST. A local hand-off time that does not exist
 * (spring forward) happens at the first valid instant after it; one that exists twice (fall
 * back) happens at the first of the two. This is java.time's own rule for ZonedDateTime.of.
 */
final class RotationMath {
  private RotationMath() {}

  /** One shift: who, from when (inclusive) until when (exclusive). */
  record Shift(long index, Long userId, Instant start, Instant end) {}

  static Instant firstStart(Rotation r) {
    LocalDate date = r.kind() == ShiftKind.WEEKLY ? r.startDate().with(TemporalAdjusters.previousOrSame(r.handoffDay())) : r.startDate();
    return ZonedDateTime.of(LocalDateTime.of(date, r.handoffTime()), r.zone()).toInstant();
  }

  /** The start of shift {@code k} (k may be negative: shifts before the first). */
  static Instant start(Rotation r, long k) {
    if (r.kind() == ShiftKind.HOURS) {
      return firstStart(r).plus(Duration.ofHours(k * r.length()));
    }
    LocalDate first = r.kind() == ShiftKind.WEEKLY ? r.startDate().with(TemporalAdjusters.previousOrSame(r.handoffDay())) : r.startDate();
    LocalDate date = switch (r.kind()) {
      case WEEKLY -> first.plusWeeks(k * r.length());
      case DAILY -> first.plusDays(k);
      case DAYS -> first.plusDays(k * r.length());
      case HOURS -> throw new IllegalStateException("handled above");
    };
    return ZonedDateTime.of(LocalDateTime.of(date, r.handoffTime()), r.zone()).toInstant();
  }

  private static Duration nominal(Rotation r) {
    return switch (r.kind()) {
      case WEEKLY -> Duration.ofDays(7L * r.length());
      case DAILY -> Duration.ofDays(1);
      case DAYS -> Duration.ofDays(r.length());
      case HOURS -> Duration.ofHours(r.length());
    };
  }

  /** The index of the shift that contains {@code t}. */
  static long indexAt(Rotation r, Instant t) {
    long period = nominal(r).toMillis();
    long k = Math.floorDiv(t.toEpochMilli() - firstStart(r).toEpochMilli(), period);
    // A DST change moves local boundaries by at most a few hours: step to the exact shift.
    for (int guard = 0; guard < 8 && start(r, k).isAfter(t); guard++) {
      k--;
    }
    for (int guard = 0; guard < 8 && !start(r, k + 1).isAfter(t); guard++) {
      k++;
    }
    return k;
  }

  /** Who holds shift {@code k}: the order in force when it starts, in turn. Null before the first shift or with nobody. */
  static Long userOf(Rotation r, long k) {
    if (k < 0) {
      return null;
    }
    long startMs = start(r, k).toEpochMilli();
    List<Long> order = List.of();
    for (Rotation.Order o : r.orders()) {
      if (o.effectiveFrom() <= startMs) {
        order = o.userIds();
      }
    }
    if (order.isEmpty() && !r.orders().isEmpty() && startMs < r.orders().get(0).effectiveFrom()) {
      // Shifts before the rotation's first order (e.g. a start date in the past) use that first order.
      order = r.orders().get(0).userIds();
    }
    return order.isEmpty() ? null : order.get((int) Math.floorMod(k, (long) order.size()));
  }

  static Long userAt(Rotation r, Instant t) {
    return userOf(r, indexAt(r, t));
  }

  /** The shifts that overlap [from, to), clipped to it. */
  static List<Shift> shifts(Rotation r, Instant from, Instant to) {
    List<Shift> out = new ArrayList<>();
    long k = indexAt(r, from);
    for (int guard = 0; guard < 100_000; guard++, k++) {
      Instant s = start(r, k);
      if (!s.isBefore(to)) {
        break;
      }
      Instant e = start(r, k + 1);
      out.add(new Shift(k, userOf(r, k), s.isBefore(from) ? from : s, e.isAfter(to) ? to : e));
    }
    return out;
  }
}
