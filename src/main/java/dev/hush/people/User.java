package dev.hush.people;

/** A person who can sign in and be paged. */
public record User(long id, String email, String name, boolean admin, String timeZone) {}
