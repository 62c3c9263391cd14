package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.error.ConflictException;
import dev.dagflow.engine.error.RunNotFoundException;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention and run deletion through the engine, on every dialect. */
abstract class RetentionTest {
  private static final String NOOP =
      "nodes:\n  - {id: a, type: noop}\n  - {id: b, type: noop, depends_on: [a]}\n";

  @TempDir Path work;

  abstract JdbcStore newStore();

  private static boolean stored(EngineHarness h, UUID runId) {
    return h.store.read(tx -> tx.findRun(runId)).isPresent();
  }

  @Test
  void twoEnginesPurgeEveryExpiredRunExactlyOnce() {
    Map<String, AtomicInteger> purged = new ConcurrentHashMap<>();
    try (JdbcStore first = newStore();
        JdbcStore second = TestStores.sameDatabase(first);
        EngineHarness a = new EngineHarness(first, work, RetentionTest::shortRetention);
        EngineHarness b = new EngineHarness(second, work, RetentionTest::shortRetention)) {
      for (EngineHarness h : List.of(a, b)) {
        h.engine.addPurgeListener(
            (workflowId, runs) ->
                purged.computeIfAbsent(workflowId, k -> new AtomicInteger()).addAndGet(runs));
      }
      for (int i = 0; i < 30; i++) {
        a.submit("id: brief\n" + NOOP, Map.of());
      }

      // every run finishes, then goes once it is 200 ms old
      await().atMost(Duration.ofSeconds(30)).until(() -> first.read(tx -> tx.countRuns(null)) == 0);
      assertThat(purged).containsOnlyKeys("brief");
      assertThat(purged.get("brief")).hasValue(30);
    }
  }

  @Test
  void aDefinitionsRetentionOverridesTheDefault() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work, RetentionTest::shortRetention)) {
      UUID byDefault = h.run("id: by_default\n" + NOOP, Map.of()).runId();
      UUID forever = h.run("id: forever\nretention: 0\n" + NOOP, Map.of()).runId();
      UUID week = h.run("id: week\nretention: 7d\n" + NOOP, Map.of()).runId();

      await().atMost(Duration.ofSeconds(30)).until(() -> !stored(h, byDefault));
      h.engine.purgeExpired();

      assertThat(stored(h, forever)).isTrue();
      assertThat(stored(h, week)).isTrue();
    }
  }

  @Test
  void aDefinitionMayExpireRunsWhenTheDefaultKeepsThemForever() {
    try (JdbcStore store = newStore();
        EngineHarness h =
            new EngineHarness(
                store,
                work,
                b -> b.retention(Duration.ZERO).purgeInterval(Duration.ofMillis(50)))) {
      UUID kept = h.run("id: kept\n" + NOOP, Map.of()).runId();
      UUID brief = h.run("id: brief\nretention: 200ms\n" + NOOP, Map.of()).runId();

      await().atMost(Duration.ofSeconds(30)).until(() -> !stored(h, brief));
      h.engine.purgeExpired();

      assertThat(stored(h, kept)).isTrue();
      assertThat(h.eventsOf(brief)).isEmpty();
      assertThat(h.nodes(brief)).isEmpty();
    }
  }

  @Test
  void deletesOnlyFinishedRuns() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work, b -> b.retention(Duration.ZERO))) {
      RunRecord gated = h.submit("id: gated\nnodes:\n  - {id: ok, type: approval}\n", Map.of());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> "approval".equals(h.nodes(gated.runId()).get("ok").leaseOwner()));

      assertThatThrownBy(() -> h.engine.deleteRun(gated.runId()))
          .isInstanceOf(ConflictException.class)
          .hasMessage(
              "run %s is running: only a finished run can be deleted (cancel it first)",
              gated.runId());
      assertThat(stored(h, gated.runId())).isTrue();

      h.engine.cancel(gated.runId());
      RunRecord deleted = h.engine.deleteRun(gated.runId());

      assertThat(deleted.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(stored(h, gated.runId())).isFalse();
      assertThatThrownBy(() -> h.engine.deleteRun(gated.runId()))
          .isInstanceOf(RunNotFoundException.class);
    }
  }

  private static void shortRetention(DurableEngineBuilder b) {
    b.retention(Duration.ofMillis(200)).purgeInterval(Duration.ofMillis(50)).purgeBatchSize(4);
  }
}
