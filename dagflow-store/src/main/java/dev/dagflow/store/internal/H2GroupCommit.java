package dev.dagflow.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Writes the commits of an embedded H2 file in groups: a commit returns only once the file holds
 * it, and commits that end close together share one write.
 *
 * <p>Why: H2 (MVStore) writes each store of its pages as a new chunk of the file and frees a dead
 * chunk only once it is older than its retention time (45 s). With {@code WRITE_DELAY=0} every
 * transaction end is its own chunk, so under load the file holds 45 s of chunks of a few pages
 * each, most of them index paths rewritten again by the next commit: gigabytes at a few hundred
 * runs a second (docs/performance.md, "The 500,000-run soak on file H2"). Here H2's own per-commit
 * write is off ({@code autoCommitDelay} -1, the value H2 itself sets while it closes), and a
 * committing thread calls {@link #awaitWritten} instead. The first to arrive becomes the writer: if
 * the last write ended less than {@code spacing} ago it waits for the rest of it, collecting the
 * commits that end meanwhile, then stores everything committed so far with {@link MVStore#commit()}
 * (the same call that {@code WRITE_DELAY=0} makes per transaction). Threads that queued behind it
 * find their commit written and return. A lone commit on an idle store waits for nothing.
 *
 * <p>What a commit survives is unchanged: it returns after its pages are written to the operating
 * system, as before; only the number of writes that carry it changed.
 *
 * <pre>{@code
 * H2GroupCommit.start(dataSource, Duration.ofMillis(5)).ifPresent(commits -> ...);
 * // per transaction:
 * boolean wrote = commits.hasChanges(connection);
 * connection.commit();
 * if (wrote) commits.awaitWritten(connection);
 * }</pre>
 */
public final class H2GroupCommit {
  private final long spacingNanos;
  // fair: H2Compaction takes it step after step, and an unfair lock let its next step barge ahead
  // of the commits and reads queued behind the last one for a whole pass (250 ms and more)
  private final ReentrantLock writer = new ReentrantLock(true);
  // tickets: one per commit that changed something, taken after the commit, and one per read that
  // may have seen commits not yet written; a write stores everything committed before it started
  private final AtomicLong tickets = new AtomicLong();
  private volatile long written; // every ticket up to this one is in the file
  private final AtomicLong committed = new AtomicLong();
  private long lastWriteEnded; // guarded by writer
  private final AtomicLong writes = new AtomicLong();

  private H2GroupCommit(Duration spacing) {
    this.spacingNanos = spacing.toNanos();
    this.lastWriteEnded = System.nanoTime() - spacingNanos;
  }

  /**
   * Takes over the commits of {@code dataSource} when it is an embedded H2 file database whose
   * commits H2 writes one by one ({@code WRITE_DELAY=0}); else empty.
   */
  public static Optional<H2GroupCommit> start(DataSource dataSource, Duration spacing) {
    if (spacing.isNegative()) {
      throw new IllegalArgumentException("group commit spacing must not be negative: " + spacing);
    }
    try (Connection c = dataSource.getConnection()) {
      return fileStore(c)
          .filter(s -> s.getAutoCommitDelay() == 0)
          .map(s -> new H2GroupCommit(spacing));
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  /** Whether the transaction open on {@code c} changed anything, so that its commit must wait. */
  public boolean hasChanges(Connection c) throws SQLException {
    return !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)
        || session.hasPendingTransaction();
  }

  /**
   * Returns once everything committed on {@code c}'s database before this call is in the file: at
   * once if another thread's write already took it, else after the write this thread leads or
   * queues for.
   */
  public void awaitWritten(Connection c) throws SQLException {
    Optional<MVStore> file = fileStore(c);
    if (file.isPresent()) {
      committed.incrementAndGet();
      awaitTicket(takeOver(file.get()));
    }
  }

  /**
   * Returns once everything a read on {@code c}'s database could have seen is in the file, so that
   * what a reader shows was written: H2 makes a commit visible to other sessions before this class
   * writes it, and a client that saw a node succeed must not see it run again after a crash. At
   * once on a store with nothing unwritten.
   */
  public void awaitReadable(Connection c) throws SQLException {
    Optional<MVStore> file = fileStore(c);
    if (file.isPresent() && file.get().hasUnsavedChanges()) {
      awaitTicket(takeOver(file.get()));
    }
  }

  private static MVStore takeOver(MVStore store) {
    if (store.getAutoCommitDelay() == 0) {
      // H2 runs the URL's settings for every new connection, WRITE_DELAY=0 among them, and with it
      // writes each transaction end itself (durable, but one chunk each) until we take over again;
      // -1 is also what H2 sets while it closes: no write per transaction, no background writer
      store.setAutoCommitDelay(-1);
    }
    return store;
  }

  /** Waits for a write that starts after this call: it stores everything committed before it. */
  private void awaitTicket(MVStore store) {
    long ticket = tickets.incrementAndGet();
    if (written >= ticket) {
      return;
    }
    // not lockInterruptibly: a commit must not return before it is written
    writer.lock();
    try {
      if (written >= ticket) {
        return;
      }
      long gather = lastWriteEnded + spacingNanos - System.nanoTime();
      if (gather > 0) {
        LockSupport.parkNanos(gather);
      }
      long upTo = tickets.get();
      // MVStore.commit() stores every change made before the call, or returns once a store that
      // another thread started after them has ended
      store.commit();
      written = upTo;
      writes.incrementAndGet();
      lastWriteEnded = System.nanoTime();
    } finally {
      writer.unlock();
    }
  }

  /**
   * Runs {@code work} while no group write is in progress or can start: H2's own rewrite of sparse
   * chunks ({@link H2Compaction}) needs H2's store lock, which it only tries for 10 ms, and a busy
   * store's group writes would otherwise hold it nearly all the time.
   */
  public <T> T exclusively(java.util.function.Supplier<T> work) {
    writer.lock();
    try {
      return work.get();
    } finally {
      writer.unlock();
    }
  }

  /** Writes led by this class so far: with {@link #commits()}, how many commits each carried. */
  public long writes() {
    return writes.get();
  }

  /** Commits that changed something and waited for a write. */
  public long commits() {
    return committed.get();
  }

  /** The MVStore of an embedded, persistent H2 database behind this connection. */
  static Optional<MVStore> fileStore(Connection c) throws SQLException {
    if (!c.isWrapperFor(JdbcConnection.class)
        || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
      return Optional.empty(); // not H2, or H2 over TCP: that server writes its own file
    }
    var database = session.getDatabase();
    if (!database.isPersistent() || database.getStore() == null) {
      return Optional.empty();
    }
    MVStore store = database.getStore().getMvStore();
    return store.isClosed() || store.getFileStore() == null ? Optional.empty() : Optional.of(store);
  }
}
