package dev.dagflow.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded H2 file from growing without bound. H2 writes every change as a new chunk and
 * its background writer normally rewrites the live pages of sparse chunks so that they can be freed
 * and their space reused; with {@code WRITE_DELAY=0} (each commit written at once) that thread does
 * not run, and the file keeps every partly-used chunk. This task does the rewriting instead: every
 * {@code interval}, chunks under {@value #TARGET_FILL_RATE}% live data are rewritten, at most
 * {@value #WRITE_LIMIT_BYTES} bytes a time, under H2's store lock (a few milliseconds), and chunks
 * left empty are dropped. The file then stops growing once purged runs free enough space; H2
 * shrinks it when it closes.
 *
 * <pre>{@code
 * H2Compaction.start(dataSource, Duration.ofSeconds(1)).ifPresent(c -> closeLater(c));
 * }</pre>
 */
public final class H2Compaction implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);

  /** How long one pass may hold H2's store lock, which every commit also takes. */
  static final int MAX_COMPACT_MILLIS = 50;

  private final DataSource dataSource;
  private final ScheduledExecutorService timer;

  private H2Compaction(DataSource dataSource, Duration interval) {
    this.dataSource = dataSource;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("dagflow-h2-compaction").daemon().factory());
    long every = interval.toMillis();
    timer.scheduleWithFixedDelay(this::compactQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts compacting when {@code dataSource} is an embedded H2 file database and {@code interval}
   * is not zero; else empty.
   */
  public static Optional<H2Compaction> start(DataSource dataSource, Duration interval) {
    if (interval.isZero()) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection()) {
      if (fileStore(c).isEmpty()) {
        return Optional.empty();
      }
    } catch (SQLException e) {
      return Optional.empty();
    }
    return Optional.of(new H2Compaction(dataSource, interval));
  }

  /**
   * One pass: H2's own file compaction ({@code MVStore.compactFile}, what it runs when it closes)
   * for at most {@value #MAX_COMPACT_MILLIS} ms under its store lock. That compaction sets H2's
   * retention time to 0 for good; the configured one is put back after.
   */
  public void compact() {
    try (Connection c = dataSource.getConnection()) {
      Optional<MVStore> store = fileStore(c);
      if (store.isEmpty()) {
        return;
      }
      MVStore s = store.get();
      int retention = s.getFileStore().getRetentionTime();
      try {
        s.compactFile(MAX_COMPACT_MILLIS);
      } finally {
        s.setRetentionTime(retention);
      }
    } catch (SQLException e) {
      log.debug("H2 compaction skipped: {}", e.getMessage());
    }
  }

  private void compactQuietly() {
    try {
      compact();
    } catch (RuntimeException e) {
      // the store may be closing; the next pass (or H2's compaction on close) catches up
      log.debug("H2 compaction pass failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The MVStore of an embedded, persistent H2 database behind this connection. */
  private static Optional<MVStore> fileStore(Connection c) throws SQLException {
    if (!c.isWrapperFor(JdbcConnection.class)
        || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
      return Optional.empty(); // not H2, or H2 over TCP: that server compacts its own file
    }
    var database = session.getDatabase();
    if (!database.isPersistent() || database.getStore() == null) {
      return Optional.empty();
    }
    MVStore store = database.getStore().getMvStore();
    return store.isClosed() || store.getFileStore() == null ? Optional.empty() : Optional.of(store);
  }
}
