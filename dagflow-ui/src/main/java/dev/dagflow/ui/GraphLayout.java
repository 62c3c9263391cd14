package dev.dagflow.ui;

import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.LayeredLayoutProvider;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays a workflow out left to right with ELK's layered algorithm (Sugiyama: layers by dependency,
 * few crossings, straight-ish polylines). The result depends only on the definition, so callers
 * compute it once per workflow version ({@link LayoutCache}).
 *
 * <pre>{@code
 * DagLayout layout = GraphLayout.standard().layout(definition, stored.version());
 * }</pre>
 */
public final class GraphLayout {
  static final double NODE_HEIGHT = 36;
  private static final double MIN_WIDTH = 90;
  private static final double MAX_WIDTH = 220;
  private static final double CHAR_WIDTH = 7.5;

  static {
    // ELK's options (and the cloning of their defaults) work once the metadata is registered.
    LayoutMetaDataService.getInstance()
        .registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
  }

  private GraphLayout() {}

  public static GraphLayout standard() {
    return new GraphLayout();
  }

  /** Positions for every node and a polyline for every {@code depends_on} edge. */
  public DagLayout layout(WorkflowDefinition definition, int version) {
    ElkNode root = ElkGraphUtil.createGraph();
    root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
    root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
    root.setProperty(CoreOptions.SPACING_NODE_NODE, 14.0);
    root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 48.0);
    root.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(16));

    Map<String, ElkNode> byId = new HashMap<>();
    for (NodeDefinition n : definition.nodes()) {
      ElkNode box = ElkGraphUtil.createNode(root);
      box.setIdentifier(n.id());
      box.setDimensions(widthFor(n.id()), NODE_HEIGHT);
      byId.put(n.id(), box);
    }
    List<ElkEdge> elkEdges = new ArrayList<>();
    for (NodeDefinition n : definition.nodes()) {
      for (String dep : n.dependsOn()) {
        elkEdges.add(ElkGraphUtil.createSimpleEdge(byId.get(dep), byId.get(n.id())));
      }
    }
    new LayeredLayoutProvider().layout(root, new BasicProgressMonitor());

    List<DagLayout.PlacedNode> nodes = new ArrayList<>(definition.nodes().size());
    for (NodeDefinition n : definition.nodes()) {
      ElkNode box = byId.get(n.id());
      nodes.add(
          new DagLayout.PlacedNode(
              n.id(),
              n.type(),
              n.name(),
              round(box.getX()),
              round(box.getY()),
              box.getWidth(),
              box.getHeight()));
    }
    List<DagLayout.RoutedEdge> edges = new ArrayList<>(elkEdges.size());
    for (ElkEdge e : elkEdges) {
      String from = ((ElkNode) e.getSources().getFirst()).getIdentifier();
      String to = ((ElkNode) e.getTargets().getFirst()).getIdentifier();
      edges.add(new DagLayout.RoutedEdge(from, to, points(e)));
    }
    return new DagLayout(
        definition.id(), version, round(root.getWidth()), round(root.getHeight()), nodes, edges);
  }

  private static List<double[]> points(ElkEdge edge) {
    List<double[]> points = new ArrayList<>();
    for (ElkEdgeSection s : edge.getSections()) {
      points.add(new double[] {round(s.getStartX()), round(s.getStartY())});
      for (ElkBendPoint b : s.getBendPoints()) {
        points.add(new double[] {round(b.getX()), round(b.getY())});
      }
      points.add(new double[] {round(s.getEndX()), round(s.getEndY())});
    }
    return points;
  }

  /** Wide enough for the id in the canvas font, within bounds (long ids are cut when drawn). */
  private static double widthFor(String label) {
    return Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, 24 + label.length() * CHAR_WIDTH));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
