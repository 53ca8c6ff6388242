package dev.hush.cli;

import dev.hush.Hush;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply pending database migrations and exit.")
final class MigrateCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    try (Hush hush = store.open()) {
      System.out.println("Store is up to date (" + hush.db().dialect().name().toLowerCase(java.util.Locale.ROOT) + ").");
    }
    return 0;
  }
}
