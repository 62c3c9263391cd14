package dev.dagflow.bench.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark graph of no-op nodes: its nodes in topological order, each with the ids it depends
 * on. The same shape is rendered as workflow YAML for the durable engine and executed directly by
 * the in-memory baseline, so both run exactly the same graph.
 *
 * <pre>{@code
 * Shape s = Shape.fanOut(10);          // start -> n0001..n0010 -> end
 * String yaml = s.toYaml("bench_fanout");
 * }</pre>
 *
 * @param name the scenario-facing name ("fan-out 1-10-1")
 * @param nodes the nodes, every node after the nodes it depends on
 */
public record Shape(String name, List<Node> nodes) {

  /** One node and the ids of the nodes it waits for. */
  public record Node(String id, List<String> dependsOn) {
    public Node {
      dependsOn = List.copyOf(dependsOn);
    }
  }

  public Shape {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a shape needs at least one node");
    }
  }

  /** {@code start -> width parallel nodes -> end}. */
  public static Shape fanOut(int width) {
    if (width < 1) {
      throw new IllegalArgumentException("width must be at least 1, was " + width);
    }
    List<Node> nodes = new ArrayList<>(width + 2);
    nodes.add(new Node("start", List.of()));
    List<String> middle = new ArrayList<>(width);
    for (int i = 1; i <= width; i++) {
      String id = "n%05d".formatted(i);
      middle.add(id);
      nodes.add(new Node(id, List.of("start")));
    }
    nodes.add(new Node("end", middle));
    return new Shape("1-" + width + "-1", nodes);
  }

  /** {@code length} nodes in a line. */
  public static Shape chain(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("length must be at least 1, was " + length);
    }
    List<Node> nodes = new ArrayList<>(length);
    for (int i = 1; i <= length; i++) {
      nodes.add(
          new Node("n%05d".formatted(i), i == 1 ? List.of() : List.of("n%05d".formatted(i - 1))));
    }
    return new Shape("chain-" + length, nodes);
  }

  public int size() {
    return nodes.size();
  }

  /** Node id → the ids it depends on, in node order (the baseline's input). */
  public Map<String, List<String>> dependencies() {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    nodes.forEach(n -> deps.put(n.id(), n.dependsOn()));
    return deps;
  }

  /** The shape as a dagflow workflow definition of {@code noop} nodes. */
  public String toYaml(String workflowId) {
    return toYaml(workflowId, "noop");
  }

  /**
   * The shape as a workflow definition whose nodes all have {@code nodeType} (e.g. the benchmark's
   * {@code probe}, a {@code noop} that records when it ran).
   */
  public String toYaml(String workflowId, String nodeType) {
    StringBuilder y = new StringBuilder(64 + nodes.size() * 48);
    y.append("id: ").append(workflowId).append('\n');
    y.append("description: benchmark graph ").append(name).append('\n');
    y.append("nodes:\n");
    for (Node n : nodes) {
      y.append("  - id: ").append(n.id()).append("\n    type: ").append(nodeType).append('\n');
      if (!n.dependsOn().isEmpty()) {
        y.append("    depends_on: [").append(String.join(", ", n.dependsOn())).append("]\n");
      }
    }
    return y.toString();
  }
}
