package dev.dagflow.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.dagflow.engine.error.StoreException;
import dev.dagflow.engine.store.ContextObserver;
import dev.dagflow.engine.store.QueryObserver;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures a {@link JdbcStore}. The database is the first one given of {@link #databaseUrl},
 * {@link #url}, {@link #inMemory()} and {@link #dataDir} (the H2 file), so a CLI can always pass
 * its data directory and let {@code DATABASE_URL} override it.
 *
 * <pre>{@code
 * JdbcStore store = JdbcStore.builder().url(System.getenv("DATABASE_URL")).dataDir(dir).build();
 * }</pre>
 */
public final class JdbcStoreBuilder {
  private static final Logger log = LoggerFactory.getLogger(JdbcStoreBuilder.class);

  String url;
  DatabaseUrl databaseUrl;
  Path dataDir;
  boolean inMemory;
  String schema;
  int maxPoolSize = 16;
  QueryObserver queryObserver = QueryObserver.NONE;
  ContextObserver contextObserver = ContextObserver.NONE;
  Clock clock = Clock.systemUTC();
  Duration connectionTimeout = Duration.ofSeconds(10);
  Runnable afterClose = () -> {};
  Duration compactionInterval = Duration.ofSeconds(1);
  Duration groupCommitSpacing = Duration.ofMillis(10);

  JdbcStoreBuilder() {}

  /**
   * {@code postgresql://user:pass@host:port/db}, {@code postgres://…} or a JDBC URL; null = none.
   */
  public JdbcStoreBuilder url(String databaseUrlOrJdbcUrl) {
    this.url =
        databaseUrlOrJdbcUrl == null || databaseUrlOrJdbcUrl.isBlank()
            ? null
            : databaseUrlOrJdbcUrl;
    return this;
  }

  /** An already parsed database location; wins over {@link #url} and the others. */
  public JdbcStoreBuilder databaseUrl(DatabaseUrl location) {
    this.databaseUrl = location;
    return this;
  }

  /** Directory of the embedded H2 file {@code <dataDir>/dagflow}, used when no url is given. */
  public JdbcStoreBuilder dataDir(Path dir) {
    this.dataDir = dir;
    return this;
  }

  /** A private in-memory H2 database, dropped on {@link JdbcStore#close()}. */
  public JdbcStoreBuilder inMemory() {
    this.inMemory = true;
    return this;
  }

  /** A PostgreSQL schema for every connection (created by the migration when missing). */
  public JdbcStoreBuilder schema(String name) {
    this.schema = name;
    return this;
  }

  public JdbcStoreBuilder maxPoolSize(int size) {
    this.maxPoolSize = size;
    return this;
  }

  public JdbcStoreBuilder queryObserver(QueryObserver observer) {
    this.queryObserver = observer;
    return this;
  }

  public JdbcStoreBuilder contextObserver(ContextObserver observer) {
    this.contextObserver = observer;
    return this;
  }

  /** The clock stamping workflow versions (tests). */
  public JdbcStoreBuilder clock(Clock c) {
    this.clock = c;
    return this;
  }

  /** How long a caller waits for a pooled connection (and for the first one at build). */
  public JdbcStoreBuilder connectionTimeout(Duration timeout) {
    this.connectionTimeout = timeout;
    return this;
  }

  /**
   * How often an embedded H2 file rewrites its sparse chunks, for at most 250 ms (default 1 s;
   * zero: never). See docs/engine.md, "H2 file compaction".
   */
  public JdbcStoreBuilder h2Compaction(Duration interval) {
    this.compactionInterval = interval;
    return this;
  }

  /**
   * The least time between two writes of an embedded H2 file's commits (default 10 ms; zero: a
   * commit that finds no write in progress writes at once). Commits that end meanwhile share the
   * next write, and each still returns only once it is written. See docs/engine.md, "H2 file
   * compaction".
   */
  public JdbcStoreBuilder h2GroupCommit(Duration spacing) {
    this.groupCommitSpacing = spacing;
    return this;
  }

  /** Runs after the pool is closed (the test fixture drops its schema here). */
  public JdbcStoreBuilder afterClose(Runnable action) {
    this.afterClose = action;
    return this;
  }

  /** Connects, migrates and returns a ready store; {@link StoreException} if unreachable. */
  public JdbcStore build() {
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1, was " + maxPoolSize);
    }
    if (connectionTimeout == null || connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("connectionTimeout must be at least 250ms");
    }
    if (compactionInterval == null || compactionInterval.isNegative()) {
      throw new IllegalArgumentException("h2Compaction must be zero (off) or positive");
    }
    if (groupCommitSpacing == null || groupCommitSpacing.isNegative()) {
      throw new IllegalArgumentException("h2GroupCommit must be zero or positive");
    }
    if (queryObserver == null || contextObserver == null || clock == null || afterClose == null) {
      throw new IllegalArgumentException("observers, clock and afterClose must not be null");
    }
    if (schema != null && !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("schema must be a lower-case SQL identifier: " + schema);
    }
    DatabaseUrl resolved = resolve();
    long start = System.nanoTime();
    HikariDataSource dataSource = Pools.open(resolved, schema, maxPoolSize, connectionTimeout);
    try {
      long opened = System.nanoTime();
      Pools.migrate(dataSource, resolved, schema);
      Pools.sizeH2Cache(dataSource, resolved);
      log.debug(
          "store on {} ready: pool opened in {} ms, migrated in {} ms",
          resolved.redacted(),
          (opened - start) / 1_000_000,
          (System.nanoTime() - opened) / 1_000_000);
      return new JdbcStore(this, resolved, dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  private DatabaseUrl resolve() {
    if (databaseUrl != null) {
      return databaseUrl;
    }
    if (url != null) {
      return DatabaseUrl.parse(url);
    }
    if (inMemory) {
      return DatabaseUrl.h2InMemory();
    }
    if (dataDir != null) {
      return DatabaseUrl.h2File(dataDir);
    }
    throw new IllegalStateException("JdbcStore needs a url, a dataDir or inMemory()");
  }
}
