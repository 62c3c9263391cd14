package dev.dagflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link H2Compaction} on a real H2 file with {@code WRITE_DELAY=0}: the same churn of commits
 * leaves a file many times its live data without it, and a bounded one with it. H2's retention time
 * is set to 0 here so that chunks become rewritable at once instead of after 45 s.
 */
class H2CompactionTest {
  private static final int ROWS = 5_000;
  private static final int COMMITS = 3_000;

  @Test
  void rewritingSparseChunksKeepsAChurnedFileNearItsLiveSize(@TempDir Path dir) throws Exception {
    long without = churn(dir.resolve("plain"), false);
    long with = churn(dir.resolve("compacted"), true);

    assertThat(without).as("file without compaction").isGreaterThan(4 * with);
    assertThat(with).as("file with compaction").isLessThan(4L << 20);
  }

  @Test
  void nothingStartsForAnInMemoryDatabaseOrAZeroInterval(@TempDir Path dir) {
    JdbcDataSource memory = dataSource("jdbc:h2:mem:compaction-test");
    JdbcDataSource file = dataSource("jdbc:h2:" + dir.resolve("db") + ";WRITE_DELAY=0");

    assertThat(H2Compaction.start(memory, Duration.ofSeconds(1), Optional.empty())).isEmpty();
    assertThat(H2Compaction.start(file, Duration.ZERO, Optional.empty())).isEmpty();
  }

  /**
   * Many small commits, as the engine makes them: each changes one row found by a random key and
   * three indexes on random values, so every commit touches leaves all over four B-trees and each
   * chunk it writes keeps some of them live. Returns the file's bytes at the end.
   */
  private static long churn(Path base, boolean compact) throws SQLException, IOException {
    JdbcDataSource ds =
        dataSource("jdbc:h2:" + base + ";WRITE_DELAY=0;RETENTION_TIME=0;DB_CLOSE_DELAY=-1");
    Random random = new Random(17);
    List<String> ids = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t(id UUID PRIMARY KEY, a INT, b INT, c INT, v VARCHAR(200))");
        s.execute(
            "INSERT INTO t SELECT RANDOM_UUID(), RAND() * 1E9, RAND() * 1E9, RAND() * 1E9,"
                + " REPEAT('v', 100) FROM SYSTEM_RANGE(1, "
                + ROWS
                + ")");
        s.execute("CREATE INDEX t_a ON t(a)");
        s.execute("CREATE INDEX t_b ON t(b)");
        s.execute("CREATE INDEX t_c ON t(c)");
        try (var rs = s.executeQuery("SELECT CAST(id AS VARCHAR) FROM t")) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      try (H2Compaction compaction =
              H2Compaction.start(ds, Duration.ofDays(1), Optional.empty()).orElseThrow();
          PreparedStatement update =
              c.prepareStatement("UPDATE t SET a = ?, b = ?, c = ? WHERE id = CAST(? AS UUID)")) {
        for (int i = 0; i < COMMITS; i++) {
          update.setInt(1, random.nextInt());
          update.setInt(2, random.nextInt());
          update.setInt(3, random.nextInt());
          update.setString(4, ids.get(random.nextInt(ids.size())));
          update.executeUpdate();
          if (compact && i % 100 == 99) {
            compaction.compact();
          }
        }
      }
      long bytes = Files.size(Path.of(base + ".mv.db"));
      try (Statement s = c.createStatement()) {
        s.execute("SHUTDOWN IMMEDIATELY");
      }
      return bytes;
    }
  }

  private static JdbcDataSource dataSource(String url) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    return ds;
  }
}
