package dev.dagflow.store.internal;

import dev.dagflow.engine.error.StoreException;
import dev.dagflow.engine.store.ContextObserver;
import dev.dagflow.engine.store.StoreSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work in a transaction on one connection: commit, release the global event positions it
 * reserved (H2), run its commit actions, publish its events; on a serialization failure, deadlock
 * or lock timeout, roll back and run the work again after a jittered backoff. SQL errors leave as
 * {@link StoreException}.
 *
 * <pre>{@code
 * RunRecord run = transactions.inTransaction(tx -> tx.lockRun(id).orElseThrow());
 * }</pre>
 */
public final class Transactions {
  private static final Logger log = LoggerFactory.getLogger(Transactions.class);

  private final DataSource dataSource;
  private final SqlExecutor sql;
  private final Dialect dialect;
  private final Clock clock;
  private final EventSinks sinks;
  private final EventPositions positions;
  private final Retry retry;
  private final String description;
  private final ContextObserver contextObserver;
  private final H2GroupCommit groupCommit; // embedded H2 file: commits share file writes

  public Transactions(
      DataSource dataSource,
      SqlExecutor sql,
      Dialect dialect,
      Clock clock,
      EventSinks sinks,
      EventPositions positions,
      Retry retry,
      String description,
      ContextObserver contextObserver,
      H2GroupCommit groupCommit) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.dialect = dialect;
    this.clock = clock;
    this.sinks = sinks;
    this.positions = positions;
    this.retry = retry;
    this.description = description;
    this.contextObserver = contextObserver;
    this.groupCommit = groupCommit;
  }

  /**
   * Runs {@code work} in a transaction. A caller's pending interrupt is set aside meanwhile and
   * restored after: the pool refuses interrupted threads and H2 closes files under them, and an
   * engine thread must still record what it was doing when it was cancelled.
   */
  public <T> T inTransaction(Function<StoreSession, T> work) {
    return withInterruptDeferred(() -> retrying(work));
  }

  public <T> T read(Function<StoreSession, T> work) {
    return withInterruptDeferred(() -> readOnce(work));
  }

  /** Runs {@code body} with the interrupt flag cleared, setting it again after if it was set. */
  public static <T> T withInterruptDeferred(Supplier<T> body) {
    boolean interrupted = Thread.interrupted();
    try {
      return body.get();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private <T> T retrying(Function<StoreSession, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(work);
      } catch (RuntimeException e) {
        if (!Retry.isTransient(e)) {
          throw boundary(e);
        }
        if (attempt >= retry.maxAttempts()) {
          throw new StoreException(
              "transaction failed after %d attempts on conflicts: %s"
                  .formatted(attempt, e.getMessage()),
              e);
        }
        log.debug("transaction attempt {} hit a conflict, retrying: {}", attempt, e.getMessage());
        backOff(attempt, e);
      }
    }
  }

  private <T> T readOnce(Function<StoreSession, T> work) {
    try (Connection c = dataSource.getConnection()) {
      T result =
          work.apply(new JdbcSession(c, sql, dialect, clock, positions, contextObserver, true));
      if (groupCommit != null) {
        // what a read returns must survive a crash, as on PostgreSQL, where a commit becomes
        // visible only once it is flushed
        groupCommit.awaitReadable(c);
      }
      return result;
    } catch (SQLException e) {
      throw unavailable(e);
    } catch (RuntimeException e) {
      throw boundary(e);
    }
  }

  private <T> T once(Function<StoreSession, T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      JdbcSession session =
          new JdbcSession(c, sql, dialect, clock, positions, contextObserver, false);
      boolean committed = false;
      try {
        T result = work.apply(session);
        session.beforeCommit();
        boolean wrote = groupCommit != null && groupCommit.hasChanges(c);
        c.commit();
        committed = true;
        if (wrote) {
          groupCommit.awaitWritten(c);
        }
        // readers woken by the sinks must find these positions below the horizon
        session.releasePositions();
        session.afterCommit();
        sinks.publish(session.appended());
        return result;
      } catch (RuntimeException | Error e) {
        if (!committed) {
          rollback(c, e);
        }
        throw e;
      } finally {
        session.reportContextSaves(committed);
        session.releasePositions();
      }
    } catch (SQLException e) {
      // Getting the connection, switching auto-commit or committing failed.
      throw Retry.isTransient(e) ? new SqlFailure("COMMIT", e) : unavailable(e);
    }
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void backOff(int attempt, RuntimeException cause) {
    try {
      Thread.sleep(retry.delay(attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      StoreException interrupted =
          new StoreException("interrupted while retrying a transaction", e);
      interrupted.addSuppressed(cause);
      throw interrupted;
    }
  }

  /** SQL failures become StoreException; any other error (the work's own) passes unchanged. */
  private RuntimeException boundary(RuntimeException e) {
    if (e instanceof SqlFailure f) {
      return new StoreException("database error on " + description + ": " + f.getMessage(), f);
    }
    return e;
  }

  private StoreException unavailable(SQLException e) {
    return new StoreException("database unavailable (" + description + "): " + e.getMessage(), e);
  }
}
