package dev.dagflow.bench.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline the engine benchmark compares against: a plain in-memory DAG executor with no
 * persistence, no events and no leases. Each node runs on its own virtual thread as soon as its
 * last dependency finishes (readiness-based, like the engine); at most {@code maxActiveRuns} runs
 * execute at once, the rest wait for a permit, as runs wait for admission in the engine.
 *
 * <pre>{@code
 * InMemoryExecutor executor = new InMemoryExecutor(100);
 * Graph graph = InMemoryExecutor.graph(Map.of("a", List.of(), "b", List.of("a")));
 * RunTimings t = executor.submit(graph).join();
 * }</pre>
 */
public final class InMemoryExecutor {
  private final Semaphore admission;
  private final int maxActiveRuns;

  public InMemoryExecutor(int maxActiveRuns) {
    if (maxActiveRuns < 1) {
      throw new IllegalArgumentException("maxActiveRuns must be positive, was " + maxActiveRuns);
    }
    this.maxActiveRuns = maxActiveRuns;
    this.admission = new Semaphore(maxActiveRuns);
  }

  /** Takes every admission slot (waiting for active runs to end): submitted runs now queue. */
  public void pauseAdmission() {
    admission.acquireUninterruptibly(maxActiveRuns);
  }

  /** Runs waiting for a slot (approximate, as {@link Semaphore#getQueueLength()}). */
  public int queuedRuns() {
    return admission.getQueueLength();
  }

  /** Gives the slots back: queued runs start. */
  public void resumeAdmission() {
    admission.release(maxActiveRuns);
  }

  /**
   * A graph indexed for execution: per node, its dependency count, the nodes it depends on and its
   * dependents.
   */
  public record Graph(int[] dependencyCount, int[][] dependencies, int[][] dependents) {}

  /**
   * What one run measured, per node in graph order ({@link System#nanoTime()} values): ready →
   * running ({@code scheduleLatencyNanos}), when the node's execution began ({@code enteredNanos})
   * and when its (empty) body returned ({@code returnedNanos}); when the run got its admission
   * permit and when it ended.
   */
  public record RunTimings(
      long[] scheduleLatencyNanos,
      long[] enteredNanos,
      long[] returnedNanos,
      long admittedAtNanos,
      long finishedAtNanos) {}

  /** Indexes {@code dependsOn} (node id → ids it waits for, every id a key). */
  public static Graph graph(Map<String, List<String>> dependsOn) {
    Map<String, Integer> index = new HashMap<>();
    List<String> ids = new ArrayList<>(dependsOn.keySet());
    for (int i = 0; i < ids.size(); i++) {
      index.put(ids.get(i), i);
    }
    int[] count = new int[ids.size()];
    List<List<Integer>> out = new ArrayList<>();
    ids.forEach(id -> out.add(new ArrayList<>()));
    for (int i = 0; i < ids.size(); i++) {
      for (String dep : dependsOn.get(ids.get(i))) {
        Integer d = index.get(dep);
        if (d == null) {
          throw new IllegalArgumentException(ids.get(i) + " depends on unknown node " + dep);
        }
        count[i]++;
        out.get(d).add(i);
      }
    }
    int[][] dependents = new int[ids.size()][];
    int[][] dependencies = new int[ids.size()][];
    for (int i = 0; i < ids.size(); i++) {
      dependents[i] = out.get(i).stream().mapToInt(Integer::intValue).toArray();
      dependencies[i] = dependsOn.get(ids.get(i)).stream().mapToInt(index::get).toArray();
    }
    return new Graph(count, dependencies, dependents);
  }

  /** Starts a run once a permit is free; the future completes when its last node finished. */
  public CompletableFuture<RunTimings> submit(Graph graph) {
    Run run = new Run(graph);
    Thread.ofVirtual().start(run::admit);
    return run.done;
  }

  private final class Run {
    private final Graph graph;
    private final AtomicInteger[] waiting;
    private final long[] readyAt;
    private final long[] latency;
    private final long[] entered;
    private final long[] returned;
    private long admittedAt;
    private final AtomicInteger unfinished;
    private final CompletableFuture<RunTimings> done = new CompletableFuture<>();

    Run(Graph graph) {
      this.graph = graph;
      int n = graph.dependencyCount().length;
      this.waiting = new AtomicInteger[n];
      this.readyAt = new long[n];
      this.latency = new long[n];
      this.entered = new long[n];
      this.returned = new long[n];
      this.unfinished = new AtomicInteger(n);
      for (int i = 0; i < n; i++) {
        waiting[i] = new AtomicInteger(graph.dependencyCount()[i]);
      }
    }

    void admit() {
      try {
        admission.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done.completeExceptionally(e);
        return;
      }
      // published to the root nodes' threads by their start, and to the rest through them
      admittedAt = System.nanoTime();
      for (int i = 0; i < waiting.length; i++) {
        if (graph.dependencyCount()[i] == 0) {
          ready(i);
        }
      }
    }

    private void ready(int node) {
      readyAt[node] = System.nanoTime();
      Thread.ofVirtual().start(() -> execute(node));
    }

    private void execute(int node) {
      long now = System.nanoTime();
      entered[node] = now;
      // the thread start is the happens-before edge that publishes readyAt[node]
      latency[node] = now - readyAt[node];
      // a no-op node: nothing to do; it returns here (the engine's node executor returns now)
      returned[node] = System.nanoTime();
      for (int next : graph.dependents()[node]) {
        if (waiting[next].decrementAndGet() == 0) {
          ready(next);
        }
      }
      if (unfinished.decrementAndGet() == 0) {
        admission.release();
        // the last decrement happens after every node's write to latency[]
        done.complete(new RunTimings(latency, entered, returned, admittedAt, System.nanoTime()));
      }
    }
  }
}
