package dev.hush.insights;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A team's people and how often they were interrupted, week by week and by band. A week starts on
 * Monday 00:00 in the team's zone ({@code zone}); {@code weekStarts} are those instants (epoch ms),
 * the last week being the current one; bands are read in each person's own zone. An interruption
 * is a person's first page for an incident, whichever team's incident it was.
 */
public record Interruptions(long teamId, String zone, int weeks, long from, long to, List<Long> weekStarts, List<Person> people,
    List<Bands> teamWeeks) {

  public Interruptions {
    weekStarts = List.copyOf(weekStarts);
    people = List.copyOf(people);
    teamWeeks = List.copyOf(teamWeeks);
  }

  /** One person: the count per week (aligned with {@code weekStarts}) and over the whole window. */
  public record Person(long userId, String name, List<Bands> weeks, Bands total) {
    public Person {
      weeks = List.copyOf(weeks);
    }
  }

  /** Interruptions by band. */
  public record Bands(long business, long off, long sleep) {
    public static final Bands NONE = new Bands(0, 0, 0);

    @JsonProperty("total")
    public long total() {
      return business + off + sleep;
    }

    public Bands plus(Bands o) {
      return new Bands(business + o.business, off + o.off, sleep + o.sleep);
    }
  }
}
