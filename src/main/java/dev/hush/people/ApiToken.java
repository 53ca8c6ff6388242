package dev.hush.people;

/**
 * An API token as listed: never the secret itself, only its first characters. A token carries
 * its owner's roles, narrowed to reading when {@code readOnly} and to one team when {@code teamId} is set.
 */
public record ApiToken(long id, String name, String prefix, boolean readOnly, Long teamId, long createdAt, Long lastUsedAt,
    Long revokedAt) {}
