package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.core.Problem;
import dev.hush.incidents.Incident;
import dev.hush.incidents.IncidentFilter;
import dev.hush.incidents.IncidentStatus;
import dev.hush.people.AccessRules;
import dev.hush.people.TeamRole;
import dev.hush.people.User;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "incident", mixinStandardHelpOptions = true, description = "List, acknowledge, resolve and reopen incidents; write the on-call log.",
    subcommands = {IncidentCommand.ListIncidents.class, IncidentCommand.Ack.class, IncidentCommand.Resolve.class,
        IncidentCommand.Reopen.class, IncidentCommand.Log.class})
final class IncidentCommand {

  /** Options of commands that act as a person. */
  static final class Actor {
    @Option(names = "--as", required = true, paramLabel = "EMAIL", description = "the person acting") String email;

    User resolve(Hush hush) {
      return hush.people().userByEmail(email).orElseThrow(() -> Problem.notFound("user", "no user " + email));
    }

    /** The person, if their role in the team owning the thing allows the action: the same rule as over HTTP. */
    User resolve(Hush hush, TeamRole least, Optional<Long> teamOfThing) {
      User u = resolve(hush);
      AccessRules.require(hush.people().actingAs(u), least, teamOfThing);
      return u;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List incidents, newest first.")
  static final class ListIncidents implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Option(names = "--status", description = "triggered, acknowledged, resolved, open (default) or all", defaultValue = "open") String status;
    @Option(names = "--service", description = "service name or id") String service;
    @Option(names = "--limit", defaultValue = "50") int limit;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        Set<IncidentStatus> statuses = switch (status) {
          case "open" -> EnumSet.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED);
          case "all" -> EnumSet.noneOf(IncidentStatus.class);
          default -> EnumSet.of(IncidentStatus.parse("status", status));
        };
        Long serviceId = service == null ? null : ServiceCommand.find(hush, service).id();
        Map<Long, String> names = hush.incidents().serviceNames();
        for (Incident i : hush.incidents().list(new IncidentFilter(statuses, serviceId, null, null, limit, null))) {
          System.out.printf("%d\t%-12s\t%s\t%s\tx%d\t%s%n", i.id(), i.status().dbValue(), Instant.ofEpochMilli(i.openedAt()),
              names.get(i.serviceId()), i.triggerCount(), i.title());
        }
      }
      return 0;
    }
  }

  /** A person moving one incident along: ack, resolve or reopen. */
  abstract static class Transition implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin Actor actor;
    @Parameters(paramLabel = "ID") long id;

    abstract Incident apply(Hush hush, long incidentId, long userId);

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        Incident i = apply(hush, id, actor.resolve(hush, TeamRole.RESPONDER, hush.incidents().teamOf(id)).id());
        System.out.println("incident " + i.id() + " " + i.status().dbValue());
      }
      return 0;
    }
  }

  @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge an incident.")
  static final class Ack extends Transition {
    @Override
    Incident apply(Hush hush, long incidentId, long userId) {
      return hush.incidents().acknowledge(incidentId, userId);
    }
  }

  @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Resolve an incident.")
  static final class Resolve extends Transition {
    @Override
    Incident apply(Hush hush, long incidentId, long userId) {
      return hush.incidents().resolve(incidentId, userId);
    }
  }

  @Command(name = "reopen", mixinStandardHelpOptions = true, description = "Reopen a resolved incident.")
  static final class Reopen extends Transition {
    @Override
    Incident apply(Hush hush, long incidentId, long userId) {
      return hush.incidents().reopen(incidentId, userId);
    }
  }

  @Command(name = "log", mixinStandardHelpOptions = true, description = "Write the on-call log entry of an incident.")
  static final class Log implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin Actor actor;
    @Parameters(paramLabel = "ID") long id;
    @Option(names = "--action", required = true, description = "restarted, fixed bug, rolled back, tuned alert, no action, other, or a team's own") String action;
    @Option(names = "--verdict", required = true, description = "actionable, noisy, false positive, poor details") String verdict;
    @Option(names = "--note", defaultValue = "") String note;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        hush.incidents().writeLog(id, actor.resolve(hush, TeamRole.RESPONDER, hush.incidents().teamOf(id)).id(), action, note, verdict);
        System.out.println("logged incident " + id);
      }
      return 0;
    }
  }
}
