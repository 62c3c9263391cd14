package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.error.ConflictException;
import dev.dagflow.engine.error.InvalidDefinitionException;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.model.Trigger;
import dev.dagflow.engine.store.RunQuery;
import dev.dagflow.store.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workflow} nodes on a real store: the parent waits for its child, takes its outputs,
 * retries with a new child, cancels its child, and registration refuses cycles and deep nesting.
 */
abstract class SubWorkflowTest {
  @TempDir Path work;

  abstract JdbcStore newStore();

  private static final String CHILD =
      """
      id: child_flow
      params:
        doc: {type: string, required: true}
      nodes:
        - {id: work, type: mock, config: {output: {got: "${params.doc}"}}}
      """;

  private static String parent(String childId, String extra) {
    return """
        id: parent_flow
        params:
          x: {type: string, default: hello}
        nodes:
          - id: call
            type: workflow
            config: {workflow_id: %s, params: {doc: "${params.x}"}}
        %s
          - id: after
            type: mock
            depends_on: [call]
            config: {output: {seen: "${nodes.call.output.outputs.work.got}"}}
        """
        .formatted(childId, extra);
  }

  private static List<RunRecord> runsOf(JdbcStore store, String workflowId) {
    return store.read(tx -> tx.listRuns(new RunQuery(workflowId, null, 100, null))).items();
  }

  /** As Object: AssertJ has no overload for a sealed interface that is not ambiguous. */
  private static Object trigger(JdbcStore store, UUID runId) {
    return store.read(tx -> tx.schedules().findTrigger(runId));
  }

  @Test
  void parentWaitsForItsChildAndTakesItsOutputs() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      h.engine.register(CHILD, "child.yaml");
      RunRecord run = h.run(parent("child_flow", ""), Map.of("x", "from parent"));

      assertThat(run.status()).as("%s", h.nodes(run.runId())).isEqualTo(RunStatus.SUCCESS);
      NodeRecord call = h.nodes(run.runId()).get("call");
      RunRecord child = runsOf(store, "child_flow").getFirst();
      assertThat(call.output().path("run_id").asString()).isEqualTo(child.runId().toString());
      assertThat(call.output().path("status").asString()).isEqualTo("success");
      assertThat(call.output().path("outputs").path("work").path("got").asString())
          .isEqualTo("from parent");
      assertThat(h.nodes(run.runId()).get("after").output().path("seen").asString())
          .isEqualTo("from parent");
      assertThat(trigger(store, child.runId()))
          .isEqualTo(new Trigger.Parent(run.runId(), "call", 1));
    }
  }

  @Test
  void theShippedParentAndChildExampleRunsGreen() throws java.io.IOException {
    Path dir = Path.of(System.getenv().getOrDefault("DAGFLOW_TEST_ROOT", ".."), "examples");
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      h.engine.register(
          java.nio.file.Files.readString(dir.resolve("subworkflow/review.yaml")), "review.yaml");
      RunRecord run =
          h.run(
              java.nio.file.Files.readString(dir.resolve("subworkflow/review_all.yaml")),
              Map.of("spec", "a.md"));
      assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(h.nodes(run.runId()).get("summary").output().path("spec_ok").asBoolean()).isTrue();
      assertThat(runsOf(store, "review")).hasSize(2);
    }
  }

  @Test
  void aFailedChildFailsTheAttemptAndARetryStartsANewChild() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      h.engine.register(CHILD.replace("config: {output:", "config: {fail: broken, output:"), "c");
      String yaml =
          parent("child_flow", "")
              .replace(
                  "    type: workflow\n",
                  "    type: workflow\n    retry: {max_attempts: 2, delay: 100ms}\n");
      RunRecord run = h.run(yaml, Map.of());

      assertThat(run.status()).isEqualTo(RunStatus.FAILURE);
      NodeRecord call = h.nodes(run.runId()).get("call");
      assertThat(call.attempts()).isEqualTo(2);
      assertThat(call.error()).startsWith("child run ").contains("ended failure");
      List<RunRecord> children = runsOf(store, "child_flow");
      assertThat(children).hasSize(2).allMatch(c -> c.status() == RunStatus.FAILURE);
      assertThat(children.stream().map(c -> trigger(store, c.runId())))
          .containsExactlyInAnyOrder(
              new Trigger.Parent(run.runId(), "call", 1),
              new Trigger.Parent(run.runId(), "call", 2));
    }
  }

  @Test
  void cancellingTheParentCancelsItsChild() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      h.engine.register(
          "id: child_flow\nparams:\n  doc: {type: string}\nnodes:\n  - {id: wait, type: approval}\n",
          "c");
      RunRecord run = h.submit(parent("child_flow", ""), Map.of());
      await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(store, "child_flow").size() == 1);
      UUID child = runsOf(store, "child_flow").getFirst().runId();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> "approval".equals(h.nodes(run.runId()).get("call").leaseOwner()));
      assertThatThrownBy(() -> h.engine.decide(run.runId(), "call", true, "me", null))
          .isInstanceOf(ConflictException.class)
          .hasMessage("node call is a workflow node: it waits for its child run");
      h.engine.cancel(run.runId());

      assertThat(h.await(child).status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(h.nodes(run.runId()).get("call").status()).isEqualTo(NodeStatus.CANCELLED);
    }
  }

  @Test
  void aMissingChildWorkflowFailsTheNodeSayingSo() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      RunRecord run = h.run(parent("not_registered", ""), Map.of());
      assertThat(run.status()).isEqualTo(RunStatus.FAILURE);
      assertThat(h.nodes(run.runId()).get("call").error())
          .isEqualTo("cannot start the child run: workflow not found: not_registered");
    }
  }

  private static String calls(String id, String target) {
    return "id: %s\nnodes:\n  - id: call\n    type: workflow\n    config: {workflow_id: %s}\n"
        .formatted(id, target);
  }

  @Test
  void registrationRefusesReferenceCyclesAtTheWorkflowId() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      h.engine.register(calls("flow_a", "flow_b"), "a.yaml"); // flow_b unknown yet: allowed
      InvalidDefinitionException e =
          catchThrowableOfType(
              InvalidDefinitionException.class,
              () -> h.engine.register(calls("flow_b", "flow_a"), "b.yaml"));
      assertThat(e.problems())
          .containsExactly(
              "b.yaml:5:27: node call: sub-workflow references form a cycle:"
                  + " flow_b -> flow_a -> flow_b");

      InvalidDefinitionException self =
          catchThrowableOfType(
              InvalidDefinitionException.class,
              () -> h.engine.register(calls("flow_c", "flow_c"), "c.yaml"));
      assertThat(self.problems())
          .containsExactly(
              "c.yaml:5:27: node call: sub-workflow references form a cycle: flow_c -> flow_c");
    }
  }

  @Test
  void registrationRefusesNestingDeeperThanTen() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      h.engine.register("id: level_11\nnodes:\n  - {id: a, type: noop}\n", "leaf.yaml");
      for (int level = 10; level >= 1; level--) {
        h.engine.register(calls("level_" + level, "level_" + (level + 1)), "l" + level);
      }
      InvalidDefinitionException e =
          catchThrowableOfType(
              InvalidDefinitionException.class,
              () -> h.engine.register(calls("level_0", "level_1"), "top.yaml"));
      assertThat(e.problems())
          .singleElement()
          .asString()
          .startsWith("top.yaml:5:27: node call: sub-workflows nest deeper than 10 levels:")
          .endsWith("level_10 -> level_11");
    }
  }
}
