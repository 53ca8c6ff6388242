package dev.hush.insights;

/** A service's incidents, pages and night pages (in the team's sleep hours) in a window. */
public record ServicePages(long serviceId, String service, long opened, long pages, long nightPages) {}
