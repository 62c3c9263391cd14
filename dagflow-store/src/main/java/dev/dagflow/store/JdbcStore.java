package dev.dagflow.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.dagflow.engine.error.StoreException;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.store.ContextObserver;
import dev.dagflow.engine.store.ContextStore;
import dev.dagflow.engine.store.QueryObserver;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import dev.dagflow.store.internal.Dialect;
import dev.dagflow.store.internal.EventPositions;
import dev.dagflow.store.internal.EventSinks;
import dev.dagflow.store.internal.H2Compaction;
import dev.dagflow.store.internal.JdbcContextStore;
import dev.dagflow.store.internal.JdbcSession;
import dev.dagflow.store.internal.PgWakeups;
import dev.dagflow.store.internal.Retry;
import dev.dagflow.store.internal.SqlExecutor;
import dev.dagflow.store.internal.Transactions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} on H2 or PostgreSQL over JDBC: a HikariCP pool, Flyway migrations per dialect,
 * every query timed by kind through one executor. {@link Builder#build()} connects and migrates, or
 * fails with a {@link StoreException} naming the database (never its password).
 *
 * <pre>{@code
 * try (JdbcStore store = JdbcStore.builder().url(System.getenv("DATABASE_URL"))
 *     .dataDir(Path.of("data")).queryObserver(metrics::onQuery).build()) {
 *   store.transaction(tx -> tx.saveWorkflow("etl", yaml));
 * }
 * }</pre>
 */
public final class JdbcStore implements Store {
  private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);

  private final DatabaseUrl url;
  private final String schema;
  private final Dialect dialect;
  private final HikariDataSource dataSource;
  private final Transactions transactions;
  private final EventSinks sinks = new EventSinks();
  private final EventPositions positions; // H2: global event positions of this process
  private final PgWakeups wakeups; // PostgreSQL: LISTEN/NOTIFY between instances
  private final ContextStore contextStore;
  private final Optional<H2Compaction> compaction;
  private final ExecutorService pingExecutor = Executors.newVirtualThreadPerTaskExecutor();
  private final Runnable afterClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JdbcStore(Builder b, DatabaseUrl url, HikariDataSource dataSource) {
    this.url = url;
    this.schema = b.schema;
    this.dialect = Dialect.of(url.dialect());
    this.dataSource = dataSource;
    this.afterClose = b.afterClose;
    SqlExecutor sql = new SqlExecutor(b.queryObserver);
    this.positions =
        DatabaseUrl.H2.equals(url.dialect())
            ? EventPositions.acquire(url.jdbcUrl(), () -> maxEventPosition(dataSource))
            : null;
    this.transactions =
        new Transactions(
            dataSource,
            sql,
            dialect,
            b.clock,
            sinks,
            positions,
            Retry.DEFAULT,
            url.redacted(),
            b.contextObserver);
    this.contextStore = new JdbcContextStore(dataSource, sql, dialect, b.contextObserver);
    this.wakeups =
        DatabaseUrl.POSTGRESQL.equals(url.dialect())
            ? PgWakeups.start(dataSource, url.jdbcUrl(), credentials(url), b.schema)
            : null;
    this.compaction = H2Compaction.start(dataSource, b.compactionInterval);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public <T> T transaction(Function<StoreSession, T> work) {
    return transactions.inTransaction(work);
  }

  @Override
  public <T> T read(Function<StoreSession, T> work) {
    return transactions.read(work);
  }

  @Override
  public void addEventSink(Consumer<List<EventRecord>> sink) {
    sinks.addSink(sink);
  }

  @Override
  public void notifyWork() {
    if (wakeups != null) {
      wakeups.notifyWork();
    }
  }

  @Override
  public void onWork(Runnable wake) {
    if (wakeups != null) {
      wakeups.addListener(wake);
    }
  }

  private static Properties credentials(DatabaseUrl url) {
    Properties props = new Properties();
    if (url.user() != null) {
      props.setProperty("user", url.user());
    }
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    return props;
  }

  @Override
  public Duration eventHorizonAge() {
    return transactions.read(s -> ((JdbcSession) s).eventHorizonAge(Instant.now()));
  }

  private static long maxEventPosition(HikariDataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COALESCE(MAX(pos), 0) FROM events")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot read the event positions: " + e.getMessage(), e);
    }
  }

  @Override
  public ContextStore contextStore() {
    return contextStore;
  }

  /**
   * Borrows a connection and validates it on a virtual thread, giving up after {@code timeout}: a
   * database that hangs makes this false, never a blocked caller.
   */
  @Override
  public boolean ping(Duration timeout) {
    if (closed.get()) {
      return false;
    }
    int seconds = (int) Math.max(1, Math.ceil(timeout.toMillis() / 1000.0));
    Future<Boolean> check =
        pingExecutor.submit(
            () -> {
              try (Connection c = dataSource.getConnection()) {
                boolean valid = c.isValid(seconds);
                if (!valid) {
                  // H2's "connection broken" errors are not SQLState 08xxx, so Hikari keeps such
                  // connections; evict them so readiness recovers when the database returns
                  dataSource.evictConnection(c);
                }
                return valid;
              } catch (SQLException e) {
                return false;
              }
            });
    try {
      return check.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      check.cancel(true);
      return false;
    }
  }

  @Override
  public PoolStats poolStats() {
    HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
    int active = pool == null ? 0 : pool.getActiveConnections();
    return new PoolStats(active, dataSource.getMaximumPoolSize());
  }

  @Override
  public String dialect() {
    return dialect.name();
  }

  /** Where this store's database is (its {@code toString} hides the password). */
  public DatabaseUrl databaseUrl() {
    return url;
  }

  /** The schema every connection uses, when one was set. */
  public Optional<String> schema() {
    return Optional.ofNullable(schema);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    pingExecutor.shutdownNow();
    if (wakeups != null) {
      wakeups.close();
    }
    compaction.ifPresent(H2Compaction::close);
    dataSource.close();
    if (positions != null) {
      positions.close();
    }
    if (url.inMemory()) {
      // DB_CLOSE_DELAY=-1 keeps an in-memory database for the JVM's life; free it now.
      try (Connection c = DriverManager.getConnection(url.jdbcUrl());
          Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        log.debug("shutting down in-memory H2 failed", e);
      }
    }
    afterClose.run();
  }

  /**
   * Configures a {@link JdbcStore}. The database is the first one given of {@link #databaseUrl},
   * {@link #url}, {@link #inMemory()} and {@link #dataDir} (the H2 file), so a CLI can always pass
   * its data directory and let {@code DATABASE_URL} override it.
   */
  public static final class Builder {
    private String url;
    private DatabaseUrl databaseUrl;
    private Path dataDir;
    private boolean inMemory;
    private String schema;
    private int maxPoolSize = 16;
    private QueryObserver queryObserver = QueryObserver.NONE;
    private ContextObserver contextObserver = ContextObserver.NONE;
    private Clock clock = Clock.systemUTC();
    private Duration connectionTimeout = Duration.ofSeconds(10);
    private Runnable afterClose = () -> {};
    private Duration compactionInterval = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * {@code postgresql://user:pass@host:port/db}, {@code postgres://…} or a JDBC URL; null = none.
     */
    public Builder url(String databaseUrlOrJdbcUrl) {
      this.url =
          databaseUrlOrJdbcUrl == null || databaseUrlOrJdbcUrl.isBlank()
              ? null
              : databaseUrlOrJdbcUrl;
      return this;
    }

    /** An already parsed database location; wins over {@link #url} and the others. */
    public Builder databaseUrl(DatabaseUrl location) {
      this.databaseUrl = location;
      return this;
    }

    /** Directory of the embedded H2 file {@code <dataDir>/dagflow}, used when no url is given. */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** A private in-memory H2 database, dropped on {@link JdbcStore#close()}. */
    public Builder inMemory() {
      this.inMemory = true;
      return this;
    }

    /** A PostgreSQL schema for every connection (created by the migration when missing). */
    public Builder schema(String name) {
      this.schema = name;
      return this;
    }

    public Builder maxPoolSize(int size) {
      this.maxPoolSize = size;
      return this;
    }

    public Builder queryObserver(QueryObserver observer) {
      this.queryObserver = observer;
      return this;
    }

    public Builder contextObserver(ContextObserver observer) {
      this.contextObserver = observer;
      return this;
    }

    /** The clock stamping workflow versions (tests). */
    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /** How long a caller waits for a pooled connection (and for the first one at build). */
    public Builder connectionTimeout(Duration timeout) {
      this.connectionTimeout = timeout;
      return this;
    }

    /**
     * How often an embedded H2 file rewrites its sparse chunks, for at most 250 ms (default 1 s;
     * zero: never). See docs/engine.md, "H2 file compaction".
     */
    public Builder h2Compaction(Duration interval) {
      this.compactionInterval = interval;
      return this;
    }

    /** Runs after the pool is closed (the test fixture drops its schema here). */
    public Builder afterClose(Runnable action) {
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
}
