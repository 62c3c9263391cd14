package dev.dagflow.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.dagflow.engine.error.StoreException;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.store.ContextStore;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import dev.dagflow.store.internal.Dialect;
import dev.dagflow.store.internal.EventPositions;
import dev.dagflow.store.internal.EventSinks;
import dev.dagflow.store.internal.H2Compaction;
import dev.dagflow.store.internal.H2GroupCommit;
import dev.dagflow.store.internal.JdbcContextStore;
import dev.dagflow.store.internal.JdbcSession;
import dev.dagflow.store.internal.PgWakeups;
import dev.dagflow.store.internal.Retry;
import dev.dagflow.store.internal.SqlExecutor;
import dev.dagflow.store.internal.Transactions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
 * every query timed by kind through one executor. {@link JdbcStoreBuilder#build()} connects and
 * migrates, or fails with a {@link StoreException} naming the database (never its password).
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

  JdbcStore(JdbcStoreBuilder b, DatabaseUrl url, HikariDataSource dataSource) {
    this.url = url;
    this.schema = b.schema;
    this.dialect = Dialect.of(url.dialect());
    this.dataSource = dataSource;
    this.afterClose = b.afterClose;
    SqlExecutor sql = new SqlExecutor(b.queryObserver);
    // embedded H2 file: commits share file writes (docs/engine.md, "Durability")
    Optional<H2GroupCommit> groupCommit = H2GroupCommit.start(dataSource, b.groupCommitSpacing);
    H2GroupCommit commits = groupCommit.orElse(null);
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
            b.contextObserver,
            commits);
    this.contextStore = new JdbcContextStore(dataSource, sql, dialect, b.contextObserver, commits);
    this.wakeups =
        DatabaseUrl.POSTGRESQL.equals(url.dialect())
            ? PgWakeups.start(dataSource, url.jdbcUrl(), credentials(url), b.schema)
            : null;
    this.compaction = H2Compaction.start(dataSource, b.compactionInterval, groupCommit);
  }

  public static JdbcStoreBuilder builder() {
    return new JdbcStoreBuilder();
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
      wakeups.notifyWork(true);
    }
  }

  @Override
  public void notifySlots() {
    if (wakeups != null) {
      wakeups.notifyWork(false);
    }
  }

  @Override
  public void onWork(Runnable wake) {
    onWorkNotice(n -> wake.run());
  }

  @Override
  public void onWorkNotice(Consumer<WorkNotice> wake) {
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
}
