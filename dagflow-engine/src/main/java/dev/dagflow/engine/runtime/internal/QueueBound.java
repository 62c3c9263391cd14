package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.error.LimitExceededException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The admission queue's bound without a {@code COUNT} on every submit: the queued runs are counted
 * at most every 100 ms while the estimate (the last count plus this instance's submits since) is at
 * least half the bound, and at most every second below that (and again before a refusal). A count
 * reads every queued run, so a long queue far from its bound is not read ten times a second. Other
 * instances' submits show at the next count, so with several instances the bound can be passed by
 * what they submit within one interval (more than half the bound within a second, when the queue
 * was below half of it); a refusal is always based on a fresh count.
 *
 * <pre>{@code
 * QueueBound bound = new QueueBound(10_000, 30, () -> store.read(s -> s.countRuns(QUEUED)));
 * bound.check();      // 429 when full
 * bound.submitted();  // after a run was queued
 * }</pre>
 */
final class QueueBound {
  private static final long NEAR_REFRESH_NANOS = 100_000_000L;
  private static final long FAR_REFRESH_NANOS = 1_000_000_000L;

  private final long max;
  private final long retryAfterSeconds;
  private final LongSupplier countQueued;
  private final LongSupplier nanoTime;
  private final AtomicLong since = new AtomicLong();
  private final AtomicBoolean counting = new AtomicBoolean();
  private volatile long counted;
  private volatile long countedAt;

  QueueBound(long max, long retryAfterSeconds, LongSupplier countQueued) {
    this(max, retryAfterSeconds, countQueued, System::nanoTime);
  }

  QueueBound(long max, long retryAfterSeconds, LongSupplier countQueued, LongSupplier nanoTime) {
    this.max = max;
    this.retryAfterSeconds = retryAfterSeconds;
    this.countQueued = countQueued;
    this.nanoTime = nanoTime;
    this.countedAt = nanoTime.getAsLong() - 2 * FAR_REFRESH_NANOS; // the first check counts
  }

  /** Throws 429 when the queue is full. */
  void check() {
    long estimate = counted + since.get();
    long refresh = estimate * 2 >= max ? NEAR_REFRESH_NANOS : FAR_REFRESH_NANOS;
    if (nanoTime.getAsLong() - countedAt > refresh) {
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
      long started = nanoTime.getAsLong();
      long before = since.get();
      counted = countQueued.getAsLong();
      since.addAndGet(-before); // submits that the count already includes
      countedAt = started;
    } finally {
      counting.set(false);
    }
  }
}
