package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dependency settlement of one run in one transaction: which pending nodes become ready, are
 * skipped, or expand their map once their dependencies have ended.
 *
 * <pre>{@code
 * new Settlement(state).propagate(graph.dependentsOf("extract"));
 * }</pre>
 */
final class Settlement {
  private final RunState state;
  // per node, how many of its dependencies were already seen finished (they stay finished)
  private final Map<String, Integer> scanned = new HashMap<>();

  Settlement(RunState state) {
    this.state = state;
  }

  /**
   * Settles every pending candidate whose dependencies are all terminal: a failed, cancelled or
   * skipped dependency skips it (Airflow's {@code all_success} rule); a false {@code when} skips
   * it; otherwise it becomes ready. Skips cascade to dependents.
   */
  void propagate(Collection<String> candidates) {
    Deque<String> work = new ArrayDeque<>(candidates);
    while (!work.isEmpty()) {
      String id = work.poll();
      NodeRecord n = state.node(id);
      if (n == null || n.status() != NodeStatus.PENDING) {
        continue;
      }
      NodeDefinition def = state.graph().node(id);
      List<String> deps = def.dependsOn();
      // a finished dependency stays finished: resume where the last look stopped, so a node with
      // thousands of dependencies costs each completion O(1), not a scan of them all
      int done = scanned.getOrDefault(id, 0);
      while (done < deps.size() && state.node(deps.get(done)).status().isTerminal()) {
        done++;
      }
      if (done < deps.size()) {
        scanned.put(id, done);
        continue;
      }
      String blocker = null;
      for (String dep : deps) {
        NodeStatus s = state.node(dep).status();
        if (s != NodeStatus.SUCCESS) {
          blocker =
              "upstream "
                  + dep
                  + " "
                  + (s == NodeStatus.SKIPPED ? "was skipped" : "ended " + s.label());
          break;
        }
      }
      if (blocker == null && def.when() != null) {
        try {
          if (!state.evaluation().condition(def.when(), state.vars())) {
            blocker = "condition is false: " + def.when();
          }
        } catch (RuntimeException e) {
          state.fail(n, "condition failed: " + e.getMessage());
          work.addAll(state.graph().dependentsOf(id));
          continue;
        }
      }
      if (blocker != null) {
        state.skip(n, blocker);
        work.addAll(state.graph().dependentsOf(id));
      } else if (def.mapped()) {
        if (!state.maps.expand(n, def.map(), state.vars())) {
          work.addAll(state.graph().dependentsOf(id)); // it ended at once: skipped or failed
        }
      } else {
        state.ready(n);
      }
    }
  }
}
