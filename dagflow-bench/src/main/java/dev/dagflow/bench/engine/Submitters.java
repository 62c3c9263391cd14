package dev.dagflow.bench.engine;

import dev.dagflow.engine.runtime.DurableEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Submits a scenario's runs from several threads, as a server's concurrent clients would (the
 * engine groups concurrent submits into one transaction); the n-th run goes to engine n modulo
 * their count.
 *
 * <pre>{@code
 * List<UUID> ids = Submitters.submit(List.of(engine), "bench_chain", 1000, 8);
 * }</pre>
 */
final class Submitters {
  private Submitters() {}

  /** Submits {@code runs} runs of {@code workflowId} from {@code threads} threads; their ids. */
  static List<UUID> submit(List<DurableEngine> engines, String workflowId, int runs, int threads)
      throws InterruptedException {
    List<UUID> ids = Collections.synchronizedList(new ArrayList<>(runs));
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        tasks.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < runs; i = next.getAndIncrement()) {
                    DurableEngine engine = engines.get(i % engines.size());
                    ids.add(engine.submit(workflowId, null, null).runId());
                  }
                }));
      }
      for (var task : tasks) {
        try {
          task.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a submit failed: " + e.getCause(), e.getCause());
        }
      }
    }
    return ids;
  }
}
