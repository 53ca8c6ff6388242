package dev.hush.incidents;

/**
 * One line of an incident's timeline: a received alert event (possibly {@code count} repeats
 * folded together, from {@code at} to {@code lastAt}) or something a person or Hush did.
 */
public record TimelineEntry(long at, long lastAt, String kind, String actor, String detail, int count) {}
