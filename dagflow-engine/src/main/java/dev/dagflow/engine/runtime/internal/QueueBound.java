package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.error.LimitExceededException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The admission queue's bound without a {@code COUNT} on every submit: the queued runs are counted
 * at most every {@code refreshNanos} (and again before a refusal), and this instance's submits
 * since then are added. Other instances' submits show at the next count, so with several instances
 * the bound can be passed by what they submit within one refresh interval; a refusal is always
 * based on a fresh count.
 *
 * <pre>{@code
 * QueueBound bound = new QueueBound(10_000, 30, () -> store.read(s -> s.countRuns(QUEUED)));
 * bound.check();      // 429 when full
 * bound.submitted();  // after a run was queued
 * }</pre>
 */
final class QueueBound {
  private static final long REFRESH_NANOS = 100_000_000L;

  private final long max;
  private final long retryAfterSeconds;
  private final LongSupplier countQueued;
  private final AtomicLong since = new AtomicLong();
  private final AtomicBoolean counting = new AtomicBoolean();
  private volatile long counted;
  private volatile long countedAt = System.nanoTime() - 2 * REFRESH_NANOS;

  QueueBound(long max, long retryAfterSeconds, LongSupplier countQueued) {
    this.max = max;
    this.retryAfterSeconds = retryAfterSeconds;
    this.countQueued = countQueued;
  }

  /** Throws 429 when the queue is full. */
  void check() {
    if (System.nanoTime() - countedAt > REFRESH_NANOS) {
      recount();
    }
    if (counted + since.get() >= max) {
      recount(); // refuse only on a fresh count: admission may have emptied the queue meanwhile
      long queued = counted + since.get();
      if (queued >= max) {
        throw new LimitExceededException(
            429,
            "the admission queue is full (%d queued runs); retry later".formatted(queued),
            retryAfterSeconds);
      }
    }
  }

  /** A run was queued by this instance. */
  void submitted() {
    since.incrementAndGet();
  }

  private void recount() {
    if (!counting.compareAndSet(false, true)) {
      return; // another caller is counting; its result will do
    }
    try {
      long started = System.nanoTime();
      long before = since.get();
      counted = countQueued.getAsLong();
      since.addAndGet(-before); // submits that the count already includes
      countedAt = started;
    } finally {
      counting.set(false);
    }
  }
}
