package dev.dagflow.engine.definition;

import static dev.dagflow.engine.definition.DefinitionProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Graph rules: unique ids, known depends_on targets, no cycles; each at its line and column. */
class GraphValidationTest {
  private static final DefinitionParser PARSER = DefinitionParser.standard();

  @Test
  void reportsDuplicateNodeIdAtTheSecondOne() {
    String yaml = "id: a\nnodes:\n  - {id: b, type: noop}\n  - {id: b, type: noop}\n";

    assertThat(problems(yaml))
        .containsExactly("flow.yaml:4:10: duplicate node id 'b' (first defined at line 3)");
  }

  @Test
  void reportsUnknownDependsOnTargetAtTheEntry() {
    String yaml =
        "id: a\nnodes:\n  - {id: b, type: noop, depends_on: [b2, c]}\n"
            + "  - {id: c, type: noop}\n";

    assertThat(problems(yaml))
        .containsExactly("flow.yaml:3:38: depends_on names unknown node 'b2'");
  }

  @Test
  void namesACycleInExecutionOrderAtTheEntryClosingIt() {
    String yaml =
        """
        id: w
        nodes:
          - {id: start, type: noop}
          - {id: a, type: noop, depends_on: [start, c]}
          - {id: b, type: noop, depends_on: [a]}
          - {id: c, type: noop, depends_on: [b]}
          - {id: after, type: noop, depends_on: [c]}
        """;

    assertThat(problems(yaml)).containsExactly("flow.yaml:4:45: cycle: a -> b -> c -> a");
  }

  @Test
  void reportsEachSeparateCycleAndASelfDependency() {
    String yaml =
        """
        id: w
        nodes:
          - {id: a, type: noop, depends_on: [a]}
          - {id: b, type: noop, depends_on: [c]}
          - {id: c, type: noop, depends_on: [b]}
        """;

    assertThat(problems(yaml))
        .containsExactly("flow.yaml:3:38: cycle: a -> a", "flow.yaml:4:38: cycle: b -> c -> b");
  }
}
