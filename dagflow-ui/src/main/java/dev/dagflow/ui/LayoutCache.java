package dev.dagflow.ui;

import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.model.StoredWorkflow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Layouts by workflow id and version. A version's definition never changes, so its layout is
 * computed once; the least recently used entries go when more than {@code capacity} versions were
 * asked for (a 5,000-node layout is a few hundred kilobytes).
 *
 * <pre>{@code
 * LayoutCache cache = new LayoutCache(GraphLayout.standard(), 64);
 * DagLayout layout = cache.get(stored, () -> definitionOf(stored));
 * }</pre>
 */
public final class LayoutCache {
  private final GraphLayout layout;
  private final Map<String, DagLayout> entries;

  public LayoutCache(GraphLayout layout, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1");
    }
    this.layout = layout;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, DagLayout> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * The cached layout of this stored version, or a new one from {@code definition}. The key holds
   * the registration time too, so a workflow deleted and registered again is laid out afresh. Two
   * callers asking for the same new version at once may both compute it; the layouts are equal.
   */
  public DagLayout get(StoredWorkflow stored, Supplier<WorkflowDefinition> definition) {
    String key = stored.id() + "@" + stored.version() + "@" + stored.createdAt();
    synchronized (entries) {
      DagLayout cached = entries.get(key);
      if (cached != null) {
        return cached;
      }
    }
    DagLayout computed = layout.layout(definition.get(), stored.version());
    synchronized (entries) {
      entries.putIfAbsent(key, computed);
      return entries.get(key);
    }
  }
}
