package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.HushConfig;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** Where the data lives, shared by every command that opens the store. */
final class StoreOptions {
  @Option(names = "--database-url", paramLabel = "JDBC_URL", defaultValue = "${env:HUSH_DATABASE_URL}",
      description = "jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB?user=… (default: SQLite in --data-dir; env HUSH_DATABASE_URL)")
  String databaseUrl;

  @Option(names = "--database-schema", paramLabel = "SCHEMA", defaultValue = "${env:HUSH_DATABASE_SCHEMA}",
      description = "PostgreSQL schema to use (created if missing; env HUSH_DATABASE_SCHEMA)")
  String databaseSchema;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:HUSH_DATA_DIR:-hush-data}",
      description = "folder of the SQLite file (default: ${DEFAULT-VALUE}; env HUSH_DATA_DIR)")
  Path dataDir;

  String url() {
    return databaseUrl == null || databaseUrl.isBlank() ? HushConfig.sqliteUrl(dataDir) : databaseUrl;
  }

  /** A Hush for a one-shot admin command: the store and features, no HTTP server. */
  Hush open() {
    return Hush.open(new HushConfig(url(), databaseSchema, "127.0.0.1", 0, "http://localhost:8080", 0, false, "cli"),
        Clock.systemUTC());
  }
}
