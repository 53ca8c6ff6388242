package dev.hush.people;

/** An API token as listed: never the secret itself, only its first characters. */
public record ApiToken(long id, String name, String prefix, long createdAt, Long lastUsedAt, Long revokedAt) {}
