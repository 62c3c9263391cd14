package dev.dagflow.engine.definition;

import static dev.dagflow.engine.definition.DefinitionProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The config of {@code workflow} nodes, each problem at its line and column. */
class SubWorkflowValidationTest {

  @Test
  void acceptsAWorkflowIdAVersionAndTemplatedParams() {
    String yaml =
        "id: a\nnodes:\n  - id: call\n    type: workflow\n"
            + "    config: {workflow_id: child, version: 3, params: {doc: \"${run.id}\"}}\n";
    NodeDefinition call = DefinitionParser.standard().parse(yaml, "flow.yaml").getNode("call");
    assertThat(call.config()).containsEntry("workflow_id", "child").containsEntry("version", 3L);
  }

  @Test
  void requiresAWorkflowId() {
    assertThat(problems("id: a\nnodes:\n  - {id: call, type: workflow}\n"))
        .containsExactly("flow.yaml:3:5: a workflow node needs config.workflow_id");
    assertThat(problems("id: a\nnodes:\n  - {id: call, type: workflow, config: {version: 1}}\n"))
        .containsExactly("flow.yaml:3:40: workflow config is missing required key 'workflow_id'");
  }

  @Test
  void refusesTemplatedIdsBadVersionsAndUnknownKeys() {
    String yaml =
        "id: a\nnodes:\n  - id: call\n    type: workflow\n"
            + "    config: {workflow_id: \"${run.id}\", version: 0, params: [1], wait: true}\n";
    assertThat(problems(yaml))
        .containsExactly(
            "flow.yaml:5:27: workflow config key 'workflow_id' must be a workflow id (no"
                + " templates)",
            "flow.yaml:5:49: workflow config key 'version' must be 1 or more",
            "flow.yaml:5:60: workflow config key 'params' must be a mapping of param names to"
                + " values",
            "flow.yaml:5:65: unknown key 'wait' in workflow config (allowed: workflow_id, version,"
                + " params)");
  }

  @Test
  void refusesAWorkflowThatCallsItself() {
    String yaml = "id: a\nnodes:\n  - {id: call, type: workflow, config: {workflow_id: a}}\n";
    assertThat(problems(yaml))
        .containsExactly("flow.yaml:3:54: node call: sub-workflow references form a cycle: a -> a");
  }
}
