package dev.dagflow.server.internal;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A version counter that wakes waiting streams when this instance committed events. Streams then
 * read the store by {@code seq}; the signal carries no events, so it can never lose or reorder one.
 *
 * <pre>{@code
 * long v = signal.version();
 * ... read the store ...
 * signal.awaitChange(v, Duration.ofSeconds(1));
 * }</pre>
 */
public final class EventSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long version;

  public long version() {
    lock.lock();
    try {
      return version;
    } finally {
      lock.unlock();
    }
  }

  public void fire() {
    lock.lock();
    try {
      version++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the version differs from {@code seen} or {@code max} passes (events of other
   * instances arrive by polling). Restores the interrupt flag and returns at once when interrupted.
   */
  public void awaitChange(long seen, Duration max) {
    long nanos = max.toNanos();
    lock.lock();
    try {
      while (version == seen && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
