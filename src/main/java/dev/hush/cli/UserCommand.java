package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.core.Problem;
import dev.hush.people.PeopleService;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Create users and API tokens.",
    subcommands = {UserCommand.Create.class, UserCommand.Token.class, UserCommand.Disable.class, UserCommand.ResetPassword.class})
final class UserCommand {

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a user.")
  static final class Create implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Option(names = "--email", required = true) String email;
    @Option(names = "--name", required = true) String name;
    @Option(names = "--password", required = true, interactive = true, arity = "0..1",
        description = "the password (prompted for when given without a value)") String password;
    @Option(names = "--admin") boolean admin;
    @Option(names = "--time-zone", defaultValue = "UTC", description = "IANA zone, e.g. Europe/Berlin") String zone;
    @Mixin TeamOption team;
    @Option(names = "--role", defaultValue = "responder", description = "role in the team: manager, responder or viewer (default: ${DEFAULT-VALUE})")
    String role;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        TeamRole teamRole = TeamRole.parse("role", role);
        User u = hush.people().createUser(email, name, password, admin, zone, null);
        long teamId = team.resolve(hush);
        hush.people().addMember(teamId, u.id(), teamRole, null);
        System.out.println("user " + u.id() + " " + u.email() + ", " + teamRole.dbValue() + " in team " + teamId);
      }
      return 0;
    }
  }

  @Command(name = "token", mixinStandardHelpOptions = true, description = "Create an API token for a user (shown once).")
  static final class Token implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin IncidentCommand.Actor actor;
    @Option(names = "--name", defaultValue = "cli") String name;
    @Option(names = "--read-only", description = "the token may read, never change anything") boolean readOnly;
    @Option(names = "--only-team", paramLabel = "TEAM_ID", description = "the token acts for this one team only") Long onlyTeam;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        PeopleService.NewApiToken t = hush.people().createApiToken(actor.resolve(hush).id(), name, readOnly, onlyTeam);
        System.out.println("API token (shown once): " + t.secret());
      }
      return 0;
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true,
      description = "Disable a person (their sessions and tokens stop at once), or enable them again with --enable.")
  static final class Disable implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Option(names = "--email", required = true) String email;
    @Option(names = "--enable", description = "enable instead") boolean enable;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        long id = hush.people().userStatuses().stream().filter(s -> s.user().email().equalsIgnoreCase(email.strip())).findFirst()
            .orElseThrow(() -> Problem.invalid("email", "no user " + email)).user().id();
        hush.people().setDisabled(id, !enable, null);
        System.out.println((enable ? "enabled " : "disabled ") + email);
      }
      return 0;
    }
  }

  @Command(name = "reset-password", mixinStandardHelpOptions = true,
      description = "Give a person a one-time password (shown once, valid for a day); their sessions and tokens end.")
  static final class ResetPassword implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Option(names = "--email", required = true) String email;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        User u = hush.people().userByEmail(email).orElseThrow(() -> Problem.invalid("email", "no user " + email));
        System.out.println("one-time password (shown once, valid 24 h): " + hush.people().resetPassword(u.id(), null));
      }
      return 0;
    }
  }
}
