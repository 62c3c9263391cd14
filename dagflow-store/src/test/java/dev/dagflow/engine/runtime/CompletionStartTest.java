package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A completion starts the nodes it readies in its own transaction when the instance has room. */
class CompletionStartTest extends H2EngineTest {

  @Test
  void aChainHopStartsTheNextNodeInTheCompletionsTransaction() {
    engine();
    RunRecord run =
        h.run(
            """
            id: hop
            nodes:
              - {id: a, type: mock, config: {output: {n: 1}}}
              - {id: b, type: mock, depends_on: [a], config: {output: {n: 2}}}
              - {id: c, type: mock, depends_on: [b], config: {output: {n: 3}}}
            """,
            Map.of());

    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    Map<String, NodeRecord> nodes = h.nodes(run.runId());
    for (String id : List.of("b", "c")) {
      assertThat(nodes.get(id).startedAt()).isEqualTo(nodes.get(id).readyAt());
      assertThat(nodes.get(id).attempts()).isEqualTo(1);
    }
    List<EventRecord> events = h.eventsOf(run.runId());
    List<String> order =
        events.stream()
            .filter(e -> e.nodeId() != null)
            .map(e -> e.type().name() + ":" + e.nodeId())
            .toList();
    assertThat(order)
        .containsSubsequence("NODE_SUCCEEDED:a", "NODE_STARTED:b", "NODE_SUCCEEDED:b")
        .containsSubsequence("NODE_SUCCEEDED:b", "NODE_STARTED:c");
    EventRecord startedB =
        events.stream()
            .filter(e -> e.type() == EventType.NODE_STARTED && "b".equals(e.nodeId()))
            .findFirst()
            .orElseThrow();
    EventRecord succeededA =
        events.stream()
            .filter(e -> e.type() == EventType.NODE_SUCCEEDED && "a".equals(e.nodeId()))
            .findFirst()
            .orElseThrow();
    assertThat(startedB.seq()).isEqualTo(succeededA.seq() + 1);
    assertThat(startedB.data().get("queue_wait_seconds").asDouble()).isZero();
    assertThat(store.contextStore().load(run.runId(), "nodes.b.output"))
        .contains(nodes.get("b").output());
  }
}
