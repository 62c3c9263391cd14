package dev.dagflow.engine.definition;

import static dev.dagflow.engine.definition.DefinitionProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code map:} block of a node: defaults, its expression, its bounds, each located. */
class MapValidationTest {
  private static String flow(String map) {
    return "id: a\n"
        + "params:\n  files: {type: array}\n"
        + "nodes:\n"
        + "  - id: each\n"
        + "    type: mock\n"
        + "    config: {output: {name: \"${item}\", at: \"${index}\"}}\n"
        + "    map: "
        + map
        + "\n";
  }

  @Test
  void readsEveryKeyAndAppliesDefaults() {
    WorkflowDefinition full =
        DefinitionParser.standard()
            .parse(
                flow(
                    "{over: \"${params.files}\", max_items: 10, concurrency: 2,"
                        + " on_item_failure: continue}"),
                "flow.yaml");
    assertThat(full.nodes().getFirst().map())
        .isEqualTo(new MapSpec("params.files", 10, 2, MapSpec.ItemFailure.CONTINUE));
    WorkflowDefinition plain =
        DefinitionParser.standard().parse(flow("{over: params.files}"), "flow.yaml");
    assertThat(plain.nodes().getFirst().map())
        .isEqualTo(new MapSpec("params.files", 1024, null, MapSpec.ItemFailure.FAIL_FAST));
  }

  @Test
  void reportsAnExpressionThatDoesNotCompileAtItsLineAndColumn() {
    assertThat(problems(flow("{over: \"params.files +\"}")))
        .singleElement()
        .asString()
        .startsWith("flow.yaml:8:17:")
        .contains("map.over: invalid expression 'params.files +'");
  }

  @Test
  void reportsUndeclaredParamsAndNodesTheNodeDoesNotDependOn() {
    assertThat(problems(flow("{over: params.other}")))
        .singleElement()
        .asString()
        .contains("uses undeclared param 'other'");
  }

  @Test
  void reportsBoundsThatAreNotPositive() {
    assertThat(problems(flow("{over: params.files, max_items: 0, concurrency: -2}")))
        .containsExactly(
            "flow.yaml:8:42: map key 'max_items' must be at least 1, not 0",
            "flow.yaml:8:58: map key 'concurrency' must be at least 1, not -2");
  }

  @Test
  void reportsUnknownKeysAndAMissingOver() {
    assertThat(problems(flow("{ovr: params.files, on_item_failure: later}")))
        .anyMatch(p -> p.contains("'ovr'"))
        .anyMatch(p -> p.contains("over"))
        .anyMatch(p -> p.contains("must be one of fail_fast, continue, not 'later'"));
  }

  @Test
  void refusesTextWithTemplatesAsTheList() {
    assertThat(problems(flow("{over: \"x-${params.files}\"}")))
        .singleElement()
        .asString()
        .contains("map key 'over' must be one CEL expression");
  }
}
