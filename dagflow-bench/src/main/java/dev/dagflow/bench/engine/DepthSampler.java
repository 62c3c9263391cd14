package dev.dagflow.bench.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Polls the admission queue depth and the number of running runs on a daemon thread, keeping the
 * peaks (for the store, these are the same counts as {@code dag_workflow_queue_depth} and {@code
 * dag_active_workflows}).
 *
 * <pre>{@code
 * try (DepthSampler depth = DepthSampler.start(queuedCount, runningCount, 100)) {
 *   ...; depth.peakQueued();
 * }
 * }</pre>
 */
public final class DepthSampler implements AutoCloseable {
  private final LongSupplier queued;
  private final LongSupplier running;
  private final long intervalMillis;
  private final AtomicLong peakQueued = new AtomicLong();
  private final AtomicLong peakRunning = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopped;

  private DepthSampler(LongSupplier queued, LongSupplier running, long intervalMillis) {
    this.queued = queued;
    this.running = running;
    this.intervalMillis = intervalMillis;
    this.thread = Thread.ofPlatform().daemon().name("bench-depth-sampler").unstarted(this::loop);
  }

  public static DepthSampler start(LongSupplier queued, LongSupplier running, long intervalMillis) {
    DepthSampler s = new DepthSampler(queued, running, intervalMillis);
    s.thread.start();
    return s;
  }

  /** Takes one sample now (so short phases are seen too). */
  public void sample() {
    peakQueued.accumulateAndGet(queued.getAsLong(), Math::max);
    peakRunning.accumulateAndGet(running.getAsLong(), Math::max);
  }

  public long peakQueued() {
    return peakQueued.get();
  }

  public long peakRunning() {
    return peakRunning.get();
  }

  private void loop() {
    while (!stopped) {
      try {
        sample();
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // the store is closing; the last samples stand
        return;
      }
    }
  }

  @Override
  public void close() {
    // no interrupt: an interrupted JDBC call can close H2's file channel under the engine
    stopped = true;
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
