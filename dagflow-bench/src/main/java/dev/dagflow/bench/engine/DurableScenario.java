package dev.dagflow.bench.engine;

import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.DurableEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one graph {@code runs} times on the durable engine over one store: registers the graph's
 * YAML, submits every run at once, waits for their terminal events, then reads each node's
 * persisted {@code readyAt} and {@code startedAt} for the schedule latency.
 *
 * <pre>{@code
 * Measurement m = DurableScenario.run("fan-out", Shape.fanOut(10), 200, db, settings, timeout);
 * }</pre>
 */
public final class DurableScenario {
  private DurableScenario() {}

  public static Measurement run(
      String scenario,
      Shape shape,
      int runs,
      BenchStore db,
      EngineSettings settings,
      Duration timeout) {
    String workflowId = "bench_" + scenario.replaceAll("[^a-z0-9]+", "_");
    CountDownLatch finished = new CountDownLatch(runs);
    AtomicInteger unsuccessful = new AtomicInteger();
    try (DurableEngine engine =
        settings
            .builder(db.counted())
            .maxQueuedRuns(Math.max(10_000, runs + 1))
            .listener(
                (event, run, node) -> {
                  if (isRunEnd(event)) {
                    if (run.status() != RunStatus.SUCCESS) {
                      unsuccessful.incrementAndGet();
                    }
                    finished.countDown();
                  }
                })
            .build()) {
      engine.register(shape.toYaml(workflowId), workflowId + ".yaml");
      engine.start();
      HeapSampler.settled();
      db.queries().reset();
      db.counted().reset();
      List<UUID> ids = new ArrayList<>(runs);
      long elapsed;
      long peak;
      long cpu;
      boolean done;
      try (HeapSampler heap = HeapSampler.start()) {
        long start = System.nanoTime();
        cpu = Measurement.processCpuNanos();
        for (int i = 0; i < runs; i++) {
          ids.add(engine.submit(workflowId, null, null).runId());
        }
        done = finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        elapsed = System.nanoTime() - start;
        cpu = Measurement.processCpuNanos() - cpu;
        peak = heap.peak();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + scenario, e);
      }
      long nodes = (long) runs * shape.size();
      String queries = db.counted().summary(nodes) + "; " + db.queries().summary(nodes);
      Persisted p = readBack(db, ids);
      int failed = unsuccessful.get() + (int) finished.getCount();
      String note =
          queries + (done ? "" : ", TIMED OUT after " + timeout.toSeconds() + "s") + p.note();
      return new Measurement(
          scenario,
          db.kind().label(),
          runs,
          (long) runs * shape.size(),
          elapsed,
          p.latencies(),
          peak,
          failed,
          cpu,
          note);
    }
  }

  /** True for the events that end a run. */
  static boolean isRunEnd(EventRecord event) {
    return switch (event.type()) {
      case RUN_SUCCEEDED, RUN_FAILED, RUN_CANCELLED -> true;
      case RUN_QUEUED,
          RUN_STARTED,
          NODE_READY,
          NODE_STARTED,
          NODE_RETRYING,
          NODE_SUCCEEDED,
          NODE_FAILED,
          NODE_SKIPPED,
          NODE_CANCELLED ->
          false;
    };
  }

  private record Persisted(Latencies latencies, String note) {}

  /** Reads every node back: schedule latency from the persisted timestamps, and a sanity check. */
  private static Persisted readBack(BenchStore db, List<UUID> ids) {
    long[] nanos = new long[1024];
    int n = 0;
    int notSucceeded = 0;
    int missingTimestamps = 0;
    for (UUID id : ids) {
      List<NodeRecord> nodes = db.store().read(tx -> tx.findNodes(id));
      for (NodeRecord node : nodes) {
        if (node.status() != NodeStatus.SUCCESS) {
          notSucceeded++;
        }
        if (node.readyAt() == null || node.startedAt() == null) {
          missingTimestamps++;
          continue;
        }
        if (n == nanos.length) {
          nanos = Arrays.copyOf(nanos, n * 2);
        }
        nanos[n++] = Duration.between(node.readyAt(), node.startedAt()).toNanos();
      }
    }
    String note = "";
    if (notSucceeded > 0) {
      note += ", " + notSucceeded + " nodes not succeeded";
    }
    if (missingTimestamps > 0) {
      note += ", " + missingTimestamps + " nodes without readyAt/startedAt";
    }
    return new Persisted(Latencies.of(Arrays.copyOf(nanos, n)), note);
  }
}
