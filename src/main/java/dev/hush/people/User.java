package dev.hush.people;

/** A person who can sign in and be paged. {@code mustChangePassword}: signed in with a one-time password. */
public record User(long id, String email, String name, boolean admin, String timeZone, boolean mustChangePassword) {}
