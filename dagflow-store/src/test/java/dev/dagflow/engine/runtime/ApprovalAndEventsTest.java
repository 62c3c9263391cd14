package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.error.ConflictException;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalAndEventsTest extends H2EngineTest {
  static final String GATED =
      """
      id: gated
      nodes:
        - {id: build, type: noop}
        - {id: approve, type: approval, depends_on: [build], timeout: %s}
        - {id: deploy, type: noop, depends_on: [approve]}
      """;

  @Test
  void anApprovedNodeSucceedsWithTheDecision() {
    engine();
    RunRecord run = h.submit(GATED.formatted("1m"), Map.of());
    awaitWaiting(run);
    h.engine.decide(run.runId(), "approve", true, "ada", "ship it");
    RunRecord done = h.await(run.runId());
    assertThat(done.status()).isEqualTo(RunStatus.SUCCESS);
    NodeRecord approve = h.nodes(run.runId()).get("approve");
    assertThat(approve.output().get("approved").asBoolean()).isTrue();
    assertThat(approve.output().get("by").asString()).isEqualTo("ada");
    assertThat(approve.output().get("comment").asString()).isEqualTo("ship it");
    assertThatThrownBy(() -> h.engine.decide(run.runId(), "approve", true, "ada", null))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void aRejectedNodeFailsTheRun() {
    engine();
    RunRecord run = h.submit(GATED.formatted("1m"), Map.of());
    awaitWaiting(run);
    h.engine.decide(run.runId(), "approve", false, "bob", "not today");
    RunRecord done = h.await(run.runId());
    assertThat(done.status()).isEqualTo(RunStatus.FAILURE);
    assertThat(h.nodes(run.runId()).get("approve").error()).isEqualTo("rejected by bob: not today");
  }

  @Test
  void anUndecidedApprovalTimesOut() {
    engine();
    RunRecord done = h.run(GATED.formatted("500ms"), Map.of());
    assertThat(done.status()).isEqualTo(RunStatus.FAILURE);
    assertThat(h.nodes(done.runId()).get("approve").error()).isEqualTo("timed out after 500ms");
  }

  @Test
  void listenersGetEveryEventInOrderWithTheRowsAndContractData() {
    engine();
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    h.engine.addListener(
        (e, run, node) ->
            seen.add(
                e.type().wireName()
                    + ":"
                    + (node == null
                        ? run.status().label()
                        : node.nodeId() + "=" + node.status().label())));
    RunRecord run =
        h.run(
            """
            id: evts
            nodes:
              - {id: a, type: mock, config: {quality_score: 0.7}}
              - {id: b, type: noop, depends_on: [a]}
            """,
            Map.of());
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("run.succeeded:success"));
    assertThat(seen)
        .containsExactly(
            "run.queued:queued",
            "run.started:running",
            "node.started:a=running",
            "node.succeeded:a=success",
            "node.started:b=running",
            "node.succeeded:b=success",
            "run.succeeded:success");
    List<EventRecord> events = h.eventsOf(run.runId());
    assertThat(events).extracting(EventRecord::seq).isSorted();
    EventRecord started =
        events.stream().filter(e -> e.type() == EventType.RUN_STARTED).findFirst().orElseThrow();
    assertThat(started.data().has("queue_wait_seconds")).isTrue();
    EventRecord nodeStarted =
        events.stream().filter(e -> e.type() == EventType.NODE_STARTED).findFirst().orElseThrow();
    assertThat(nodeStarted.data().get("attempt").asInt()).isEqualTo(1);
    assertThat(nodeStarted.data().has("queue_wait_seconds")).isTrue();
    EventRecord succeeded =
        events.stream().filter(e -> e.type() == EventType.NODE_SUCCEEDED).findFirst().orElseThrow();
    assertThat(succeeded.data().get("quality_score").asDouble()).isEqualTo(0.7);
    assertThat(succeeded.data().get("retry_count").asInt()).isZero();
    assertThat(succeeded.data().has("duration_seconds")).isTrue();
    EventRecord finished = events.getLast();
    assertThat(finished.type()).isEqualTo(EventType.RUN_SUCCEEDED);
    assertThat(finished.data().has("duration_seconds")).isTrue();
  }

  private void awaitWaiting(RunRecord run) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "approval".equals(h.nodes(run.runId()).get("approve").leaseOwner()));
  }
}
