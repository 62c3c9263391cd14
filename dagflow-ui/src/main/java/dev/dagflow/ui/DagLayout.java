package dev.dagflow.ui;

import java.util.List;

/**
 * A workflow's DAG with positions, as the UI draws it: every node's box and every edge's polyline,
 * in one coordinate space whose origin is the top-left corner.
 *
 * <pre>{@code
 * DagLayout layout = GraphLayout.standard().layout(definition, 3);
 * layout.nodes().getFirst().x();
 * }</pre>
 */
public record DagLayout(
    String workflowId,
    int version,
    double width,
    double height,
    List<PlacedNode> nodes,
    List<RoutedEdge> edges) {

  public DagLayout {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** A node's box, its top-left corner at (x, y). */
  public record PlacedNode(
      String id, String type, String name, double x, double y, double width, double height) {}

  /** An edge from a dependency to its dependent, as a polyline of (x, y) pairs. */
  public record RoutedEdge(String from, String to, List<double[]> points) {
    public RoutedEdge {
      points = List.copyOf(points);
    }
  }
}
