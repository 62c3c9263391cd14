package dev.dagflow.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MapScenarioTest {

  @Test
  void runsEveryItemOfTheMapAndReportsItemsPerSecond() {
    EngineSettings settings = new EngineSettings(10, 16, 4, Duration.ofMillis(20));
    try (BenchStore db = BenchStore.open(BenchStore.Kind.H2_MEM, null, 4)) {
      String line = MapScenario.run(50, db, settings, Duration.ofSeconds(60));

      assertThat(line)
          .startsWith("map 50 items")
          .contains("h2-mem", " success in ", "items/s", "(50 of 50 items succeeded)");
    }
  }
}
