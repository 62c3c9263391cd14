package dev.dagflow.bench.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples used heap every few milliseconds on a daemon thread and keeps the peak; {@link
 * #settled()} is the used heap after full collections (what live objects occupy).
 *
 * <pre>{@code
 * try (HeapSampler heap = HeapSampler.start()) {
 *   work();
 *   long peak = heap.peak();
 * }
 * }</pre>
 */
public final class HeapSampler implements AutoCloseable {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final long INTERVAL_MILLIS = 5;

  private final AtomicLong peak = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopped;

  private HeapSampler() {
    thread = Thread.ofPlatform().daemon().name("bench-heap-sampler").unstarted(this::sample);
  }

  public static HeapSampler start() {
    HeapSampler s = new HeapSampler();
    s.peak.set(used());
    s.thread.start();
    return s;
  }

  /** The highest used heap seen so far. */
  public long peak() {
    peak.accumulateAndGet(used(), Math::max);
    return peak.get();
  }

  /** Used heap now. */
  public static long used() {
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** Used heap after full collections, for live-set comparisons. */
  public static long settled() {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      best = Math.min(best, used());
    }
    return best;
  }

  private void sample() {
    while (!stopped) {
      peak.accumulateAndGet(used(), Math::max);
      try {
        Thread.sleep(INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
