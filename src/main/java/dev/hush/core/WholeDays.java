package dev.hush.core;

/**
 * The whole UTC days inside a window [from, to), as [first, end): the part of a window a daily
 * rollup answers, leaving only the partial days at its edges to be read hour by hour or row by row.
 * Empty ({@code first == end}) when the window holds no whole day.
 */
public record WholeDays(long first, long end) {
  public static final long DAY = 86_400_000L;

  public static WholeDays of(long from, long to) {
    long first = Math.min(to, Math.floorDiv(from + DAY - 1, DAY) * DAY);
    return new WholeDays(first, Math.max(first, Math.floorDiv(to, DAY) * DAY));
  }

  /** The UTC day an instant falls in. */
  public static long dayOf(long at) {
    return Math.floorDiv(at, DAY) * DAY;
  }
}
