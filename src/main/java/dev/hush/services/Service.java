package dev.hush.services;

/** Something a team runs; alerts arrive for it through its integration keys. */
public record Service(long id, String name, String description, Long teamId, AlertmanagerGrouping amGrouping,
    boolean requireLogOnResolve, long createdAt) {}
