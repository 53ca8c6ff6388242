package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.services.AlertmanagerGrouping;
import dev.hush.services.IntegrationKey;
import dev.hush.services.Service;
import dev.hush.services.ServiceCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "service", mixinStandardHelpOptions = true, description = "Create and list services and their integration keys.",
    subcommands = {ServiceCommand.Create.class, ServiceCommand.ListServices.class, ServiceCommand.KeyCreate.class,
        ServiceCommand.KeyRevoke.class})
final class ServiceCommand {

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a service and its first integration key (shown once).")
  static final class Create implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin TeamOption team;
    @Parameters(paramLabel = "NAME", description = "service name") String name;
    @Option(names = "--description", defaultValue = "") String description;
    @Option(names = "--am-grouping", defaultValue = "alert", description = "alert (one incident per Alertmanager alert) or group (per groupKey)")
    String grouping;
    @Option(names = "--require-log", description = "ask for an on-call log entry before an incident can be resolved") boolean requireLog;
    @Option(names = "--key", paramLabel = "SECRET", description = "use this key instead of a random one (e.g. a monitor's existing routing key)")
    String importKey;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        Service s = hush.services().create(name, description, team.resolve(hush), AlertmanagerGrouping.parse("am-grouping", grouping), requireLog);
        ServiceCatalog.NewKey key = importKey == null ? hush.services().createKey(s.id(), "default")
            : hush.services().importKey(s.id(), "default", importKey);
        System.out.println("service " + s.id() + " " + s.name());
        System.out.println("integration key (shown once): " + key.secret());
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List services and their keys.")
  static final class ListServices implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        for (Service s : hush.services().all()) {
          System.out.printf("%d\t%s\tam_grouping=%s\trequire_log=%s%n", s.id(), s.name(), s.amGrouping().dbValue(), s.requireLogOnResolve());
          for (IntegrationKey k : hush.services().keys(s.id())) {
            System.out.printf("\tkey %d\t%s\t%s…\t%s%n", k.id(), k.name(), k.prefix(), k.active() ? "active" : "revoked");
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "key-create", mixinStandardHelpOptions = true, description = "Add an integration key to a service (shown once).")
  static final class KeyCreate implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Parameters(paramLabel = "SERVICE", description = "service name or id") String service;
    @Option(names = "--name", defaultValue = "default") String name;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        ServiceCatalog.NewKey key = hush.services().createKey(find(hush, service).id(), name);
        System.out.println("integration key (shown once): " + key.secret());
      }
      return 0;
    }
  }

  @Command(name = "key-revoke", mixinStandardHelpOptions = true, description = "Revoke an integration key.")
  static final class KeyRevoke implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Parameters(index = "0", paramLabel = "SERVICE") String service;
    @Parameters(index = "1", paramLabel = "KEY_ID") long keyId;

    @Override
    public Integer call() {
      try (Hush hush = store.open()) {
        hush.services().revokeKey(find(hush, service).id(), keyId);
        System.out.println("revoked key " + keyId);
      }
      return 0;
    }
  }

  static Service find(Hush hush, String nameOrId) {
    if (nameOrId.chars().allMatch(Character::isDigit)) {
      return hush.services().require(Long.parseLong(nameOrId));
    }
    return hush.services().byName(nameOrId)
        .orElseThrow(() -> dev.hush.core.Problem.notFound("service", "no service named '" + nameOrId + "'"));
  }
}
