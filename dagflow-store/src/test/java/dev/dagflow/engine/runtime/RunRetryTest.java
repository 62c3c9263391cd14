package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.error.ConflictException;
import dev.dagflow.engine.error.RunNotFoundException;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.store.RunQuery;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retrying a finished run through the engine ({@code WorkflowEngine.retry}), on every dialect. */
abstract class RunRetryTest {
  /** a succeeds; b fails its first attempt; c, after b, is skipped the first time. */
  private static final String FAILS_ONCE =
      """
      id: fails_once
      on_failure: continue
      nodes:
        - {id: a, type: mock, config: {output: {v: 1}}}
        - {id: b, type: mock, depends_on: [a], config: {fail_attempts: 1, output: {v: 2}}}
        - {id: c, type: mock, depends_on: [b], config: {output: {v: 3}}}
      """;

  @TempDir Path work;

  abstract JdbcStore newStore();

  private static List<EventRecord> of(List<EventRecord> events, EventType type, String nodeId) {
    return events.stream()
        .filter(e -> e.type() == type && java.util.Objects.equals(e.nodeId(), nodeId))
        .toList();
  }

  @Test
  void aRetriedRunRunsItsUnsuccessfulNodesAgainAndKeepsTheOthers() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      RunRecord failed = h.run(FAILS_ONCE, Map.of());
      assertThat(failed.status()).isEqualTo(RunStatus.FAILURE);
      NodeRecord aBefore = h.nodes(failed.runId()).get("a");
      assertThat(h.nodes(failed.runId()).get("c").status()).isEqualTo(NodeStatus.SKIPPED);
      int eventsBefore = h.eventsOf(failed.runId()).size();

      RunRecord retried = h.engine.retry(failed.runId());
      assertThat(retried.status()).isIn(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.SUCCESS);
      RunRecord done = h.await(failed.runId());

      assertThat(done.status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(done.error()).isNull();
      Map<String, NodeRecord> nodes = h.nodes(failed.runId());
      assertThat(nodes.get("a")).isEqualTo(aBefore); // not executed again: same row, same output
      assertThat(nodes.get("b").attempts()).isEqualTo(2);
      assertThat(nodes.get("b").output().path("v").asInt()).isEqualTo(2);
      assertThat(nodes.get("c").attempts()).isEqualTo(1);
      assertThat(nodes.get("c").status()).isEqualTo(NodeStatus.SUCCESS);

      List<EventRecord> events = h.eventsOf(failed.runId());
      assertThat(events.stream().mapToLong(EventRecord::seq))
          .containsExactlyElementsOf(
              LongStream.rangeClosed(1, events.size()).boxed().toList()); // seq goes on, dense
      EventRecord retriedEvent = events.get(eventsBefore);
      assertThat(retriedEvent.type()).isEqualTo(EventType.RUN_RETRIED);
      assertThat(retriedEvent.data().path("nodes").toString()).isEqualTo("[\"b\",\"c\"]");
      assertThat(events.get(eventsBefore - 1).type()).isEqualTo(EventType.RUN_FAILED);
      assertThat(of(events, EventType.NODE_STARTED, "a")).hasSize(1);
      assertThat(of(events, EventType.NODE_STARTED, "b"))
          .extracting(e -> e.data().path("attempt").asInt())
          .containsExactly(1, 2);
      assertThat(events.getLast().type()).isEqualTo(EventType.RUN_SUCCEEDED);
    }
  }

  @Test
  void aRetryGivesTheNodeAFreshRetryBudget() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      String yaml =
          """
          id: budget
          nodes:
            - id: a
              type: mock
              retry: {max_attempts: 2, delay: 10ms}
              config: {fail_attempts: 3}
          """;
      RunRecord failed = h.run(yaml, Map.of());
      assertThat(h.nodes(failed.runId()).get("a").attempts()).isEqualTo(2);

      h.engine.retry(failed.runId());
      RunRecord done = h.await(failed.runId());

      // attempts 3 (fails, budget allows one more) and 4 (succeeds)
      assertThat(done.status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(h.nodes(failed.runId()).get("a").attempts()).isEqualTo(4);
      EventRecord succeeded =
          of(h.eventsOf(failed.runId()), EventType.NODE_SUCCEEDED, "a").getFirst();
      assertThat(succeeded.data().path("attempt").asInt()).isEqualTo(4);
      assertThat(succeeded.data().path("retry_count").asInt()).isEqualTo(1);
    }
  }

  @Test
  void aCancelledRunMayBeRetried() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      RunRecord gated = h.submit("id: gated\nnodes:\n  - {id: ok, type: approval}\n", Map.of());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> h.nodes(gated.runId()).get("ok").awaitsDecision());
      h.engine.cancel(gated.runId());

      h.engine.retry(gated.runId());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> h.nodes(gated.runId()).get("ok").awaitsDecision());
      h.engine.decide(gated.runId(), "ok", true, "bob", null);

      assertThat(h.await(gated.runId()).status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(h.nodes(gated.runId()).get("ok").attempts()).isEqualTo(2);
    }
  }

  @Test
  void onlyAFailedOrCancelledRunMayBeRetried() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      RunRecord ok = h.run("id: fine\nnodes:\n  - {id: a, type: noop}\n", Map.of());
      RunRecord gated = h.submit("id: gated\nnodes:\n  - {id: ok, type: approval}\n", Map.of());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> h.nodes(gated.runId()).get("ok").awaitsDecision());

      assertThatThrownBy(() -> h.engine.retry(ok.runId()))
          .isInstanceOf(ConflictException.class)
          .hasMessage(
              "run %s is success: only a failed or cancelled run can be retried", ok.runId());
      assertThatThrownBy(() -> h.engine.retry(gated.runId()))
          .isInstanceOf(ConflictException.class)
          .hasMessage(
              "run %s is running: only a failed or cancelled run can be retried", gated.runId());
      UUID unknown = UUID.randomUUID();
      assertThatThrownBy(() -> h.engine.retry(unknown)).isInstanceOf(RunNotFoundException.class);
      assertThat(h.eventsOf(ok.runId())).noneMatch(e -> e.type() == EventType.RUN_RETRIED);
    }
  }

  @Test
  void ofTwoConcurrentRetriesOnTwoEnginesExactlyOneWins() throws Exception {
    try (JdbcStore first = newStore();
        JdbcStore second = TestStores.sameDatabase(first);
        EngineHarness a = new EngineHarness(first, work);
        EngineHarness b = new EngineHarness(second, work);
        ExecutorService pool = Executors.newFixedThreadPool(2)) {
      RunRecord failed = a.run(FAILS_ONCE, Map.of());
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<RunRecord>> tries = new ArrayList<>();
      for (EngineHarness h : List.of(a, b)) {
        Callable<RunRecord> retry =
            () -> {
              together.await();
              return h.engine.retry(failed.runId());
            };
        tries.add(pool.submit(retry));
      }
      int won = 0;
      int refused = 0;
      for (Future<RunRecord> t : tries) {
        try {
          t.get();
          won++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(ConflictException.class);
          refused++;
        }
      }

      assertThat(won).isEqualTo(1);
      assertThat(refused).isEqualTo(1);
      assertThat(a.await(failed.runId()).status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(a.eventsOf(failed.runId()))
          .filteredOn(e -> e.type() == EventType.RUN_RETRIED)
          .hasSize(1);
      assertThat(a.nodes(failed.runId()).get("b").attempts()).isEqualTo(2);
    }
  }

  @Test
  void aRetriedSubWorkflowNodeStartsANewChild() {
    Path marker = work.resolve("child-ran-once");
    String child =
        """
        id: child_once
        nodes:
          - id: work
            type: shell
            config: {command: "test -f '%s' || { touch '%s'; exit 1; }"}
        """
            .formatted(marker, marker);
    String parent =
        """
        id: parent_once
        nodes:
          - {id: call, type: workflow, config: {workflow_id: child_once}}
        """;
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      h.engine.register(child, "child.yaml");
      RunRecord failed = h.run(parent, Map.of());
      assertThat(failed.status()).isEqualTo(RunStatus.FAILURE);

      h.engine.retry(failed.runId());

      assertThat(h.await(failed.runId()).status()).isEqualTo(RunStatus.SUCCESS);
      List<RunRecord> children =
          store.read(tx -> tx.listRuns(new RunQuery("child_once", null, 10, null))).items();
      assertThat(children)
          .extracting(RunRecord::status)
          .containsExactlyInAnyOrder(RunStatus.FAILURE, RunStatus.SUCCESS);
      assertThat(h.nodes(failed.runId()).get("call").output().path("run_id").asString())
          .isEqualTo(
              children.stream()
                  .filter(r -> r.status() == RunStatus.SUCCESS)
                  .findFirst()
                  .orElseThrow()
                  .runId()
                  .toString());
    }
  }
}
