package dev.hush.alerts;

/** A PagerDuty change event (a deploy, a config push): stored for the weekly review, never pages. */
public record ChangeEvent(String summary, String source, long happenedAt, String body) {}
