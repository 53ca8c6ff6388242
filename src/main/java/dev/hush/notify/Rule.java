package dev.hush.notify;

/** A notification rule: reach this contact method this many minutes into a page, if still unacknowledged. */
public record Rule(long id, long userId, long contactMethodId, int delayMinutes) {}
