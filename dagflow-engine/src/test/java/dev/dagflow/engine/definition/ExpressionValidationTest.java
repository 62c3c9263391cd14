package dev.dagflow.engine.definition;

import static dev.dagflow.engine.definition.DefinitionProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * CEL rules: conditions and templates compile, yield the right type, name declared params and
 * upstream nodes.
 */
class ExpressionValidationTest {
  private static final DefinitionParser PARSER = DefinitionParser.standard();

  @Test
  void reportsInvalidCelInWhenAtTheCondition() {
    String yaml = "id: a\nnodes:\n  - id: b\n    type: noop\n    when: \"params.x ==\"\n";

    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith("flow.yaml:5:11: when: invalid expression 'params.x ==': ");
  }

  @Test
  void reportsAConditionThatCannotYieldABool() {
    String yaml = "id: a\nnodes:\n  - id: b\n    type: noop\n    when: 1 + 2\n";

    assertThat(problems(yaml))
        .containsExactly(
            "flow.yaml:5:11: when: condition '1 + 2' must be a bool expression, it yields int");
  }

  @Test
  void reportsInvalidCelInAConfigTemplate() {
    String yaml =
        "id: a\nnodes:\n  - id: b\n    type: mock\n"
            + "    config:\n      output: {x: \"v=${1 + 'a'}\"}\n";

    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith(
            "flow.yaml:6:19: template: invalid expression '1 + 'a'': found no matching"
                + " overload for '_+_' applied to '(int, string)'");
  }

  @Test
  void reportsAnUnclosedTemplate() {
    String yaml = "id: a\nnodes:\n  - id: b\n    type: mock\n    config: {output: \"${x\"}\n";

    assertThat(problems(yaml))
        .containsExactly("flow.yaml:5:22: template: unclosed template '${x': missing '}'");
  }

  @Test
  void reportsUndeclaredParamsAndNodesOutsideTheUpstream() {
    String yaml =
        """
        id: w
        params: {known: {type: string}}
        nodes:
          - {id: a, type: noop}
          - {id: b, type: noop, when: "params.unknown == 'x' && nodes.a.status == 'success'"}
          - {id: c, type: noop, depends_on: [b], when: "nodes['a'].status == 'x' || nodes.zz.y"}
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "flow.yaml:5:31: expression 'params.unknown == 'x' && nodes.a.status == 'success'' uses"
                + " undeclared param 'unknown' (declared: known)",
            "flow.yaml:5:31: expression 'params.unknown == 'x' && nodes.a.status == 'success''"
                + " refers to node 'a', which node 'b' does not depend on (add it to depends_on)",
            "flow.yaml:6:48: expression 'nodes['a'].status == 'x' || nodes.zz.y' refers to node 'a',"
                + " which node 'c' does not depend on (add it to depends_on)",
            "flow.yaml:6:48: expression 'nodes['a'].status == 'x' || nodes.zz.y' refers to unknown"
                + " node 'zz'");
  }

  @Test
  void rejectsTemplatesInAShellCommandString() {
    String yaml =
        "id: a\nparams: {p: {type: string}}\nnodes:\n  - id: b\n    type: shell\n"
            + "    config: {command: \"echo ${params.p}\"}\n";

    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith(
            "flow.yaml:6:23: a shell command given as one string may not hold ${…} templates: pass"
                + " values through env");
  }

  @Test
  void acceptsTemplatesInShellEnvAndListCommands() {
    String yaml =
        "id: a\nparams: {p: {type: string}}\nnodes:\n  - id: b\n    type: shell\n"
            + "    config: {command: [echo, \"${params.p}\"], env: {P: \"${params.p}\"}}\n"
            + "  - id: c\n    type: shell\n    config: {command: \"echo $${HOME} $P\"}\n";

    assertThat(PARSER.parse(yaml, "f").nodes()).hasSize(2);
  }
}
