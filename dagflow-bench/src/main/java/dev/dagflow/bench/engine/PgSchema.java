package dev.dagflow.bench.engine;

import dev.dagflow.store.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A benchmark's PostgreSQL schema, seen from outside the store: its size by relation, its
 * statistics, a day of history stored into it, and dropping it.
 *
 * <pre>{@code
 * new PgSchema(url, "bench_1a2b").prefill(100_000);
 * }</pre>
 */
record PgSchema(DatabaseUrl url, String schema) {
  /** The tables, indexes and TOAST of the schema ({@code pg_total_relation_size}). */
  long bytes() {
    return schemaLong(
        "SELECT coalesce(sum(pg_total_relation_size(quote_ident(schemaname) || '.' ||"
            + " quote_ident(tablename))), 0) FROM pg_tables WHERE schemaname = '"
            + schema
            + "'");
  }

  /**
   * On PostgreSQL, stores {@code runs} finished two-node runs with their nodes and seven events
   * each (finished runs keep no event head), in a few set-oriented statements, so that a scenario
   * meets the tables of a server that has kept a day of history instead of an empty schema (whose
   * tiny tables make the planner prefer sequential scans). No-op for 0.
   */
  void prefill(int runs) {
    if (runs <= 0) {
      return;
    }
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      s.execute(
          "CREATE TEMP TABLE prefill AS SELECT gen_random_uuid() AS run_id,"
              + " now() - interval '1 day' + g * interval '10 ms' AS at FROM generate_series(1, "
              + runs
              + ") g");
      s.execute(
          "INSERT INTO runs (run_id, workflow_id, workflow_version, status, params, queued_at,"
              + " started_at, finished_at) SELECT run_id, 'bench_prefill', 1, 'success', '{}',"
              + " at, at, at FROM prefill");
      s.execute(
          "INSERT INTO nodes (run_id, node_id, type, name, status, attempts, ready_at, started_at,"
              + " finished_at) SELECT run_id, n, 'noop', n, 'success', 1, at, at, at FROM prefill,"
              + " (VALUES ('a'), ('b')) v (n)");
      s.execute(
          "INSERT INTO events (seq, type, run_id, node_id, at, data, pos, xid)"
              + " SELECT e.k, e.t, p.run_id, e.n, p.at, NULL, nextval('event_pos'),"
              + " pg_current_xact_id() FROM prefill p, (VALUES (1, 1, NULL), (2, 2, NULL),"
              + " (3, 8, 'a'), (4, 11, 'a'), (5, 8, 'b'), (6, 11, 'b'), (7, 3, NULL))"
              + " e (k, t, n) ORDER BY p.at, e.k"); // types: EventTypeCodes
      s.execute("ANALYZE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not prefill the benchmark schema", e);
    }
  }

  /**
   * On PostgreSQL, {@code ANALYZE}s this store's schema, as autovacuum does within a minute or so
   * on a server: the schema starts empty, and plans chosen for empty tables (sequential scans of
   * {@code runs}) would otherwise stay cached for the whole measurement.
   */
  void analyze() {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      s.execute("ANALYZE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not analyze the benchmark schema", e);
    }
  }

  /**
   * On PostgreSQL, the sequential scans of this store's tables so far ({@code pg_stat_user_tables};
   * the statistics lag a transaction or so).
   */
  long sequentialScans() {
    return schemaLong(
        "SELECT coalesce(sum(seq_scan), 0) FROM pg_stat_user_tables WHERE schemaname = '"
            + schema
            + "' AND relname <> 'flyway_schema_history'");
  }

  /** One number about this store's PostgreSQL schema. */
  private long schemaLong(String sql) {
    try (Connection c = connect(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the benchmark schema: " + sql, e);
    }
  }

  /**
   * On PostgreSQL, bytes per relation of this store's schema, largest first: each table's heap
   * ({@code pg_relation_size}, TOAST included) and each of its indexes, so a column or an index can
   * be weighed on its own.
   */
  java.util.Map<String, Long> relationBytes() {
    java.util.Map<String, Long> bytes = new java.util.LinkedHashMap<>();
    try (Connection c = connect(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT CASE WHEN c.relkind = 'i' THEN '  index ' ELSE '' END || c.relname,"
                    + " pg_relation_size(c.oid) + CASE WHEN c.reltoastrelid <> 0 THEN"
                    + " pg_total_relation_size(c.reltoastrelid) ELSE 0 END AS b"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = '"
                    + schema
                    + "' AND c.relkind IN ('r', 'i') ORDER BY b DESC")) {
      while (rs.next()) {
        bytes.put(rs.getString(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not measure the benchmark schema", e);
    }
    return bytes;
  }

  static Connection connect(DatabaseUrl url) throws SQLException {
    Properties props = new Properties();
    if (url.user() != null) {
      props.setProperty("user", url.user());
    }
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }

  /**
   * Rewrites every table of the schema with its indexes ({@code VACUUM FULL ANALYZE}, table by
   * table: never the other schemas of a shared database), so that {@link #relationBytes} shows the
   * live rows only, packed as PostgreSQL packs them (heaps full, B-tree leaves at their fillfactor)
   * without the dead row versions that updates leave until autovacuum reclaims them.
   */
  void vacuumFull() {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      java.util.List<String> tables = new java.util.ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables"
                  + " WHERE schemaname = '"
                  + schema
                  + "'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        s.execute("VACUUM FULL ANALYZE " + table);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not vacuum the benchmark schema", e);
    }
  }

  /** Drops the schema with everything in it. */
  void drop() {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop benchmark schema " + schema, e);
    }
  }
}
