package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.SubflowResolver;
import dev.dagflow.engine.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Follows the {@code workflow} nodes of a definition through the registered workflows they name: a
 * chain that comes back to a workflow on it is a cycle, and a chain of more than {@link
 * SubflowResolver#MAX_DEPTH} nodes nests too deep. Each problem is reported at the {@code
 * workflow_id} of the node that starts the chain. Workflows not registered yet are not followed (a
 * run that reaches one fails its node).
 */
final class SubflowCheck {
  private final SubflowResolver resolver;
  private final Problems problems;

  SubflowCheck(SubflowResolver resolver, Problems problems) {
    this.resolver = resolver;
    this.problems = problems;
  }

  /** A {@code workflow} node's reference. */
  record Reference(String workflowId, Integer version) {
    static Optional<Reference> of(NodeDefinition node) {
      if (!node.type().equals("workflow")
          || !(node.config().get("workflow_id") instanceof String id)) {
        return Optional.empty();
      }
      Integer version = node.config().get("version") instanceof Number n ? n.intValue() : null;
      return Optional.of(new Reference(id, version));
    }
  }

  void check(WorkflowDefinition root, List<NodeSource> nodes) {
    for (NodeSource source : nodes) {
      Optional<Reference> ref = Reference.of(source.definition());
      if (ref.isEmpty()) {
        continue;
      }
      List<String> chain = new ArrayList<>(List.of(root.id()));
      String problem = follow(root, ref.get(), chain);
      if (problem != null) {
        problems.add(workflowIdAt(source), "node " + source.id() + ": " + problem);
      }
    }
  }

  /** Null when the chain from {@code ref} is fine; else what is wrong with it. */
  private String follow(WorkflowDefinition root, Reference ref, List<String> chain) {
    if (chain.contains(ref.workflowId())) {
      chain.add(ref.workflowId());
      return "sub-workflow references form a cycle: " + String.join(" -> ", chain);
    }
    chain.add(ref.workflowId());
    if (chain.size() - 1 > SubflowResolver.MAX_DEPTH) {
      return "sub-workflows nest deeper than "
          + SubflowResolver.MAX_DEPTH
          + " levels: "
          + String.join(" -> ", chain);
    }
    Optional<WorkflowDefinition> target =
        ref.workflowId().equals(root.id()) && ref.version() == null
            ? Optional.of(root)
            : resolver.find(ref.workflowId(), ref.version());
    if (target.isEmpty()) {
      chain.removeLast();
      return null;
    }
    for (NodeDefinition node : target.get().nodes()) {
      Optional<Reference> next = Reference.of(node);
      if (next.isPresent()) {
        String problem = follow(root, next.get(), chain);
        if (problem != null) {
          return problem;
        }
      }
    }
    chain.removeLast();
    return null;
  }

  private static Node workflowIdAt(NodeSource source) {
    if (source.at() instanceof MappingNode node) {
      for (var config : node.getValue()) {
        if (isKey(config.getKeyNode(), "config")
            && config.getValueNode() instanceof MappingNode mapping) {
          for (var entry : mapping.getValue()) {
            if (isKey(entry.getKeyNode(), "workflow_id")) {
              return entry.getValueNode();
            }
          }
        }
      }
    }
    return source.at();
  }

  private static boolean isKey(Node key, String name) {
    return key instanceof ScalarNode s && s.getValue().equals(name);
  }
}
