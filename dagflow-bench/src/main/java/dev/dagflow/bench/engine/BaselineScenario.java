package dev.dagflow.bench.engine;

import dev.dagflow.bench.baseline.InMemoryExecutor;
import dev.dagflow.bench.baseline.InMemoryExecutor.RunTimings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The same graph and run count as a durable scenario, executed by {@link InMemoryExecutor}: the
 * figure every durable line is divided by.
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
    for (CompletableFuture<RunTimings> f : futures) {
      long[] l = f.join().scheduleLatencyNanos();
      System.arraycopy(l, 0, all, n, l.length);
      n += l.length;
    }
    return new Measurement(
        scenario,
        STORE,
        runs,
        (long) runs * shape.size(),
        elapsed,
        Latencies.of(all),
        peak,
        0,
        cpu,
        "");
  }
}
