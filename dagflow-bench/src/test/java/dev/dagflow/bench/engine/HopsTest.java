package dev.dagflow.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.bench.baseline.InMemoryExecutor;
import org.junit.jupiter.api.Test;

class HopsTest {

  @Test
  void aHopIsEntryMinusTheLastDependencyReturnAndAStartIsEntryMinusAdmission() {
    // start -> a, b -> end
    InMemoryExecutor.Graph graph = InMemoryExecutor.graph(Shape.fanOut(2).dependencies());
    InMemoryExecutor.RunTimings t =
        new InMemoryExecutor.RunTimings(
            new long[4],
            new long[] {110, 200, 230, 400},
            new long[] {150, 210, 300, 410},
            100,
            500);

    Hops hops = new Hops();
    BaselineScenario.hops(graph, t, hops);

    // a: 200 - 150, b: 230 - 150, end: 400 - max(210, 300)
    assertThat(hops.hops()).isEqualTo(Latencies.of(new long[] {50, 80, 100}));
    assertThat(hops.starts()).isEqualTo(Latencies.of(new long[] {10}));
  }

  @Test
  void theBaselineReportsAHopForEveryNodeWithDependencies() {
    Measurement m = BaselineScenario.run("chain", Shape.chain(4), 5, 2);

    assertThat(m.hop().count()).isEqualTo(5 * 3);
    assertThat(m.start().count()).isEqualTo(5);
    assertThat(m.hop().p50()).isNotNegative();
  }
}
