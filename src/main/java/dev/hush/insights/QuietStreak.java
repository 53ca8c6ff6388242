package dev.hush.insights;

import java.util.List;

/**
 * Quiet weeks: weeks without a page. {@code current} counts back from the current week (0 when it
 * has paged already); {@code best} is the longest run in the period. Both are capped by the period,
 * so {@code current == weeks} means "at least".
 *
 * @param lastPageHour start of the UTC hour of the last paged incident's opening in the period, or null
 */
public record QuietStreak(long teamId, String zone, int weeks, int current, int best, Long lastPageHour, List<Long> weekStarts,
    List<Long> pages) {}
