package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.EngineErrorKind;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows corrupted with SQL under a running engine (docs/engine.md, "Poison rows"): each poisoned run
 * ends {@code failure} with a reason naming the row, the healthy runs in flight with it (their
 * nodes claimed and completed in the same batches) succeed, each failure is counted once by kind,
 * and the scheduler goes on.
 */
abstract class PoisonRowTest {
  private static final String FLOW =
      """
      id: poison_flow
      nodes:
        - {id: a, type: mock, config: {duration: 4s}}
        - {id: b, type: noop, depends_on: [a]}
        - {id: c, type: noop, depends_on: [b]}
      """;

  @TempDir Path work;

  abstract JdbcStore newStore();

  /** A params value the decoder rejects: text that is not JSON on H2, a non-object on jsonb. */
  abstract String badParams();

  @Test
  void eachPoisonedRunFailsAloneWithItsReasonAndTheOthersFinish() {
    List<EngineErrorKind> counted = new CopyOnWriteArrayList<>();
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work, b -> b.nodeConcurrency(64))) {
      h.engine.addErrorListener(counted::add);
      // what each poisoned run gets, written while its first node runs; the run's version moves
      // too, as any writer's would, so the engine reads the rows instead of its cached copy
      Map<String, String> poisons = new LinkedHashMap<>();
      poisons.put("runs row: unknown status 'bogus'", "UPDATE runs SET status = 'bogus'");
      poisons.put("runs row: params is not", "UPDATE runs SET params = " + badParams());
      poisons.put("nodes row 'b': unknown status 'bogus'", "UPDATE nodes SET status = 'bogus'");
      poisons.put(
          "nodes row 'c': artifacts are not a JSON array of objects",
          "UPDATE nodes SET artifacts = '\"oops\"'");
      poisons.put(
          "definition poison_flow v7 no longer exists", "UPDATE runs SET workflow_version = 7");
      poisons.put(
          "nodes row 'zz': no such node in poison_flow v1", "UPDATE nodes SET node_id = 'zz'");
      Map<String, EngineErrorKind> kinds =
          Map.of(
              "runs row: unknown status 'bogus'", EngineErrorKind.UNDECODABLE_RUN,
              "runs row: params is not", EngineErrorKind.UNDECODABLE_RUN,
              "nodes row 'b': unknown status 'bogus'", EngineErrorKind.UNDECODABLE_NODE,
              "nodes row 'c': artifacts are not a JSON array of objects",
                  EngineErrorKind.UNDECODABLE_NODE,
              "definition poison_flow v7 no longer exists", EngineErrorKind.UNKNOWN_DEFINITION,
              "nodes row 'zz': no such node in poison_flow v1", EngineErrorKind.UNKNOWN_NODE);

      List<RunRecord> healthy = new ArrayList<>();
      Map<String, RunRecord> poisoned = new LinkedHashMap<>();
      for (String reason : poisons.keySet()) {
        healthy.add(h.submit(FLOW, Map.of()));
        poisoned.put(reason, h.submit(FLOW, Map.of()));
      }
      for (RunRecord r : poisoned.values()) {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> h.nodes(r.runId()).get("a").status() == NodeStatus.RUNNING);
      }
      for (Map.Entry<String, String> p : poisons.entrySet()) {
        UUID id = poisoned.get(p.getKey()).runId();
        String sql = p.getValue();
        String where =
            sql.startsWith("UPDATE runs")
                ? " WHERE run_id = '" + id + "'"
                : " WHERE run_id = '" + id + "' AND node_id = '" + nodeOf(p.getKey()) + "'";
        TestStores.execute(
            store,
            sql + where,
            "UPDATE runs SET version = version + 1 WHERE run_id = '" + id + "'");
      }

      for (RunRecord r : healthy) {
        assertThat(h.await(r.runId()).status()).isEqualTo(RunStatus.SUCCESS);
      }
      for (Map.Entry<String, RunRecord> p : poisoned.entrySet()) {
        UUID id = p.getValue().runId();
        RunRecord failed =
            await()
                .atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(
                    () -> store.read(tx -> tx.findRun(id)).orElseThrow(),
                    r -> r.status() == RunStatus.FAILURE);
        assertThat(failed.error()).startsWith("run cannot be decoded: " + p.getKey());
        assertThat(h.eventsOf(id))
            .filteredOn(e -> e.type() == EventType.RUN_FAILED)
            .singleElement()
            .satisfies(e -> assertThat(e.data().get("error").asString()).isEqualTo(failed.error()));
        // nothing of it is left to run: every node row reads, none unfinished
        assertThat(h.nodes(id).values()).allMatch(n -> n.status().isTerminal());
      }
      assertThat(counted).containsExactlyInAnyOrderElementsOf(kinds.values().stream().toList());

      // the loop is alive: a run submitted now runs to the end
      assertThat(schedulerThreadAlive()).isTrue();
      assertThat(h.await(h.submit(FLOW, Map.of()).runId()).status()).isEqualTo(RunStatus.SUCCESS);
    }
  }

  @Test
  void aNodeOfUnknownStatusThatNothingClaimsIsFoundAndItsRunFailed() {
    String slow =
        """
        id: slow_flow
        nodes:
          - {id: a, type: mock, config: {duration: 60s}}
          - {id: b, type: noop}
        """;
    List<EngineErrorKind> counted = new CopyOnWriteArrayList<>();
    try (JdbcStore store = newStore();
        EngineHarness h =
            new EngineHarness(
                store,
                work,
                b ->
                    b.leaseDuration(Duration.ofSeconds(2))
                        .heartbeatInterval(Duration.ofMillis(500)))) {
      h.engine.addErrorListener(counted::add);
      RunRecord r = h.submit(slow, Map.of());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> h.nodes(r.runId()).get("b").status() == NodeStatus.SUCCESS);
      // b is finished and a runs for a minute: no claim or completion meets the row before then
      TestStores.execute(
          store,
          "UPDATE nodes SET status = 'bogus' WHERE run_id = '" + r.runId() + "' AND node_id = 'b'");
      RunRecord failed =
          await()
              .atMost(Duration.ofSeconds(15))
              .until(
                  () -> store.read(tx -> tx.findRun(r.runId())).orElseThrow(),
                  x -> x.status() == RunStatus.FAILURE);
      assertThat(failed.error())
          .isEqualTo("run cannot be decoded: nodes row 'b': unknown status 'bogus'");
      assertThat(counted).containsExactly(EngineErrorKind.UNDECODABLE_NODE);
      assertThat(h.nodes(r.runId()).get("a").status()).isEqualTo(NodeStatus.CANCELLED);
    }
  }

  private static String nodeOf(String reason) {
    return reason.startsWith("nodes row 'c'") ? "c" : "b";
  }

  private static boolean schedulerThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("dagflow-scheduler") && t.isAlive());
  }
}
