package dev.hush.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hush} command line. */
@Command(name = "hush", mixinStandardHelpOptions = true, version = "hush 0.1.0",
    description = "Self-hosted on-call and operations review.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
