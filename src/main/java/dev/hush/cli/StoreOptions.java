package dev.hush.cli;

import dev.hush.Hush;
import dev.hush.HushConfig;
import dev.hush.core.KeyFile;
import dev.hush.core.Problem;
import dev.hush.core.SecretBox;
import dev.hush.notify.AllowedTargets;
import java.io.UncheckedIOException;
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

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:HUSH_DATA_DIR}",
      description = "folder of the SQLite file and of the key file " + KeyFile.NAME + " (default: " + DEFAULT_DATA_DIR + "; env HUSH_DATA_DIR)")
  Path dataDir;

  static final String DEFAULT_DATA_DIR = "hush-data";
  static final String SECRET_KEY_ENV = "HUSH_SECRET_KEY";

  String url() {
    return databaseUrl == null || databaseUrl.isBlank() ? HushConfig.sqliteUrl(dataDir == null ? Path.of(DEFAULT_DATA_DIR) : dataDir) : databaseUrl;
  }

  /**
   * The key stored credentials are sealed with: HUSH_SECRET_KEY (base64 of 32 bytes), else the key
   * file in the data folder (for SQLite without one, the database file's folder), made there on
   * first start. Several PostgreSQL nodes must share one key, so there a node without the variable
   * must be pointed at a data folder (holding the key file) on purpose.
   */
  SecretBox secrets() {
    String key = System.getenv(SECRET_KEY_ENV);
    if (key != null && !key.isBlank()) {
      try {
        return SecretBox.fromBase64(key);
      } catch (IllegalArgumentException e) {
        throw Problem.invalid(SECRET_KEY_ENV, e.getMessage());
      }
    }
    Path folder = dataDir;
    String url = url();
    if (folder == null && url.startsWith("jdbc:sqlite:")) {
      Path file = Path.of(url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", "")).toAbsolutePath();
      folder = url.contains(":memory:") ? Path.of(DEFAULT_DATA_DIR) : file.getParent();
    }
    if (folder == null) {
      throw Problem.invalid(SECRET_KEY_ENV, "on PostgreSQL, set " + SECRET_KEY_ENV + " (base64 of 32 bytes, the same on every node) "
          + "or --data-dir to a folder holding the key file " + KeyFile.NAME);
    }
    try {
      return KeyFile.readOrCreate(folder.resolve(KeyFile.NAME));
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw Problem.invalid("data_dir", e.getMessage());
    }
  }

  /** A Hush for a one-shot admin command that sends nothing: the store and features, no HTTP server. */
  Hush open() {
    return open(AllowedTargets.NONE);
  }

  /** The same, for a command that adds contact methods or sends a test. */
  Hush open(AllowedTargets allowedTargets) {
    return Hush.open(new HushConfig(url(), databaseSchema, "127.0.0.1", 0, "http://localhost:8080", 0, false, "cli",
        HushConfig.DEFAULT_DELIVERY, allowedTargets, secrets()), Clock.systemUTC());
  }
}
