package dev.hush.web;

import dev.hush.people.Access;

/** A registered route and the access it declared. */
public record DeclaredRoute(String method, String path, Access access) {}
