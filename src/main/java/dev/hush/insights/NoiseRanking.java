package dev.hush.insights;

import java.util.List;

/** The team's alert rules in a period, noisiest first, each with what to do about it. */
public record NoiseRanking(long teamId, String zone, int weeks, long from, long to, List<Rule> rules) {

  /**
   * One alert rule (fingerprint) over the period.
   *
   * @param title            the title of its latest incident
   * @param fires            incidents it opened
   * @param actedOnShare     share of those whose log entry says something was done (0-1)
   * @param autoResolvedShare share the sender resolved within 5 minutes of opening (0-1)
   * @param nightPages       pages opened in the sleep hours, in the team's zone
   * @param topFix           the log action written most often for it, or null
   */
  public record Rule(String fingerprint, long serviceId, String service, String title, long fires, double firesPerWeek, long alertEvents,
      long pages, double actedOnShare, double autoResolvedShare, long nightPages, String topFix, long topFixCount, Suggestion suggestion,
      String reason) {}
}
