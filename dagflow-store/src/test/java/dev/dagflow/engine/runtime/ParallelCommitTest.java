package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.store.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transitions of different runs commit in parallel: a transaction left open on one run (here a
 * client holding the run's row) delays no other run, and the held run goes on once it is released.
 */
abstract class ParallelCommitTest {
  private static final String FLOW =
      """
      id: two_steps
      nodes:
        - {id: first, type: mock, config: {duration: 300ms}}
        - {id: second, type: noop, depends_on: [first]}
      """;

  @TempDir Path work;

  abstract JdbcStore newStore();

  @Test
  void aTransactionHeldOpenOnOneRunDelaysNoOtherRun() throws Exception {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      RunRecord held = h.submit(FLOW, Map.of());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> h.nodes(held.runId()).get("first").status() == NodeStatus.RUNNING);

      CountDownLatch locked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> holder =
          CompletableFuture.runAsync(
              () ->
                  store.transaction(
                      tx -> {
                        tx.lockRun(held.runId());
                        locked.countDown();
                        try {
                          release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return null;
                      }));
      try {
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        // two waves, the second long after the held run's outcome began to wait for it
        for (int wave = 0; wave < 2; wave++) {
          List<RunRecord> others = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            others.add(h.submit(FLOW, Map.of()));
          }
          for (RunRecord other : others) {
            assertThat(h.engine.awaitTerminal(other.runId(), Duration.ofSeconds(15)).status())
                .isEqualTo(RunStatus.SUCCESS);
          }
        }
        // the held run's first node finished long ago, but its outcome waits for the run
        assertThat(h.nodes(held.runId()).get("second").status()).isEqualTo(NodeStatus.PENDING);
      } finally {
        release.countDown();
      }
      holder.get(10, TimeUnit.SECONDS);
      assertThat(h.await(held.runId()).status()).isEqualTo(RunStatus.SUCCESS);
    }
  }
}
