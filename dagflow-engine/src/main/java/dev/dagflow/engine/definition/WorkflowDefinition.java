package dev.dagflow.engine.definition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A validated workflow: an acyclic graph of nodes with unique ids, and the cron schedules that
 * start it (empty when none). {@code timeout} and {@code slo} may be null. {@code retention} is how
 * long its finished runs are kept: null for the server's default, {@link Duration#ZERO} for ever
 * ({@link Retention}). {@code source} is the text it was parsed from, kept so the store can version
 * it verbatim.
 *
 * <pre>{@code
 * WorkflowDefinition wf = DefinitionParser.standard().parse(Path.of("flow.yaml"));
 * wf.nodes().size();
 * }</pre>
 */
public record WorkflowDefinition(
    String id,
    String description,
    Map<String, ParamSpec> params,
    Duration timeout,
    FailurePolicy onFailure,
    List<NodeDefinition> nodes,
    List<ScheduleSpec> schedules,
    Slo slo,
    String source,
    Duration retention) {

  /** The workflow's service level objectives, if it declares any. */
  public Optional<Slo> findSlo() {
    return Optional.ofNullable(slo);
  }

  /** The node with this id, if the workflow has one. */
  public Optional<NodeDefinition> findNode(String nodeId) {
    return nodes.stream().filter(n -> n.id().equals(nodeId)).findFirst();
  }

  /** The node with this id; throws when absent. */
  public NodeDefinition getNode(String nodeId) {
    return findNode(nodeId)
        .orElseThrow(() -> new NoSuchElementException("no node " + nodeId + " in " + id));
  }
}
