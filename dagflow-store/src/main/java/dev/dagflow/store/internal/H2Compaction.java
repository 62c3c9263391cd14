package dev.dagflow.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded H2 file from growing without bound, without weakening what a commit survives.
 *
 * <p>H2 writes every commit as a new chunk of the file. A chunk whose pages have all been
 * superseded is freed once it is older than H2's retention time, and its space reused; a chunk that
 * keeps a single live page keeps all its space. H2's background writer rewrites the live pages of
 * such sparse chunks into new ones; with {@code WRITE_DELAY=0} (each commit written before it
 * returns) that thread does not run, so the file only grows. This task does that same rewrite from
 * our own thread: every {@code interval}, while the chunks are under {@value #TARGET_FILL_RATE}%
 * live, it calls {@link MVStore#compact(int, int)} ({@value #WRITE_LIMIT_BYTES} bytes of live pages
 * a step, at most {@value #MAX_PASS_MILLIS} ms a pass) and commits the rewritten pages.
 *
 * <p>Why this is crash-safe: it never moves a chunk and never frees one itself. A chunk emptied by
 * the rewrite is freed by H2's ordinary commit path, under the same retention time and version
 * checks as a chunk emptied by an application write, so the header and chunk chain that H2 reads
 * back after a kill stay intact. ({@link MVStore#compactFile}, what H2 runs on close, instead sets
 * the retention time to 0 and moves chunks: a commit running meanwhile may overwrite a chunk the
 * on-disk header still leads to, and a kill in that window reopens the file at an older version.)
 *
 * <p>H2's retention time (45 s, kept) bounds what this can do: the file holds every chunk written
 * in the last 45 s, dead or not, and the dead ones wait in the order they died, so under a
 * sustained load it is live data plus about 90 s of commits (docs/performance.md, "The H2 file
 * levels off"). A shorter retention time would shrink that term; it is kept because it is what
 * limits the damage of a power loss, which may leave a reused chunk on disk without the chunk that
 * freed it (docs/engine.md, "H2 file compaction").
 *
 * <pre>{@code
 * H2Compaction.start(dataSource, Duration.ofSeconds(1)).ifPresent(c -> closeLater(c));
 * }</pre>
 */
public final class H2Compaction implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);

  /** Rewrite while less than this share of the chunks' bytes is live (H2's own is 90, or 81). */
  static final int TARGET_FILL_RATE = 80;

  /**
   * Live bytes rewritten per step. Each step holds H2's store lock, and with group commit also its
   * writer: H2 only tries its store lock for 10 ms, and a busy store's group writes held it nearly
   * all the time, so without the writer the rewrite almost never ran under load (6 steps in 111
   * passes of a soak; docs/performance.md, "H2 group commit and time-ordered run ids").
   */
  static final int WRITE_LIMIT_BYTES = 2 << 20;

  /** A pass stops after this long, so it cannot keep the commits waiting. */
  static final int MAX_PASS_MILLIS = 250;

  private final DataSource dataSource;
  private final H2GroupCommit groupCommit; // null: commits write one by one
  private final ScheduledExecutorService timer;

  private H2Compaction(DataSource dataSource, Duration interval, H2GroupCommit groupCommit) {
    this.dataSource = dataSource;
    this.groupCommit = groupCommit;
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
  public static Optional<H2Compaction> start(
      DataSource dataSource, Duration interval, Optional<H2GroupCommit> groupCommit) {
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
    return Optional.of(new H2Compaction(dataSource, interval, groupCommit.orElse(null)));
  }

  /**
   * One pass: rewrites the live pages of the sparsest chunks that are older than H2's retention
   * time and commits them, until the chunks are {@value #TARGET_FILL_RATE}% live, nothing is left
   * to rewrite, or {@value #MAX_PASS_MILLIS} ms have passed. Returns the steps that rewrote
   * something.
   */
  public int compact() {
    try (Connection c = dataSource.getConnection()) {
      Optional<MVStore> store = fileStore(c);
      if (store.isEmpty()) {
        return 0;
      }
      MVStore s = store.get();
      long stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_PASS_MILLIS);
      int steps = 0;
      // compact() only marks the live pages as changed; the commit writes them to a new chunk, and
      // the commit after frees the chunks they left once H2's retention time allows. One step at a
      // time holds off the group writes, so a commit waits for one step, not for the whole pass.
      while (step(s)) {
        steps++;
        if (System.nanoTime() - stopAt > 0) {
          break;
        }
      }
      return steps;
    } catch (SQLException e) {
      log.debug("H2 compaction skipped: {}", e.getMessage());
      return 0;
    }
  }

  private boolean step(MVStore s) {
    if (groupCommit == null) {
      return rewrite(s);
    }
    return groupCommit.exclusively(() -> rewrite(s));
  }

  private static boolean rewrite(MVStore s) {
    if (!s.compact(TARGET_FILL_RATE, WRITE_LIMIT_BYTES)) {
      return false;
    }
    s.commit();
    return true;
  }

  private void compactQuietly() {
    try {
      compact();
    } catch (RuntimeException e) {
      // the store may be closing; the next pass (or H2's compaction on close) catches up
      log.debug("H2 compaction pass failed: {}", e.getMessage());
    }
  }

  /**
   * Stops the timer and waits for a pass in progress. It does not interrupt it: an interrupt during
   * H2's file I/O would close the file channel under the whole database.
   */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Optional<MVStore> fileStore(Connection c) throws SQLException {
    return H2GroupCommit.fileStore(c);
  }
}
