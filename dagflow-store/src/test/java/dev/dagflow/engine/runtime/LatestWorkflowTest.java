package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.error.WorkflowNotFoundException;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submits take the latest version from a cache: exact on one instance, bounded across two. */
abstract class LatestWorkflowTest {
  private static final String V1 = "id: latest\nnodes:\n  - {id: a, type: noop}\n";
  private static final String V2 =
      "id: latest\nnodes:\n  - {id: a, type: noop}\n  - {id: b, type: noop, depends_on: [a]}\n";

  @TempDir Path work;

  abstract JdbcStore newStore();

  @Test
  void submitRunsTheVersionApplyJustReturned() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      assertThat(h.submit(V1, Map.of()).workflowVersion()).isEqualTo(1);
      assertThat(h.submit(V2, Map.of()).workflowVersion()).isEqualTo(2);
    }
  }

  @Test
  void submitAfterDeleteFindsNoWorkflow() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      h.submit(V1, Map.of());
      assertThat(h.engine.delete("latest")).isTrue();
      assertThatThrownBy(() -> h.engine.submit("latest", EngineHarness.json(Map.of()), null))
          .isInstanceOf(WorkflowNotFoundException.class);
    }
  }

  @Test
  void anotherInstancesApplyIsSeenWithinTheBound() {
    try (JdbcStore first = newStore();
        JdbcStore second = TestStores.sameDatabase(first);
        EngineHarness a = new EngineHarness(first, work);
        EngineHarness b = new EngineHarness(second, work)) {
      a.submit(V1, Map.of());
      assertThat(b.engine.submit("latest", EngineHarness.json(Map.of()), null).workflowVersion())
          .isEqualTo(1);
      a.engine.register(V2, "latest.yaml");
      await()
          .atMost(Duration.ofSeconds(3))
          .until(
              () ->
                  b.engine.submit("latest", EngineHarness.json(Map.of()), null).workflowVersion()
                      == 2);
      a.engine.delete("latest");
      await()
          .atMost(Duration.ofSeconds(3))
          .untilAsserted(
              () ->
                  assertThatThrownBy(
                          () -> b.engine.submit("latest", EngineHarness.json(Map.of()), null))
                      .isInstanceOf(WorkflowNotFoundException.class));
    }
  }
}
