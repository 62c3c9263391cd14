package dev.dagflow.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurableScenarioTest {

  @Test
  void measuresHopsAndStartsThroughTheProbeAndLeavesTheWarmUpOut() {
    EngineSettings settings = new EngineSettings(10, 16, 4, Duration.ofMillis(20));
    try (BenchStore db = BenchStore.open(BenchStore.Kind.H2_MEM, null, 4)) {
      Measurement m =
          DurableScenario.run(
              "chain",
              Shape.chain(3),
              4,
              db,
              settings,
              Duration.ofSeconds(60),
              new WarmUp.Plan(Shape.fanOut(2), 3, Duration.ZERO));

      assertThat(m.failedRuns()).isZero();
      assertThat(m.nodes()).isEqualTo(12);
      // every node with dependencies of the 4 measured runs, none of the warm-up's
      assertThat(m.hop().count()).isEqualTo(4 * 2);
      assertThat(m.start().count()).isEqualTo(4);
      assertThat(m.hop().p50()).isPositive();
      assertThat(m.start().p50()).isPositive();
      assertThat(m.schedule().count()).isEqualTo(12);
      assertThat(m.pgCpuNanos()).isEmpty();
      assertThat(m.note()).contains("warm-up 1 x 3 runs").doesNotContain("not reach the probe");
    }
  }
}
