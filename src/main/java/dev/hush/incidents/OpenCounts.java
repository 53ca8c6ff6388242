package dev.hush.incidents;

/**
 * What the header of every page shows: the open incidents a person sees, by status, and the newest
 * incident that paged them ({@code lastPagedMe} 0: none; its title "" when they no longer see it),
 * which the browser compares with the last it saw to tell them of a new page.
 */
public record OpenCounts(long triggered, long acknowledged, long lastPagedMe, String lastPagedMeTitle) {}
