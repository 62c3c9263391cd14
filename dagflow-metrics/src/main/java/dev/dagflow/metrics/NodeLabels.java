package dev.dagflow.metrics;

import java.util.Objects;

/**
 * The labels one workflow node contributes to node metrics: its {@code node_type} and its {@code
 * phase_name} (the node's {@code name}, which defaults to its id).
 *
 * <pre>{@code
 * collector.registerWorkflow("sdlc_parallel",
 *     List.of(new NodeLabels("phase", "design"), new NodeLabels("shell", "build")));
 * }</pre>
 */
public record NodeLabels(String nodeType, String phaseName) {
  public NodeLabels {
    Objects.requireNonNull(nodeType, "nodeType");
    Objects.requireNonNull(phaseName, "phaseName");
  }
}
