package dev.hush.oncall;

/** A request that {@code counterpartId} takes {@code requesterId}'s shift for [start, end). */
public record ShiftSwap(long id, long scheduleId, long requesterId, long counterpartId, long start, long end, String status) {}
