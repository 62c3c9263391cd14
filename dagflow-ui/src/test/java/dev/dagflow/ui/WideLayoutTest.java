package dev.dagflow.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.definition.DefinitionParser;
import dev.dagflow.engine.definition.WorkflowDefinition;
import org.junit.jupiter.api.Test;

class WideLayoutTest {
  /** {@code start}, 4,998 parallel nodes, {@code end}: 5,000 nodes and 9,996 edges. */
  static String wide(int nodes) {
    StringBuilder yaml = new StringBuilder("id: wide\nnodes:\n  - {id: start, type: noop}\n");
    StringBuilder ends = new StringBuilder();
    for (int i = 1; i <= nodes - 2; i++) {
      yaml.append("  - {id: n").append(i).append(", type: noop, depends_on: [start]}\n");
      ends.append(i == 1 ? "" : ", ").append('n').append(i);
    }
    yaml.append("  - {id: end, type: noop, depends_on: [").append(ends).append("]}\n");
    return yaml.toString();
  }

  @Test
  void laysOutFiveThousandNodes() {
    WorkflowDefinition def = DefinitionParser.standard().parse(wide(5000), "wide.yaml");
    long start = System.nanoTime();

    DagLayout layout = GraphLayout.standard().layout(def, 1);

    System.out.printf(
        "layout of %d nodes: %d ms%n",
        layout.nodes().size(), (System.nanoTime() - start) / 1_000_000);
    assertThat(layout.nodes()).hasSize(5000);
    assertThat(layout.edges()).hasSize(9996);
  }
}
