package dev.hush.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.sqlite.SQLiteConfig;

/**
 * The connection pool, the migrations and the dialect. SQLite runs in WAL mode with
 * {@code synchronous=FULL}, so a committed transaction is on disk before anyone is told so.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final HikariDataSource writerDataSource;
  private final Jdbi jdbi;
  private final Jdbi writerJdbi;
  private final Dialect dialect;

  private Database(HikariDataSource dataSource, HikariDataSource writerDataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.writerDataSource = writerDataSource;
    this.dialect = dialect;
    this.jdbi = configure(Jdbi.create(dataSource));
    this.writerJdbi = writerDataSource == dataSource ? jdbi : configure(Jdbi.create(writerDataSource));
  }

  private static Jdbi configure(Jdbi jdbi) {
    // Optional filters bind every parameter and mention only the ones in use.
    jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
    return jdbi;
  }

  /** Opens the pool. {@code schema} (PostgreSQL only, may be null) isolates one Hush in a shared database. */
  public static Database open(String jdbcUrl, String schema) {
    Dialect dialect = Dialect.of(jdbcUrl);
    if (dialect == Dialect.SQLITE) {
      createParentFolder(jdbcUrl);
      // SQLite's page cache is per connection: the pool gets the default 2 MB each, and the
      // ingest writer its own connection with 24 MB, because incident indexes are keyed by
      // hashes, so its inserts land on random pages that should stay in memory.
      HikariDataSource pool = new HikariDataSource(sqliteConfig(jdbcUrl, "hush", 8, -2_000));
      HikariDataSource writer = new HikariDataSource(sqliteConfig(jdbcUrl, "hush-writer", 1, -24_576));
      return new Database(pool, writer, dialect);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("hush");
    config.setMaximumPoolSize(12);
    config.setMinimumIdle(2);
    // Hush's queries are short index reads. PostgreSQL JIT-compiles one whose estimated cost passes
    // jit_above_cost, such as a year of weekly windows summed, and spent 1.1 s compiling a query that
    // runs in 0.3 s without it (measured on a year of history).
    config.addDataSourceProperty("options", "-c jit=off");
    if (schema != null) {
      config.setSchema(schema);
      config.setConnectionInitSql("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
    }
    HikariDataSource pool = new HikariDataSource(config);
    return new Database(pool, pool, dialect);
  }

  private static HikariConfig sqliteConfig(String jdbcUrl, String name, int size, int cacheSize) {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    sqlite.setBusyTimeout(15_000);
    sqlite.setCacheSize(cacheSize);
    sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
    // Writers take the lock when the transaction begins, so a read-then-write transaction
    // never fails with SQLITE_BUSY half-way; readers are never blocked in WAL mode.
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName(name);
    config.setDataSourceProperties(sqlite.toProperties());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(2, size));
    return config;
  }

  private static void createParentFolder(String jdbcUrl) {
    String file = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    if (query >= 0) {
      file = file.substring(0, query);
    }
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the data folder " + parent, e);
    }
  }

  /** Applies every pending Flyway migration. */
  public void migrate() {
    flyway().load().migrate();
  }

  /**
   * Applies the migrations up to and including {@code version} and stops there: a bulk loader fills
   * the tables as they were then, and the later migrations' backfills build what they derive from them.
   */
  public void migrateTo(String version) {
    flyway().target(version).load().migrate();
  }

  private FluentConfiguration flyway() {
    return Flyway.configure()
        .dataSource(dataSource)
        .schemas(schemaOrNull())
        .placeholders(dialect.migrationPlaceholders())
        .locations("classpath:db/migration")
        .javaMigrations(new KeyRedactionMigration());
  }

  private String[] schemaOrNull() {
    String schema = dataSource.getSchema();
    return schema == null ? new String[0] : new String[] {schema};
  }

  public Dialect dialect() {
    return dialect;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
    return jdbi.inTransaction(callback);
  }

  /** A transaction on the ingest writer's own connection (on PostgreSQL, the shared pool). */
  public <R, X extends Exception> R inWriterTransaction(HandleCallback<R, X> callback) throws X {
    return writerJdbi.inTransaction(callback);
  }

  public <X extends Exception> void useTransaction(HandleConsumer<X> callback) throws X {
    jdbi.useTransaction(callback);
  }

  public <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
    return jdbi.withHandle(callback);
  }

  /** True when a connection can be taken and answers a trivial query. */
  public boolean isReachable() {
    try (Handle h = jdbi.open()) {
      return h.createQuery("SELECT 1").mapTo(Integer.class).one() == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether an exception is a unique-constraint violation, in either dialect. */
  public static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ("23505".equals(state) || (sql.getMessage() != null && sql.getMessage().contains("UNIQUE constraint failed"))) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public void close() {
    if (writerDataSource != dataSource) {
      writerDataSource.close();
    }
    dataSource.close();
  }
}
