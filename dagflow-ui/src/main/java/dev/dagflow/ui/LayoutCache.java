package dev.dagflow.ui;

import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.model.StoredWorkflow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Layouts by workflow id and version. A version's definition never changes, so its layout is
 * computed once, however many callers ask at the same time; the least recently used entries go when
 * more than {@code capacity} versions were asked for (a 5,000-node layout is a few hundred
 * kilobytes). Layouts are computed on {@code executor}: ELK is CPU-bound for seconds on big graphs,
 * and on a server's virtual threads it would hold a carrier thread that requests need.
 *
 * <pre>{@code
 * LayoutCache cache = new LayoutCache(GraphLayout.standard(), 64, layoutThread);
 * DagLayout layout = cache.get(stored, () -> definitionOf(stored));
 * }</pre>
 */
public final class LayoutCache {
  private final GraphLayout layout;
  private final Executor executor;
  private final Map<String, CompletableFuture<DagLayout>> entries;

  public LayoutCache(GraphLayout layout, int capacity, Executor executor) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1");
    }
    this.layout = layout;
    this.executor = executor;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<DagLayout>> e) {
            return size() > capacity;
          }
        };
  }

  /**
   * The layout of this stored version, computed once. The key holds the registration time too, so a
   * workflow deleted and registered again is laid out afresh. A failed layout is not kept.
   */
  public DagLayout get(StoredWorkflow stored, Supplier<WorkflowDefinition> definition) {
    String key = key(stored);
    CompletableFuture<DagLayout> future = start(key, stored, definition);
    try {
      return future.join();
    } catch (CompletionException e) {
      synchronized (entries) {
        entries.remove(key, future);
      }
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Starts laying a version out, without waiting (a new version was just registered). */
  public void prepare(StoredWorkflow stored, Supplier<WorkflowDefinition> definition) {
    start(key(stored), stored, definition);
  }

  private CompletableFuture<DagLayout> start(
      String key, StoredWorkflow stored, Supplier<WorkflowDefinition> definition) {
    synchronized (entries) {
      return entries.computeIfAbsent(
          key,
          k ->
              CompletableFuture.supplyAsync(
                  () -> layout.layout(definition.get(), stored.version()), executor));
    }
  }

  private static String key(StoredWorkflow stored) {
    return stored.id() + "@" + stored.version() + "@" + stored.createdAt();
  }
}
