package dev.hush.insights;

import java.util.List;

/**
 * Who knows a team's services, from what they did over a window: per service, who acknowledged,
 * resolved, and wrote the on-call log entry of its incidents (those opened in the window), and who
 * mentored whom on action items open during the window.
 *
 * <p>A service's handlers are the people with at least one resolve or log entry: acknowledging alone
 * shows someone saw the page, not that they know how to fix the service. {@code busFactorOne} warns
 * when a service had incidents and exactly one handler: nobody else has fixed it lately.
 */
public record Expertise(long teamId, String zone, int weeks, long from, long to, List<ServiceExpertise> services, List<Mentoring> mentoring) {

  public Expertise {
    services = List.copyOf(services);
    mentoring = List.copyOf(mentoring);
  }

  /** One service: its incidents in the window and the people who handled them, most involved first. */
  public record ServiceExpertise(long serviceId, String name, long incidents, List<Person> people, int handlers, boolean busFactorOne) {
    public ServiceExpertise {
      people = List.copyOf(people);
    }
  }

  /** One person's part in a service's incidents. */
  public record Person(long userId, String name, long acks, long resolves, long logs) {
    boolean handler() {
      return resolves > 0 || logs > 0;
    }

    long total() {
      return acks + resolves + logs;
    }
  }

  /** A mentor and the owner of the action items they oversaw, with how many items. */
  public record Mentoring(long mentorId, String mentorName, long ownerId, String ownerName, long items) {}
}
