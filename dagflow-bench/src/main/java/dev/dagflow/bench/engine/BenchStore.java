package dev.dagflow.bench.engine;

import dev.dagflow.store.DatabaseUrl;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.JdbcStoreBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
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
    return open(kind, pgUrl, poolSize, H2Options.DEFAULTS);
  }

  /**
   * As {@link #open(Kind, String, int)}, with the H2 file opened as {@code h2} says, to compare
   * settings in the soak.
   */
  public static BenchStore open(Kind kind, String pgUrl, int poolSize, H2Options h2) {
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
        JdbcStoreBuilder builder =
            JdbcStore.builder()
                .databaseUrl(withSettings(DatabaseUrl.h2File(dir), h2.urlSettings()))
                .h2Compaction(h2.compaction() ? Duration.ofSeconds(1) : Duration.ZERO);
        if (h2.groupCommit() != null) {
          builder.h2GroupCommit(h2.groupCommit());
        }
        JdbcStore s =
            builder
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
                .afterClose(
                    () -> {
                      // DAGFLOW_BENCH_KEEP_SCHEMA=1 keeps it, to look at its rows afterwards
                      if (!"1".equals(System.getenv("DAGFLOW_BENCH_KEEP_SCHEMA"))) {
                        new PgSchema(url, schema).drop();
                      }
                    })
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
    try (Connection c = PgSchema.connect(postgresUrl);
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
    return pg().map(PgSchema::bytes).orElse(-1L);
  }

  /** On PostgreSQL, {@link PgSchema#prefill}; no-op on H2 or for 0. */
  public void prefill(int runs) {
    pg().ifPresent(pg -> pg.prefill(runs));
  }

  /** On PostgreSQL, {@link PgSchema#analyze}; no-op on H2. */
  public void analyze() {
    pg().ifPresent(PgSchema::analyze);
  }

  /** On PostgreSQL, {@link PgSchema#sequentialScans}; -1 on H2. */
  public long sequentialScans() {
    return pg().map(PgSchema::sequentialScans).orElse(-1L);
  }

  /** On PostgreSQL, {@link PgSchema#relationBytes}; empty on H2. */
  public java.util.Map<String, Long> tableBytes() {
    return pg().map(PgSchema::relationBytes).orElse(java.util.Map.of());
  }

  /**
   * On PostgreSQL, {@link PgSchema#vacuumFull} and then the schema's bytes, which {@link
   * #compactedBytes} reports from then on; no-op on H2.
   */
  public void compactPostgres() {
    pg().ifPresent(
            pg -> {
              pg.vacuumFull();
              compactedBytes = pg.bytes();
            });
  }

  /** For an H2 file, {@link H2FileInfo#describe}; empty otherwise. */
  public String h2Info() {
    return h2File == null ? "" : H2FileInfo.describe(store.databaseUrl().jdbcUrl());
  }

  private java.util.Optional<PgSchema> pg() {
    return postgresUrl == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(new PgSchema(postgresUrl, store.schema().orElseThrow()));
  }

  /**
   * The closed H2 file's size once H2 has rewritten it whole ({@code SHUTDOWN COMPACT}): its live
   * data, what the file tends to per run when many runs are kept; on PostgreSQL the schema's bytes
   * after {@link #compactPostgres}; -1 otherwise.
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
}
