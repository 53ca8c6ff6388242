package dev.hush.cli;

import dev.hush.core.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hush} command line. */
@Command(name = "hush", mixinStandardHelpOptions = true, version = "hush 0.1.0",
    description = "Self-hosted on-call and operations review.",
    subcommands = {ServeCommand.class, DemoCommand.class, MigrateCommand.class, ServiceCommand.class, IncidentCommand.class,
        UserCommand.class, OncallCommand.class, EscalationCommand.class, AnomaliesCommand.class, MetricsCommand.class,
        BenchHistoryCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for {@link #main} and for tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    // A refused request is the user's to fix: say what and where, without a stack trace.
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof Problem p) {
        cmd.getErr().println("hush: " + (p.field() == null ? "" : p.field() + ": ") + p.detail());
        return 2;
      }
      throw e;
    });
    return cli;
  }
}
