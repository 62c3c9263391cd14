package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.MapSpec;
import dev.dagflow.engine.model.MapItem;
import dev.dagflow.engine.model.NodeKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The element an item's templates see as {@code item}. The list is not stored: the map expression
 * reads only finished upstream outputs and the run's params, so evaluating it again yields the list
 * the items were made from. The last few lists are kept, so the items of one map evaluate it once
 * per instance, not once each.
 *
 * <pre>{@code
 * Object item = values.of(runId, new MapItem("resize", 3), spec, vars);
 * }</pre>
 */
final class ItemValues {
  private static final int MAX_LISTS = 16;

  private final Evaluation evaluation;
  private final Map<NodeKey, List<?>> lists =
      new LinkedHashMap<>(MAX_LISTS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeKey, List<?>> eldest) {
          return size() > MAX_LISTS;
        }
      };

  ItemValues(Evaluation evaluation) {
    this.evaluation = evaluation;
  }

  /** The item's element; {@code vars} are the run's variables without {@code item}. */
  Object of(UUID runId, MapItem item, MapSpec spec, Map<String, Object> vars) {
    NodeKey key = new NodeKey(runId, item.nodeId());
    List<?> list;
    synchronized (lists) {
      list = lists.get(key);
    }
    if (list == null) {
      if (!(evaluation.evaluate(spec.over(), vars) instanceof List<?> fresh)) {
        throw new IllegalStateException("map over '" + spec.over() + "' no longer yields a list");
      }
      list = fresh;
      synchronized (lists) {
        lists.put(key, list);
      }
    }
    if (item.index() >= list.size()) {
      throw new IllegalStateException(
          "map over '" + spec.over() + "' now yields " + list.size() + " items");
    }
    return list.get(item.index());
  }
}
