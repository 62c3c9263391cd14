package dev.dagflow.bench.engine;

import dev.dagflow.store.DatabaseUrl;
import dev.dagflow.store.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A fresh, private database for one benchmark scenario: in-memory H2, H2 in a temporary directory,
 * or a new schema on PostgreSQL. Closing it drops what it created (the H2 files, the schema), as
 * the store's test fixture does.
 *
 * <pre>{@code
 * try (BenchStore db = BenchStore.open(BenchStore.Kind.POSTGRES, pgUrl, 16)) {
 *   DurableEngine.builder().store(db.store()) ...
 * }
 * }</pre>
 */
public final class BenchStore implements AutoCloseable {
  public static final String DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test";

  /** Where the scenario's database lives; {@code label} is what the report prints. */
  public enum Kind {
    H2_MEM("h2-mem"),
    H2_FILE("h2-file"),
    POSTGRES("pg");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public static Kind fromLabel(String label) {
      for (Kind k : values()) {
        if (k.label.equalsIgnoreCase(label.strip())) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown store " + label + " (h2-mem, h2-file, pg)");
    }
  }

  private final Kind kind;
  private final JdbcStore store;
  private final QueryCounter queries;
  private final CountingStore counted;
  private final DatabaseUrl postgresUrl;
  private final Path h2File;
  private volatile long closedBytes = -1;
  private volatile long compactedBytes = -1;

  private BenchStore(
      Kind kind, JdbcStore store, QueryCounter queries, DatabaseUrl postgresUrl, Path dataDir) {
    this.kind = kind;
    this.store = store;
    this.queries = queries;
    this.counted = new CountingStore(store);
    this.postgresUrl = postgresUrl;
    this.h2File = dataDir == null ? null : dataDir.resolve("dagflow.mv.db");
  }

  /**
   * Opens a migrated store; for {@link Kind#POSTGRES}, throws when {@code pgUrl} is unreachable.
   */
  public static BenchStore open(Kind kind, String pgUrl, int poolSize) {
    return open(kind, pgUrl, poolSize, "", true);
  }

  /**
   * As {@link #open(Kind, String, int)}, with {@code h2Settings} ({@code KEY=VALUE;…}) appended to
   * the H2 file's URL, and the store's periodic H2 compaction on or off, to compare them in the
   * soak.
   */
  public static BenchStore open(
      Kind kind, String pgUrl, int poolSize, String h2Settings, boolean h2Compaction) {
    QueryCounter queries = new QueryCounter();
    return switch (kind) {
      case H2_MEM ->
          new BenchStore(
              kind,
              JdbcStore.builder().inMemory().maxPoolSize(poolSize).queryObserver(queries).build(),
              queries,
              null,
              null);
      case H2_FILE -> {
        Path dir = tempDir();
        BenchStore[] self = new BenchStore[1];
        JdbcStore s =
            JdbcStore.builder()
                .databaseUrl(withSettings(DatabaseUrl.h2File(dir), h2Settings))
                .h2Compaction(h2Compaction ? Duration.ofSeconds(1) : Duration.ZERO)
                .maxPoolSize(poolSize)
                .queryObserver(queries)
                .afterClose(
                    () -> {
                      self[0].closedBytes = fileSize(dir.resolve("dagflow.mv.db"));
                      self[0].compactedBytes = compactFully(dir);
                      delete(dir);
                    })
                .build();
        self[0] = new BenchStore(kind, s, queries, null, dir);
        yield self[0];
      }
      case POSTGRES -> {
        DatabaseUrl url = DatabaseUrl.parse(pgUrl);
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        JdbcStore s =
            JdbcStore.builder()
                .databaseUrl(url)
                .schema(schema)
                .maxPoolSize(poolSize)
                .queryObserver(queries)
                .afterClose(() -> dropSchema(url, schema))
                .build();
        yield new BenchStore(kind, s, queries, url, null);
      }
    };
  }

  /**
   * PostgreSQL: another store on this one's schema, as a second server would open it (its own pool
   * of {@code poolSize}, counters and {@code LISTEN} connection). Closing it leaves the schema
   * alone; closing this store drops it.
   */
  public BenchStore peer(int poolSize) {
    if (postgresUrl == null) {
      throw new IllegalStateException("only a PostgreSQL store has peers, not " + kind.label());
    }
    QueryCounter q = new QueryCounter();
    JdbcStore s =
        JdbcStore.builder()
            .databaseUrl(postgresUrl)
            .schema(store.schema().orElseThrow())
            .maxPoolSize(poolSize)
            .queryObserver(q)
            .build();
    return new BenchStore(kind, s, q, postgresUrl, null);
  }

  private static DatabaseUrl withSettings(DatabaseUrl url, String settings) {
    return settings.isBlank()
        ? url
        : new DatabaseUrl(url.jdbcUrl() + ";" + settings, null, null, url.dialect(), false);
  }

  /** The PostgreSQL URL: {@code DAGFLOW_TEST_DATABASE_URL}, else the project's default. */
  public static String defaultPostgresUrl() {
    String configured = System.getenv("DAGFLOW_TEST_DATABASE_URL");
    return configured == null || configured.isBlank() ? DEFAULT_POSTGRES_URL : configured;
  }

  public Kind kind() {
    return kind;
  }

  public JdbcStore store() {
    return store;
  }

  /** The store as the engine gets it: counting transactions, reads and context operations. */
  public CountingStore counted() {
    return counted;
  }

  /** Every statement the store ran, by kind. */
  public QueryCounter queries() {
    return queries;
  }

  /**
   * On PostgreSQL, the pids of the server backends serving this JVM's open connections (matched by
   * {@code pg_stat_activity.client_port} against this process's local TCP ports); null when they
   * cannot be told apart (not PostgreSQL, a Unix socket, {@code /proc} not readable).
   */
  public Set<Integer> backendPids() {
    if (postgresUrl == null) {
      return null;
    }
    Set<Integer> ports = PgCpu.ownLocalPorts();
    if (ports.isEmpty()) {
      return null;
    }
    Set<Integer> pids = new HashSet<>();
    try (Connection c = connect(postgresUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pid, client_port FROM pg_stat_activity"
                    + " WHERE client_port IS NOT NULL AND pid <> pg_backend_pid()")) {
      while (rs.next()) {
        if (ports.contains(rs.getInt(2))) {
          pids.add(rs.getInt(1));
        }
      }
    } catch (SQLException e) {
      return null;
    }
    return pids.isEmpty() ? null : pids;
  }

  @Override
  public void close() {
    store.close();
  }

  /**
   * Bytes the database takes: the H2 file's size, or on PostgreSQL the tables, indexes and TOAST of
   * this store's schema ({@code pg_total_relation_size}); -1 for in-memory H2.
   */
  public long databaseBytes() {
    if (h2File != null) {
      return fileSize(h2File);
    }
    if (postgresUrl == null) {
      return -1;
    }
    return schemaLong(
        "SELECT coalesce(sum(pg_total_relation_size(quote_ident(schemaname) || '.' ||"
            + " quote_ident(tablename))), 0) FROM pg_tables WHERE schemaname = '"
            + store.schema().orElseThrow()
            + "'");
  }

  /**
   * On PostgreSQL, stores {@code runs} finished two-node runs with their nodes, event heads and
   * seven events each, in a few set-oriented statements, so that a scenario meets the tables of a
   * server that has kept a day of history instead of an empty schema (whose tiny tables make the
   * planner prefer sequential scans). No-op on H2 or for 0.
   */
  public void prefill(int runs) {
    if (postgresUrl == null || runs <= 0) {
      return;
    }
    try (Connection c = connect(postgresUrl);
        Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + store.schema().orElseThrow());
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
      s.execute("INSERT INTO event_heads (run_id, last_seq) SELECT run_id, 7 FROM prefill");
      s.execute(
          "INSERT INTO events (seq, type, run_id, workflow_id, node_id, at, data, pos, xid)"
              + " SELECT e.k, e.t, p.run_id, 'bench_prefill', e.n, p.at, NULL, nextval('event_pos'),"
              + " pg_current_xact_id() FROM prefill p, (VALUES (1, 'run.queued', NULL),"
              + " (2, 'run.started', NULL), (3, 'node.started', 'a'), (4, 'node.succeeded', 'a'),"
              + " (5, 'node.started', 'b'), (6, 'node.succeeded', 'b'), (7, 'run.succeeded', NULL))"
              + " e (k, t, n) ORDER BY p.at, e.k");
      s.execute("ANALYZE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not prefill the benchmark schema", e);
    }
  }

  /**
   * On PostgreSQL, {@code ANALYZE}s this store's schema, as autovacuum does within a minute or so
   * on a server: the schema starts empty, and plans chosen for empty tables (sequential scans of
   * {@code runs}) would otherwise stay cached for the whole measurement. No-op on H2.
   */
  public void analyze() {
    if (postgresUrl == null) {
      return;
    }
    try (Connection c = connect(postgresUrl);
        Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + store.schema().orElseThrow());
      s.execute("ANALYZE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not analyze the benchmark schema", e);
    }
  }

  /**
   * On PostgreSQL, the sequential scans of this store's tables so far ({@code pg_stat_user_tables};
   * the statistics lag a transaction or so); -1 on H2.
   */
  public long sequentialScans() {
    if (postgresUrl == null) {
      return -1;
    }
    return schemaLong(
        "SELECT coalesce(sum(seq_scan), 0) FROM pg_stat_user_tables WHERE schemaname = '"
            + store.schema().orElseThrow()
            + "' AND relname <> 'flyway_schema_history'");
  }

  /** One number about this store's PostgreSQL schema. */
  private long schemaLong(String sql) {
    try (Connection c = connect(postgresUrl);
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
  public java.util.Map<String, Long> tableBytes() {
    java.util.Map<String, Long> bytes = new java.util.LinkedHashMap<>();
    if (postgresUrl == null) {
      return bytes;
    }
    try (Connection c = connect(postgresUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT CASE WHEN c.relkind = 'i' THEN '  index ' ELSE '' END || c.relname,"
                    + " pg_relation_size(c.oid) + CASE WHEN c.reltoastrelid <> 0 THEN"
                    + " pg_total_relation_size(c.reltoastrelid) ELSE 0 END AS b"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = '"
                    + store.schema().orElseThrow()
                    + "' AND c.relkind IN ('r', 'i') ORDER BY b DESC")) {
      while (rs.next()) {
        bytes.put(rs.getString(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not measure the benchmark schema", e);
    }
    return bytes;
  }

  /**
   * For an H2 file, H2's own account of it: fill rate of the file and of its chunks (all, and those
   * old enough to be rewritten), chunk and live page counts; empty otherwise.
   */
  public String h2Info() {
    if (h2File == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    try (Connection c = java.sql.DriverManager.getConnection(store.databaseUrl().jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE"
                    + " SETTING_NAME IN ('info.FILL_RATE', 'info.CHUNKS_FILL_RATE',"
                    + " 'info.CHUNKS_FILL_RATE_RW', 'info.CHUNK_COUNT', 'info.PAGE_COUNT_LIVE',"
                    + " 'info.FILE_WRITE_BYTES') ORDER BY SETTING_NAME")) {
      while (rs.next()) {
        out.append(rs.getString(1).substring(5).toLowerCase(java.util.Locale.ROOT))
            .append('=')
            .append(rs.getString(2))
            .append(' ');
      }
      out.append(versionsHeld(c));
    } catch (SQLException e) {
      return "h2 info: " + e.getMessage();
    }
    return out.toString().trim();
  }

  /**
   * How far H2's oldest version still in use lags its current one, and how many dead chunks wait to
   * be freed: H2 frees a dead chunk only once it is older than the retention time and no version in
   * use can still read it, in the order the chunks died. Read through reflection (H2 keeps both
   * package-private); empty if that fails.
   */
  private static String versionsHeld(Connection c) {
    try {
      var session =
          (org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
      org.h2.mvstore.MVStore mv = session.getDatabase().getStore().getMvStore();
      var oldest = org.h2.mvstore.MVStore.class.getDeclaredMethod("getOldestVersionToKeep");
      oldest.setAccessible(true);
      long lag = mv.getCurrentVersion() - (long) oldest.invoke(mv);
      var dead = org.h2.mvstore.FileStore.class.getDeclaredField("deadChunks");
      dead.setAccessible(true);
      int waiting = ((java.util.Collection<?>) dead.get(mv.getFileStore())).size();
      return "versions_held=" + lag + " dead_chunks_waiting=" + waiting;
    } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
      return "";
    }
  }

  /**
   * The closed H2 file's size once H2 has rewritten it whole ({@code SHUTDOWN COMPACT}): its live
   * data, what the file tends to per run when many runs are kept; -1 otherwise.
   */
  public long compactedBytes() {
    return compactedBytes;
  }

  private static long compactFully(Path dir) {
    String url = "jdbc:h2:" + dir.resolve("dagflow").toAbsolutePath();
    try (Connection c = java.sql.DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN COMPACT");
    } catch (SQLException e) {
      return -1;
    }
    return fileSize(dir.resolve("dagflow.mv.db"));
  }

  /** The H2 file's size when the store closed (after its compaction on close); -1 otherwise. */
  public long closedBytes() {
    return closedBytes;
  }

  private static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("dagflow-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
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
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }

  private static void dropSchema(DatabaseUrl url, String schema) {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop benchmark schema " + schema, e);
    }
  }
}
