package dev.dagflow.engine.definition.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * Checks the graph of a workflow: unique node ids, {@code depends_on} naming existing nodes, and no
 * cycles. A cycle is named in execution order starting at the node written first ({@code a -> b}
 * reads "b depends on a") and reported at the {@code depends_on} entry that closes it.
 */
final class GraphCheck {
  private GraphCheck() {}

  /** The nodes by id (first definition wins), after reporting every graph problem. */
  static Graph check(List<NodeSource> nodes, Problems problems) {
    Map<String, NodeSource> byId = new LinkedHashMap<>();
    for (NodeSource node : nodes) {
      NodeSource first = byId.putIfAbsent(node.id(), node);
      if (first != null) {
        problems.add(
            node.idAt(),
            "duplicate node id '" + node.id() + "' (first defined at line " + line(first) + ")");
      }
    }
    Map<String, List<NodeSource.Dependency>> deps = new HashMap<>();
    for (NodeSource node : byId.values()) {
      List<NodeSource.Dependency> known = new ArrayList<>();
      for (NodeSource.Dependency dep : node.dependsOn()) {
        if (byId.containsKey(dep.id())) {
          known.add(dep);
        } else {
          problems.add(dep.at(), "depends_on names unknown node '" + dep.id() + "'");
        }
      }
      deps.put(node.id(), known);
    }
    boolean acyclic = reportCycles(byId, deps, problems);
    return new Graph(byId, acyclic);
  }

  /** The checked graph: nodes by id, and whether it has no cycle. */
  static final class Graph {
    private final Map<String, NodeSource> byId;
    private final boolean acyclic;
    private final Map<String, List<String>> dependents = new HashMap<>();
    private final Map<String, Set<String>> downstream = new HashMap<>();

    Graph(Map<String, NodeSource> byId, boolean acyclic) {
      this.byId = byId;
      this.acyclic = acyclic;
      for (NodeSource node : byId.values()) {
        for (String dep : node.definition().dependsOn()) {
          dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(node.id());
        }
      }
    }

    Map<String, NodeSource> byId() {
      return byId;
    }

    boolean acyclic() {
      return acyclic;
    }

    /**
     * True when {@code node} depends on {@code ancestor}, directly or through others. The nodes
     * downstream of each asked-about ancestor are computed once, since many nodes of a long chain
     * may all read the same early node.
     */
    boolean isUpstream(String ancestor, String node) {
      return downstream.computeIfAbsent(ancestor, this::walkDown).contains(node);
    }

    private Set<String> walkDown(String from) {
      Set<String> seen = new HashSet<>();
      Deque<String> work = new ArrayDeque<>(List.of(from));
      while (!work.isEmpty()) {
        for (String next : dependents.getOrDefault(work.pop(), List.of())) {
          if (seen.add(next)) {
            work.push(next);
          }
        }
      }
      return seen;
    }
  }

  private static boolean reportCycles(
      Map<String, NodeSource> byId,
      Map<String, List<NodeSource.Dependency>> deps,
      Problems problems) {
    Set<String> blocked = blockedNodes(byId, deps);
    if (blocked.isEmpty()) {
      return true;
    }
    Set<String> covered = new HashSet<>();
    for (String start : byId.keySet()) {
      if (!blocked.contains(start) || covered.contains(start)) {
        continue;
      }
      // Every blocked node has a blocked dependency, so walking them must come back around.
      List<String> path = new ArrayList<>();
      Map<String, Integer> index = new HashMap<>();
      String current = start;
      while (!covered.contains(current) && !index.containsKey(current)) {
        index.put(current, path.size());
        path.add(current);
        current =
            deps.get(current).stream()
                .map(NodeSource.Dependency::id)
                .filter(blocked::contains)
                .findFirst()
                .orElseThrow();
      }
      if (index.containsKey(current)) {
        report(path.subList(index.get(current), path.size()), byId, deps, problems);
      }
      covered.addAll(path);
    }
    return false;
  }

  private static void report(
      List<String> dependencyOrder,
      Map<String, NodeSource> byId,
      Map<String, List<NodeSource.Dependency>> deps,
      Problems problems) {
    List<String> cycle = new ArrayList<>(dependencyOrder);
    Collections.reverse(cycle);
    Set<String> members = new HashSet<>(cycle);
    String first = byId.keySet().stream().filter(members::contains).findFirst().orElseThrow();
    Collections.rotate(cycle, -cycle.indexOf(first));
    String closing = cycle.getLast();
    NodeSource.Dependency at =
        deps.get(first).stream().filter(d -> d.id().equals(closing)).findFirst().orElseThrow();
    problems.add(at.at(), "cycle: " + String.join(" -> ", cycle) + " -> " + first);
  }

  /** Nodes that can never become ready: on a cycle or downstream of one (Kahn's algorithm). */
  private static Set<String> blockedNodes(
      Map<String, NodeSource> byId, Map<String, List<NodeSource.Dependency>> deps) {
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    Deque<String> ready = new ArrayDeque<>();
    for (String id : byId.keySet()) {
      waiting.put(id, deps.get(id).size());
      for (NodeSource.Dependency dep : deps.get(id)) {
        dependents.computeIfAbsent(dep.id(), k -> new ArrayList<>()).add(id);
      }
      if (deps.get(id).isEmpty()) {
        ready.add(id);
      }
    }
    while (!ready.isEmpty()) {
      String done = ready.pop();
      waiting.remove(done);
      for (String dependent : dependents.getOrDefault(done, List.of())) {
        if (waiting.merge(dependent, -1, Integer::sum) == 0) {
          ready.add(dependent);
        }
      }
    }
    return waiting.keySet();
  }

  private static int line(NodeSource node) {
    return node.idAt().getStartMark().map(Mark::getLine).orElse(0) + 1;
  }
}
