package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelExecutionTest {
  @TempDir Path work;
  JdbcStore store;
  EngineHarness h;

  @BeforeEach
  void setUp() {
    store = TestStores.h2();
    h = new EngineHarness(store, work);
  }

  @AfterEach
  void tearDown() {
    h.close();
    store.close();
  }

  @Test
  void independentNodesRunInParallel() {
    RunRecord run =
        h.run(
            """
            id: fan
            nodes:
              - {id: a, type: mock, config: {duration: 300ms}}
              - {id: b, type: mock, config: {duration: 300ms}}
            """,
            Map.of());
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    Map<String, NodeRecord> n = h.nodes(run.runId());
    NodeRecord a = n.get("a");
    NodeRecord b = n.get("b");
    assertThat(a.startedAt()).isBefore(b.finishedAt());
    assertThat(b.startedAt()).isBefore(a.finishedAt());
  }

  @Test
  void aNodeStartsWhenItsOwnDependenciesAreDoneNotItsGeneration() {
    RunRecord run =
        h.run(
            """
            id: branches
            nodes:
              - {id: short, type: mock, config: {duration: 50ms}}
              - {id: short_next, type: noop, depends_on: [short]}
              - {id: long, type: mock, config: {duration: 800ms}}
              - {id: join, type: noop, depends_on: [short_next, long]}
            """,
            Map.of());
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    Map<String, NodeRecord> n = h.nodes(run.runId());
    assertThat(n.get("short_next").finishedAt()).isBefore(n.get("long").finishedAt());
    assertThat(n.get("join").startedAt()).isAfterOrEqualTo(n.get("long").finishedAt());
    assertThat(n.values()).allMatch(x -> x.status() == NodeStatus.SUCCESS);
  }
}
