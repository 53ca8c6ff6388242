package dev.hush.jobs;

/** A claimed job. {@code attempt} counts from 1. */
public record Job(long id, String kind, String payload, String idempotencyKey, long dueAt, int attempt, int maxAttempts) {}
