package dev.dagflow.bench.engine;

import dev.dagflow.bench.baseline.InMemoryExecutor;
import dev.dagflow.bench.baseline.InMemoryExecutor.RunTimings;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The same graph and run count as a durable scenario, executed by {@link InMemoryExecutor}: the
 * figure every durable line is divided by. Its hop and start latencies are measured as the durable
 * engine's probe measures them: a node began − the last of its dependencies returned; a root began
 * − its run was admitted.
 *
 * <pre>{@code
 * Measurement base = BaselineScenario.run("fan-out", Shape.fanOut(10), 200, 100);
 * }</pre>
 */
public final class BaselineScenario {
  public static final String STORE = "baseline";

  private BaselineScenario() {}

  public static Measurement run(String scenario, Shape shape, int runs, int maxActiveRuns) {
    InMemoryExecutor executor = new InMemoryExecutor(maxActiveRuns);
    InMemoryExecutor.Graph graph = InMemoryExecutor.graph(shape.dependencies());
    HeapSampler.settled();
    List<CompletableFuture<RunTimings>> futures = new ArrayList<>(runs);
    long elapsed;
    long peak;
    long cpu;
    try (HeapSampler heap = HeapSampler.start()) {
      long start = System.nanoTime();
      cpu = Measurement.processCpuNanos();
      for (int i = 0; i < runs; i++) {
        futures.add(executor.submit(graph));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
      elapsed = System.nanoTime() - start;
      cpu = Measurement.processCpuNanos() - cpu;
      peak = heap.peak();
    }
    long[] all = new long[runs * shape.size()];
    int n = 0;
    Hops hops = new Hops();
    for (CompletableFuture<RunTimings> f : futures) {
      RunTimings t = f.join();
      long[] l = t.scheduleLatencyNanos();
      System.arraycopy(l, 0, all, n, l.length);
      n += l.length;
      hops(graph, t, hops);
    }
    return new Measurement(
        scenario,
        STORE,
        runs,
        (long) runs * shape.size(),
        elapsed,
        Latencies.of(all),
        hops.hops(),
        hops.starts(),
        peak,
        0,
        cpu,
        OptionalLong.empty(),
        "");
  }

  /** Adds one run's hop latencies (nodes with dependencies) and start latencies (roots). */
  static void hops(InMemoryExecutor.Graph graph, RunTimings t, Hops into) {
    for (int i = 0; i < graph.dependencies().length; i++) {
      int[] deps = graph.dependencies()[i];
      if (deps.length == 0) {
        into.start(t.enteredNanos()[i] - t.admittedAtNanos());
        continue;
      }
      long last = Long.MIN_VALUE;
      for (int d : deps) {
        last = Math.max(last, t.returnedNanos()[d]);
      }
      into.hop(t.enteredNanos()[i] - last);
    }
  }
}
