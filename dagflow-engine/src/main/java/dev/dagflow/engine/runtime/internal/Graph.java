package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.EngineErrorKind;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.error.UndecodableRowException;
import dev.dagflow.engine.model.MapItem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A parsed definition with the lookups scheduling needs: nodes by id, dependents of each node, the
 * roots, and which nodes hold templates (so rendering is skipped where there is nothing to render).
 */
public record Graph(
    WorkflowDefinition definition,
    int version,
    Map<String, NodeDefinition> nodes,
    Map<String, List<String>> dependents,
    List<String> roots,
    Map<String, Boolean> hasTemplates) {

  public static Graph of(WorkflowDefinition definition, int version) {
    Map<String, NodeDefinition> nodes = new LinkedHashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    Map<String, Boolean> templates = new HashMap<>();
    List<String> roots = new ArrayList<>();
    for (NodeDefinition n : definition.nodes()) {
      nodes.put(n.id(), n);
      dependents.putIfAbsent(n.id(), new ArrayList<>());
      templates.put(n.id(), containsTemplate(n.config()));
      if (n.dependsOn().isEmpty()) {
        roots.add(n.id());
      }
      for (String dep : n.dependsOn()) {
        dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(n.id());
      }
    }
    return new Graph(definition, version, nodes, dependents, roots, templates);
  }

  /** The definition of a node, or of the mapped node an item row ({@code x[3]}) belongs to. */
  public NodeDefinition node(String id) {
    NodeDefinition n = nodes.get(id);
    if (n == null && MapItem.isItem(id)) {
      n = nodes.get(MapItem.nodeOf(id));
    }
    if (n == null) {
      throw new IllegalStateException("node " + id + " is not in " + definition.id());
    }
    return n;
  }

  /** True when the node's (or item's node's) config holds templates. */
  public boolean templated(String id) {
    return Boolean.TRUE.equals(hasTemplates.get(MapItem.nodeOf(id)));
  }

  /** True when some node of the workflow is mapped (its runs have item rows). */
  public boolean hasMappedNodes() {
    return definition.nodes().stream().anyMatch(NodeDefinition::mapped);
  }

  /**
   * Throws an {@link UndecodableRowException} when a row of the run names a node this definition
   * does not have (an item row, {@code x[3]}, counts as its node's): such a run cannot be
   * scheduled.
   */
  public void requireNodes(UUID runId, Collection<String> nodeIds) {
    for (String id : nodeIds) {
      if (!nodes.containsKey(id) && !nodes.containsKey(MapItem.nodeOf(id))) {
        throw new UndecodableRowException(
            runId,
            EngineErrorKind.UNKNOWN_NODE,
            "nodes row '" + id + "': no such node in " + definition.id() + " v" + version);
      }
    }
  }

  public List<String> dependentsOf(String id) {
    return dependents.getOrDefault(id, List.of());
  }

  private static boolean containsTemplate(Object value) {
    return switch (value) {
      case null -> false;
      case String s -> s.contains("${");
      case Map<?, ?> m -> m.values().stream().anyMatch(Graph::containsTemplate);
      case List<?> l -> l.stream().anyMatch(Graph::containsTemplate);
      default -> false;
    };
  }
}
