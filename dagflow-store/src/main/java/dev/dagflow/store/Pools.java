package dev.dagflow.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dagflow.engine.error.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Opens the HikariCP pool (failing fast) and runs the dialect's Flyway migrations. */
final class Pools {
  private Pools() {}

  static HikariDataSource open(
      DatabaseUrl url, String schema, int maxPoolSize, Duration connectionTimeout) {
    createH2Directory(url);
    HikariConfig config = new HikariConfig();
    config.setPoolName("dagflow-" + url.dialect());
    config.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      config.setUsername(url.user());
    }
    if (url.password() != null) {
      config.setPassword(url.password());
    }
    if (schema != null) {
      config.setSchema(schema);
    }
    config.setMaximumPoolSize(maxPoolSize);
    // Grow on demand: many stores (tests, several engines) share one PostgreSQL's connection cap.
    config.setMinimumIdle(Math.min(2, maxPoolSize));
    config.setConnectionTimeout(connectionTimeout.toMillis());
    // One attempt at start: an unreachable database is an error now, not after retries.
    config.setInitializationFailTimeout(1);
    if (DatabaseUrl.POSTGRESQL.equals(url.dialect())) {
      // A host that drops packets must fail within the timeout too, not after the OS's.
      long seconds = Math.max(1, connectionTimeout.toSeconds());
      config.addDataSourceProperty("connectTimeout", Long.toString(seconds));
      config.addDataSourceProperty("tcpKeepAlive", "true");
      // a batch of inserts (events, a run's nodes) goes as multi-row INSERTs: fewer executions
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to database %s: %s".formatted(url.redacted(), rootMessage(e)), e);
    }
  }

  static void migrate(HikariDataSource dataSource, DatabaseUrl url, String schema) {
    var flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration/" + url.dialect())
            .failOnMissingLocations(true);
    if (schema != null) {
      flyway.schemas(schema).defaultSchema(schema);
    }
    try {
      flyway.load().migrate();
    } catch (FlywayException e) {
      throw new StoreException(
          "migrating database %s failed: %s".formatted(url.redacted(), rootMessage(e)), e);
    }
  }

  /**
   * Sizes an embedded H2 file's page cache from the heap: a sixteenth of it, between 4 and 64 MB
   * (H2's own default is a fixed 16 MB), so a small heap is not crowded and a large one caches
   * more. In-memory databases hold every page anyway.
   */
  static void sizeH2Cache(HikariDataSource dataSource, DatabaseUrl url) {
    if (url.findH2File().isEmpty()) {
      return; // in memory, a TCP server, PostgreSQL
    }
    long kb = Math.clamp(Runtime.getRuntime().maxMemory() / 16 / 1024, 4 * 1024, 64 * 1024);
    try (var c = dataSource.getConnection();
        var s = c.createStatement()) {
      s.execute("SET CACHE_SIZE " + kb);
    } catch (java.sql.SQLException e) {
      throw new StoreException(
          "sizing the H2 cache of %s failed: %s".formatted(url.redacted(), e.getMessage()), e);
    }
  }

  private static void createH2Directory(DatabaseUrl url) {
    Path file = url.findH2File().orElse(null);
    if (file == null) {
      return; // in memory, a TCP server, PostgreSQL
    }
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new StoreException("cannot create data directory " + parent + ": " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return DatabaseUrl.redact(message);
  }
}
