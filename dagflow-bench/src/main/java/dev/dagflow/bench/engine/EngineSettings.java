package dev.dagflow.bench.engine;

import dev.dagflow.engine.runtime.DurableEngine;
import dev.dagflow.engine.runtime.DurableEngineBuilder;
import dev.dagflow.engine.store.Store;
import java.time.Duration;

/**
 * The engine settings every durable scenario uses (documented in docs/performance.md). Leases and
 * heartbeats are the defaults: with no-op nodes they never expire, so they cost one renewal query
 * per heartbeat at most.
 *
 * <pre>{@code
 * DurableEngine engine = new EngineSettings(100, 256, 16, Duration.ofMillis(50)).builder(store).build();
 * }</pre>
 *
 * @param maxActiveWorkflows runs admitted at once (the spec's default, 100)
 * @param nodeConcurrency node attempts executing at once on this instance
 * @param poolSize JDBC pool size
 * @param pollInterval how often the scheduler polls for work it was not told about
 */
public record EngineSettings(
    int maxActiveWorkflows,
    int nodeConcurrency,
    int poolSize,
    Duration pollInterval,
    int submitters) {

  /** One thread submits the runs of a scenario, one after the other. */
  public EngineSettings(
      int maxActiveWorkflows, int nodeConcurrency, int poolSize, Duration pollInterval) {
    this(maxActiveWorkflows, nodeConcurrency, poolSize, pollInterval, 1);
  }

  public EngineSettings {
    if (submitters < 1) {
      throw new IllegalArgumentException("submitters must be at least 1: " + submitters);
    }
  }

  public DurableEngineBuilder builder(Store store) {
    return DurableEngine.builder()
        .store(store)
        .instanceId("bench")
        .maxActiveWorkflows(maxActiveWorkflows)
        .nodeConcurrency(nodeConcurrency)
        .pollInterval(pollInterval)
        .leaseDuration(Duration.ofSeconds(30))
        .heartbeatInterval(Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return "maxActiveWorkflows=%d nodeConcurrency=%d poolSize=%d pollInterval=%dms lease=30s heartbeat=10s"
        .formatted(maxActiveWorkflows, nodeConcurrency, poolSize, pollInterval.toMillis());
  }
}
