package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures durable no-op throughput: 200 runs of a 1 → 10 → 1 workflow on one engine. Not part of
 * the normal suite (it prints figures, asserts only success); run with {@code DAGFLOW_MEASURE=1 mvn
 * -pl dagflow-store -am verify -Dtest=ThroughputMeasurementTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ThroughputMeasurementTest {
  @TempDir Path work;

  @Test
  void h2InMemory() {
    measure("h2", TestStores::h2);
  }

  @Test
  void postgres() {
    measure("postgresql", TestStores::postgres);
  }

  private void measure(String label, java.util.function.Supplier<JdbcStore> stores) {
    Assumptions.assumeTrue("1".equals(System.getenv("DAGFLOW_MEASURE")), "set DAGFLOW_MEASURE=1");
    int runs = Integer.parseInt(System.getenv().getOrDefault("DAGFLOW_MEASURE_RUNS", "200"));
    String yaml = MultiEngineTest.wide("bench", 10).replace("type: count", "type: noop");
    try (JdbcStore store = stores.get();
        EngineHarness h = new EngineHarness(store, work, b -> b.maxActiveWorkflows(1000))) {
      String id = h.engine.register(yaml, "bench.yaml").id();
      // warm-up: JIT, pool, caches
      h.engine.awaitTerminal(
          h.engine.submit(id, EngineHarness.json(Map.of()), null).runId(), Duration.ofSeconds(30));
      long t0 = System.nanoTime();
      List<RunRecord> submitted = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        submitted.add(h.engine.submit(id, EngineHarness.json(Map.of()), null));
      }
      for (RunRecord r : submitted) {
        assertThat(h.engine.awaitTerminal(r.runId(), Duration.ofMinutes(2)).status())
            .isEqualTo(RunStatus.SUCCESS);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "THROUGHPUT %s: %d runs x 12 nodes in %.2fs = %.0f nodes/s, %.1f runs/s%n",
          label, runs, seconds, runs * 12 / seconds, runs / seconds);
    }
  }
}
