package dev.dagflow.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link H2GroupCommit} on a real H2 file opened as the store opens it ({@code WRITE_DELAY=0}):
 * commits that end together share file writes, and every commit that returned is in the file that a
 * kill would leave (a copy taken while the database is open, with no final write).
 */
class H2GroupCommitTest {
  private static final int THREADS = 8;
  private static final int COMMITS_PER_THREAD = 25;

  @Test
  void concurrentCommitsShareWritesAndAllSurviveAKill(@TempDir Path dir) throws Exception {
    JdbcDataSource ds = dataSource(dir);
    createTable(ds);
    // 100 ms between writes leaves even a loaded machine's threads time to join each write
    H2GroupCommit commits = H2GroupCommit.start(ds, Duration.ofMillis(100)).orElseThrow();

    int acknowledged = commitConcurrently(ds, commits, true);
    crash(dir, ds);

    assertThat(acknowledged).isEqualTo(THREADS * COMMITS_PER_THREAD);
    assertThat(commits.commits()).isEqualTo(acknowledged);
    assertThat(commits.writes())
        .as("file writes for %d commits", acknowledged)
        .isLessThan(acknowledged / 2);
    assertThat(rowsAfterRestart(dir)).isEqualTo(acknowledged);
  }

  /** The control: with H2's own per-commit write off and nobody waiting, commits are lost. */
  @Test
  void withoutWaitingForTheWriteCommitsAreLost(@TempDir Path dir) throws Exception {
    JdbcDataSource ds = dataSource(dir);
    createTable(ds);
    H2GroupCommit commits = H2GroupCommit.start(ds, Duration.ofMillis(5)).orElseThrow();

    int committed = commitConcurrently(ds, commits, false);
    crash(dir, ds);

    assertThat(rowsAfterRestart(dir)).isLessThan(committed);
  }

  /**
   * H2 shows a commit to other sessions before the group write stores it: a read that saw it waits
   * for that write, so what a client was shown survives a crash.
   */
  @Test
  void whatAReadSawSurvivesAKill(@TempDir Path dir) throws Exception {
    assertThat(rowsAfterShowingAnUnwrittenCommit(dir, true)).isEqualTo(2);
  }

  /** The control: a read that returns at once shows a commit that the crash then loses. */
  @Test
  void aReadThatDoesNotWaitShowsACommitTheCrashLoses(@TempDir Path dir) throws Exception {
    assertThat(rowsAfterShowingAnUnwrittenCommit(dir, false)).isEqualTo(1);
  }

  /**
   * Row 1 is committed and written; row 2 is committed while its write waits out the spacing; a
   * reader sees row 2, then the database stops without a final write. Returns the rows left.
   */
  private static int rowsAfterShowingAnUnwrittenCommit(Path dir, boolean awaitReadable)
      throws Exception {
    JdbcDataSource ds = dataSource(dir);
    createTable(ds);
    H2GroupCommit commits = H2GroupCommit.start(ds, Duration.ofSeconds(2)).orElseThrow();
    // every connection opened before the first wait: a new one re-applies WRITE_DELAY=0
    Connection first = ds.getConnection();
    Connection second = ds.getConnection();
    Connection reader = ds.getConnection();
    first.setAutoCommit(false);
    second.setAutoCommit(false);
    commitOne(first, commits, 1, true, new CyclicBarrier(1));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      // its write waits up to 2 s for company: the write before it just ended
      pool.submit(
          () -> {
            commitOne(second, commits, 2, true, new CyclicBarrier(1));
            return null;
          });
      await()
          .atMost(Duration.ofSeconds(1))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> countRows(reader) == 2);
      if (awaitReadable) {
        commits.awaitReadable(reader);
      }
      crash(dir, ds);
    } finally {
      pool.shutdownNow();
    }
    return rowsAfterRestart(dir);
  }

  @Test
  void nothingStartsForAnInMemoryDatabase() {
    JdbcDataSource memory = new JdbcDataSource();
    memory.setURL("jdbc:h2:mem:group-commit-test");

    assertThat(H2GroupCommit.start(memory, Duration.ofMillis(5))).isEmpty();
  }

  /**
   * Each thread inserts rows in transactions of its own, on a connection opened before any commit
   * (a new connection re-applies the URL's {@code WRITE_DELAY=0}); returns the commits made.
   */
  private static int commitConcurrently(JdbcDataSource ds, H2GroupCommit commits, boolean await)
      throws Exception {
    List<Connection> connections = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Connection c = ds.getConnection();
      c.setAutoCommit(false);
      connections.add(c);
    }
    // the first wait turns H2's own write per commit off; without waiting, turn it off here
    if (!await) {
      H2GroupCommit.fileStore(connections.getFirst()).orElseThrow().setAutoCommitDelay(-1);
    }
    CyclicBarrier round = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Connection c = connections.get(t);
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < COMMITS_PER_THREAD; i++) {
                    commitOne(c, commits, thread * COMMITS_PER_THREAD + i, await, round);
                  }
                  return COMMITS_PER_THREAD;
                }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get();
      }
      return total;
    } finally {
      pool.shutdown();
    }
  }

  private static void commitOne(
      Connection c, H2GroupCommit commits, int id, boolean await, CyclicBarrier round)
      throws Exception {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
      insert.setInt(1, id);
      insert.setString(2, "row " + id);
      insert.executeUpdate();
    }
    boolean wrote = commits.hasChanges(c);
    c.commit();
    round.await();
    if (wrote && await) {
      commits.awaitWritten(c);
    }
  }

  private static void createTable(JdbcDataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR(100))");
    }
  }

  /**
   * What a {@code kill -9} leaves: the file as the operating system holds it at this moment, copied
   * aside; then the database stops. {@code SHUTDOWN IMMEDIATELY} alone is no stand-in for a kill:
   * with H2 2.4.240 the file it left held commits that no write of ours had stored.
   */
  private static void crash(Path dir, JdbcDataSource ds) throws IOException, SQLException {
    Files.createDirectories(dir.resolve("crashed"));
    Files.copy(dir.resolve("db.mv.db"), dir.resolve("crashed").resolve("db.mv.db"));
    shutdownImmediately(ds);
  }

  /** The rows a restart finds in the file {@link #crash} left. */
  private static int rowsAfterRestart(Path dir) throws SQLException {
    try (Connection c =
        DriverManager.getConnection("jdbc:h2:" + dir.resolve("crashed").resolve("db"))) {
      return countRows(c);
    }
  }

  private static void shutdownImmediately(JdbcDataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN IMMEDIATELY");
    }
  }

  private static int countRows(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static JdbcDataSource dataSource(Path dir) {
    JdbcDataSource ds = new JdbcDataSource();
    // DB_CLOSE_DELAY=-1 keeps the database open between the test's connections, as the pool does
    ds.setURL("jdbc:h2:" + dir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
    return ds;
  }
}
