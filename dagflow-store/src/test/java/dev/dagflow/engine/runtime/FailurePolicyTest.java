package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.error.ConflictException;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailurePolicyTest extends H2EngineTest {

  @Test
  void falseConditionSkipsTheNodeAndItsDependents() {
    engine();
    RunRecord run =
        h.run(
            """
            id: cond
            nodes:
              - {id: a, type: mock, config: {output: {go: false}}}
              - {id: b, type: noop, depends_on: [a], when: "nodes.a.output.go == true"}
              - {id: c, type: noop, depends_on: [b]}
              - {id: d, type: noop, depends_on: [a], when: "nodes.a.output.go == false"}
            """,
            Map.of());
    Map<String, NodeRecord> n = h.nodes(run.runId());
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(n.get("b").status()).isEqualTo(NodeStatus.SKIPPED);
    assertThat(n.get("c").status()).isEqualTo(NodeStatus.SKIPPED);
    assertThat(n.get("d").status()).isEqualTo(NodeStatus.SUCCESS);
  }

  @Test
  void failFastCancelsEveryUnfinishedNode() {
    engine();
    RunRecord run =
        h.run(
            """
            id: ff
            nodes:
              - {id: bad, type: mock, config: {fail: broken}}
              - {id: slow, type: mock, config: {duration: 20s}}
              - {id: after, type: noop, depends_on: [bad]}
            """,
            Map.of());
    Map<String, NodeRecord> n = h.nodes(run.runId());
    assertThat(run.status()).isEqualTo(RunStatus.FAILURE);
    assertThat(n.get("bad").status()).isEqualTo(NodeStatus.FAILURE);
    assertThat(n.get("slow").status()).isEqualTo(NodeStatus.CANCELLED);
    assertThat(n.get("after").status()).isEqualTo(NodeStatus.CANCELLED);
    assertThat(Duration.between(run.startedAt(), run.finishedAt()))
        .isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void continueSkipsDependentsAndFinishesIndependentBranches() {
    engine();
    RunRecord run =
        h.run(
            """
            id: cont
            on_failure: continue
            nodes:
              - {id: bad, type: mock, config: {fail: true}}
              - {id: after, type: noop, depends_on: [bad]}
              - {id: other, type: mock, config: {duration: 200ms}}
              - {id: other_next, type: noop, depends_on: [other]}
            """,
            Map.of());
    Map<String, NodeRecord> n = h.nodes(run.runId());
    assertThat(run.status()).isEqualTo(RunStatus.FAILURE);
    assertThat(n.get("after").status()).isEqualTo(NodeStatus.SKIPPED);
    assertThat(n.get("other").status()).isEqualTo(NodeStatus.SUCCESS);
    assertThat(n.get("other_next").status()).isEqualTo(NodeStatus.SUCCESS);
  }

  @Test
  void cancelStopsRunningNodesAndEndsTheRunCancelled() {
    engine();
    RunRecord run =
        h.submit(
            """
            id: long
            nodes:
              - {id: a, type: mock, config: {duration: 30s}}
              - {id: b, type: noop, depends_on: [a]}
            """,
            Map.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> h.nodes(run.runId()).get("a").status() == NodeStatus.RUNNING);
    RunRecord cancelled = h.engine.cancel(run.runId());
    assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
    Map<String, NodeRecord> n = h.nodes(run.runId());
    assertThat(n.get("a").status()).isEqualTo(NodeStatus.CANCELLED);
    assertThat(n.get("b").status()).isEqualTo(NodeStatus.CANCELLED);
    assertThatThrownBy(() -> h.engine.cancel(run.runId())).isInstanceOf(ConflictException.class);
  }
}
