package dev.hush.services;

/** An integration key as listed: its first characters only; the secret is shown once at creation. */
public record IntegrationKey(long id, long serviceId, String name, String prefix, long createdAt, Long revokedAt) {
  public boolean active() {
    return revokedAt == null;
  }
}
