package dev.dagflow.engine.definition;

import java.util.Optional;

/**
 * Finds the registered definitions that {@code workflow} nodes name, so that registration can
 * refuse sub-workflow references that form a cycle or nest deeper than {@link #MAX_DEPTH}.
 *
 * <pre>{@code
 * parser.parse(source, "parent.yaml", (id, version) -> registry.find(id, version));
 * }</pre>
 */
@FunctionalInterface
public interface SubflowResolver {
  /** Knows no workflow: only a workflow calling itself is found. */
  SubflowResolver NONE = (workflowId, version) -> Optional.empty();

  /** Sub-workflows may nest this deep: a chain of at most 10 {@code workflow} nodes. */
  int MAX_DEPTH = 10;

  /** The definition of {@code version} of a workflow (null: the latest), if registered. */
  Optional<WorkflowDefinition> find(String workflowId, Integer version);
}
