package dev.dagflow.store.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are worth running a transaction again for, and how long to wait first: capped
 * exponential backoff with full jitter (as maestro's {@code AbstractDatabaseDao}).
 *
 * <pre>{@code
 * if (Retry.isTransient(e) && attempt < retry.maxAttempts()) Thread.sleep(retry.delay(attempt));
 * }</pre>
 *
 * @param maxAttempts attempts in all, at least 1
 * @param base the cap of the first delay
 * @param max the cap of any delay
 */
public record Retry(int maxAttempts, Duration base, Duration max) {
  public static final Retry DEFAULT = new Retry(5, Duration.ofMillis(10), Duration.ofMillis(250));

  /** Serialization failure and deadlock (standard and PostgreSQL), H2's lock timeout. */
  private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "HYT00");

  /** H2 error codes: deadlock, lock timeout, concurrent update. */
  private static final Set<Integer> H2_TRANSIENT_CODES = Set.of(40001, 50200, 90131);

  public Retry {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** True when {@code t} or a cause is a serialization failure, deadlock or lock timeout. */
  public static boolean isTransient(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
          if (e.getSQLState() != null && TRANSIENT_STATES.contains(e.getSQLState())) {
            return true;
          }
          if (H2_TRANSIENT_CODES.contains(e.getErrorCode())
              && e.getClass().getName().startsWith("org.h2.")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The wait before attempt {@code attempt + 1}: uniform in [0, min(max, base * 2^(attempt-1))].
   */
  public Duration delay(int attempt) {
    long cap = Math.min(max.toNanos(), base.toNanos() << Math.min(attempt - 1, 20));
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(cap + 1));
  }
}
