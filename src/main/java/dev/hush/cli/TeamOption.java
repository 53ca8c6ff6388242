package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.core.Problem;
import dev.hush.people.PeopleService;
import dev.hush.people.Team;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --team}: the team that owns what a command creates. */
final class TeamOption {
  @Option(names = "--team", paramLabel = "NAME_OR_ID", description = "the owning team (default: the only team; on an empty store, a new team '"
      + PeopleService.FIRST_TEAM + "')")
  String team;

  long resolve(Hush hush) {
    List<Team> teams = hush.people().teams();
    if (team != null) {
      return teams.stream().filter(t -> t.name().equalsIgnoreCase(team) || String.valueOf(t.id()).equals(team)).findFirst()
          .orElseThrow(() -> Problem.invalid("team", "no team " + team)).id();
    }
    if (teams.isEmpty()) {
      Team created = hush.people().createTeam(PeopleService.FIRST_TEAM, null);
      System.err.println("created team " + created.name());
      return created.id();
    }
    if (teams.size() > 1) {
      throw Problem.invalid("team", "name the team with --team (one of: " + String.join(", ", teams.stream().map(Team::name).toList()) + ")");
    }
    return teams.getFirst().id();
  }
}
