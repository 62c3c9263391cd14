package dev.dagflow.metrics;

import static dev.dagflow.metrics.MetricNames.NODE_STATUSES;
import static dev.dagflow.metrics.MetricNames.WORKFLOW_STATUSES;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The labelled series a registered workflow owns: created at 0 when it is registered, removed with
 * it (node series only once no other registered workflow shares them).
 *
 * <pre>{@code
 * WorkflowSeries series = new WorkflowSeries(metrics);
 * series.register("etl", List.of(new NodeLabels("phase", "extract")));
 * series.remove("etl");
 * }</pre>
 */
final class WorkflowSeries {
  private final DagMetrics metrics;
  private final Map<String, List<NodeLabels>> registeredNodes = new HashMap<>();

  WorkflowSeries(DagMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Creates, at 0, the labelled counters of a registered workflow and its nodes (every status, plus
   * retries), so the first failure shows in {@code rate()}. Re-registering replaces the node list.
   */
  synchronized void register(String workflowName, Collection<NodeLabels> nodes) {
    List<NodeLabels> previous = registeredNodes.put(workflowName, List.copyOf(nodes));
    for (String status : WORKFLOW_STATUSES) {
      metrics.workflowExecutions.labelValues(workflowName, status);
    }
    metrics.runsPurged.labelValues(workflowName);
    // The duration histogram starts at 0 too: SLO rules divide by its _count and alert when absent.
    metrics.workflowDuration.child(workflowName);
    for (NodeLabels node : nodes) {
      for (String status : NODE_STATUSES) {
        metrics.nodeExecutions.labelValues(node.nodeType(), node.phaseName(), status);
      }
      metrics.nodeRetries.labelValues(node.nodeType(), node.phaseName());
    }
    if (previous != null) {
      removeUnusedNodes(previous);
    }
  }

  /**
   * Removes a deleted workflow's series: its workflow series, and the node series of its nodes that
   * no other registered workflow shares.
   */
  synchronized void remove(String workflowName) {
    Predicate<String[]> byWorkflow = values -> values[0].equals(workflowName);
    metrics.workflowExecutions.removeIf(byWorkflow);
    metrics.workflowDuration.removeIf(byWorkflow);
    metrics.workflowQueueWait.removeIf(byWorkflow);
    metrics.runsPurged.removeIf(byWorkflow);
    metrics.schedules().removeWorkflow(workflowName);
    List<NodeLabels> nodes = registeredNodes.remove(workflowName);
    if (nodes != null) {
      removeUnusedNodes(nodes);
    }
  }

  private void removeUnusedNodes(List<NodeLabels> candidates) {
    Set<NodeLabels> stillUsed = new HashSet<>();
    registeredNodes.values().forEach(stillUsed::addAll);
    for (NodeLabels node : candidates) {
      if (stillUsed.contains(node)) {
        continue;
      }
      Predicate<String[]> byNode =
          values -> values[0].equals(node.nodeType()) && values[1].equals(node.phaseName());
      metrics.nodeExecutions.removeIf(byNode);
      metrics.nodeDuration.removeIf(byNode);
      metrics.nodeRetries.removeIf(byNode);
    }
  }
}
