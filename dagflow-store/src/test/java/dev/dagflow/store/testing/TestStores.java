package dev.dagflow.store.testing;

import dev.dagflow.store.DatabaseUrl;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.JdbcStoreBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;

/**
 * Stores for tests: a private in-memory H2, or PostgreSQL at {@code DAGFLOW_TEST_DATABASE_URL}
 * (default {@code postgresql://postgres@127.0.0.1:5432/test}) in a fresh schema {@code t_<random>}
 * that closing the store drops. When PostgreSQL is unreachable the test is skipped, or fails when
 * {@code DAGFLOW_REQUIRE_POSTGRES=1}.
 *
 * <pre>{@code
 * try (JdbcStore store = TestStores.postgres();
 *     JdbcStore second = TestStores.sameDatabase(store)) {   // two engines, one database
 *   ...
 * }
 * }</pre>
 */
public final class TestStores {
  public static final String DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test";

  /** Pool size of test stores on PostgreSQL: many run at once against one server. */
  private static final int POSTGRES_POOL_SIZE = 8;

  private TestStores() {}

  /** A migrated store on a private in-memory H2 database. */
  public static JdbcStore h2() {
    return h2(b -> {});
  }

  /** Same, with builder settings (observers, pool size, clock). */
  public static JdbcStore h2(Consumer<JdbcStoreBuilder> customizer) {
    JdbcStoreBuilder builder = JdbcStore.builder().inMemory();
    customizer.accept(builder);
    return builder.build();
  }

  /** A migrated store on PostgreSQL in a fresh schema, dropped on close. */
  public static JdbcStore postgres() {
    return postgres(b -> {});
  }

  /** Same, with builder settings applied after the fixture's (so they may override the pool). */
  public static JdbcStore postgres(Consumer<JdbcStoreBuilder> customizer) {
    DatabaseUrl url = postgresUrl();
    requirePostgres(url);
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    JdbcStoreBuilder builder =
        JdbcStore.builder()
            .databaseUrl(url)
            .schema(schema)
            .maxPoolSize(POSTGRES_POOL_SIZE)
            .afterClose(() -> dropSchema(url, schema));
    customizer.accept(builder);
    return builder.build();
  }

  /**
   * A second store on the same database (and schema) as {@code store}, as a second engine instance
   * would have. Closing it leaves the database alone; closing {@code store} drops it.
   */
  public static JdbcStore sameDatabase(JdbcStore store) {
    return sameDatabase(store, b -> {});
  }

  public static JdbcStore sameDatabase(JdbcStore store, Consumer<JdbcStoreBuilder> customizer) {
    JdbcStoreBuilder builder =
        JdbcStore.builder()
            .databaseUrl(store.databaseUrl().shared())
            .maxPoolSize(POSTGRES_POOL_SIZE);
    store.schema().ifPresent(builder::schema);
    customizer.accept(builder);
    return builder.build();
  }

  /**
   * Deletes every workflow, run, node, event and context row of {@code store}'s database, so that
   * one store can serve many tests (opening a store migrates a schema, which costs far more). Event
   * sinks stay registered and the event sequence keeps counting.
   */
  public static void clear(JdbcStore store) {
    try (Connection c = connect(store.databaseUrl());
        Statement s = c.createStatement()) {
      if (store.schema().isPresent()) {
        c.setSchema(store.schema().get());
      }
      for (String table : List.of("events", "context", "nodes", "runs", "workflows")) {
        s.executeUpdate("DELETE FROM " + table);
      }
      s.executeUpdate("UPDATE purge_lease SET owner = NULL, expires_at = NULL");
    } catch (SQLException e) {
      throw new IllegalStateException("could not clear " + store.databaseUrl(), e);
    }
  }

  /**
   * Runs statements directly on {@code store}'s database, around the store: to break or corrupt it
   * on purpose (rename a table, write a row the store would never write).
   */
  public static void execute(JdbcStore store, String... statements) {
    try (Connection c = connect(store.databaseUrl());
        Statement s = c.createStatement()) {
      if (store.schema().isPresent()) {
        c.setSchema(store.schema().get());
      }
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not run SQL on " + store.databaseUrl(), e);
    }
  }

  /** The first column of the first row of {@code sql}, run directly on {@code store}'s database. */
  public static long queryLong(JdbcStore store, String sql) {
    try (Connection c = connect(store.databaseUrl());
        Statement s = c.createStatement()) {
      if (store.schema().isPresent()) {
        c.setSchema(store.schema().get());
      }
      try (var rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not query " + store.databaseUrl(), e);
    }
  }

  /**
   * How many sessions of {@code store}'s database are waiting for a row lock right now: to hold one
   * transaction until another is blocked, without sleeping.
   */
  public static long sessionsWaitingForALock(JdbcStore store) {
    String sql =
        DatabaseUrl.POSTGRESQL.equals(store.databaseUrl().dialect())
            ? "SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            : "SELECT count(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
    try (Connection c = connect(store.databaseUrl());
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the lock waits of " + store.databaseUrl(), e);
    }
  }

  /** The PostgreSQL the tests use, from {@code DAGFLOW_TEST_DATABASE_URL}. */
  public static DatabaseUrl postgresUrl() {
    String configured = System.getenv("DAGFLOW_TEST_DATABASE_URL");
    return DatabaseUrl.parse(
        configured == null || configured.isBlank() ? DEFAULT_POSTGRES_URL : configured);
  }

  /** True when tests must fail rather than skip without PostgreSQL. */
  public static boolean postgresRequired() {
    return "1".equals(System.getenv("DAGFLOW_REQUIRE_POSTGRES"));
  }

  private static void requirePostgres(DatabaseUrl url) {
    try (Connection c = connect(url)) {
      c.isValid(3);
    } catch (SQLException e) {
      String message = "PostgreSQL not reachable at " + url.redacted() + ": " + e.getMessage();
      if (postgresRequired()) {
        throw new AssertionError(message + " (DAGFLOW_REQUIRE_POSTGRES=1)", e);
      }
      Assumptions.abort(message);
    }
  }

  private static void dropSchema(DatabaseUrl url, String schema) {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test schema " + schema, e);
    }
  }

  private static Connection connect(DatabaseUrl url) throws SQLException {
    Properties props = new Properties();
    if (url.user() != null) {
      props.setProperty("user", url.user());
    }
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    if (DatabaseUrl.POSTGRESQL.equals(url.dialect())) {
      props.setProperty("connectTimeout", "3");
      props.setProperty("loginTimeout", "3");
    }
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }
}
