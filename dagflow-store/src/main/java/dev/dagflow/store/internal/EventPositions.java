package dev.dagflow.store.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Global event positions on H2, where one process owns the database: positions are handed out in
 * this process, and the {@linkplain #horizon() horizon} is the lowest position whose transaction is
 * still in flight. Every position below it has committed or rolled back for good, so a global
 * reader that stops below it never skips an event that commits later. One instance per database
 * (stores of one process that share a database share it, counted by {@link #acquire}/{@link
 * #close}).
 *
 * <pre>{@code
 * long first = positions.reserve(3);   // inside the appending transaction
 * ... commit or roll back ...
 * positions.release(first);
 * long horizon = positions.horizon();  // read events with pos < horizon
 * }</pre>
 */
public final class EventPositions {
  private static final Map<String, EventPositions> BY_DATABASE = new ConcurrentHashMap<>();

  private final String jdbcUrl;
  private int users;
  private long next;
  // first position of each in-flight reservation -> how many transactions hold it (always 1)
  private final TreeMap<Long, Integer> inFlight = new TreeMap<>();

  private EventPositions(String jdbcUrl, long next) {
    this.jdbcUrl = jdbcUrl;
    this.next = next;
  }

  /**
   * The positions of the database at {@code jdbcUrl}, shared by every store of this process on it;
   * {@code maxPos} reads the highest position stored when the first store opens it.
   */
  public static EventPositions acquire(String jdbcUrl, LongSupplier maxPos) {
    return BY_DATABASE.compute(
        jdbcUrl,
        (k, existing) -> {
          EventPositions p =
              existing != null ? existing : new EventPositions(k, maxPos.getAsLong() + 1);
          p.users++;
          return p;
        });
  }

  /** A store on this database closed; the last one forgets it. */
  public void close() {
    BY_DATABASE.computeIfPresent(jdbcUrl, (k, p) -> --p.users == 0 ? null : p);
  }

  /** Reserves {@code n} consecutive positions for a transaction; returns the first. */
  public synchronized long reserve(int n) {
    long first = next;
    next += n;
    inFlight.merge(first, 1, Integer::sum);
    return first;
  }

  /** The transaction that reserved from {@code first} committed or rolled back. */
  public synchronized void release(long first) {
    inFlight.computeIfPresent(first, (k, v) -> v == 1 ? null : v - 1);
  }

  /** Readers may read positions below this one. */
  public synchronized long horizon() {
    return inFlight.isEmpty() ? next : inFlight.firstKey();
  }
}
