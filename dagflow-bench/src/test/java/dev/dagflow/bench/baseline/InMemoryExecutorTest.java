package dev.dagflow.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class InMemoryExecutorTest {

  private static InMemoryExecutor.Graph diamond() {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    deps.put("a", List.of());
    deps.put("b", List.of("a"));
    deps.put("c", List.of("a"));
    deps.put("d", List.of("b", "c"));
    return InMemoryExecutor.graph(deps);
  }

  @Test
  void runsEveryNodeAndMeasuresEachOne() {
    InMemoryExecutor.RunTimings t = new InMemoryExecutor(4).submit(diamond()).join();

    assertThat(t.scheduleLatencyNanos()).hasSize(4);
    assertThat(LongStream.of(t.scheduleLatencyNanos()).min().orElseThrow()).isNotNegative();
  }

  @Test
  void eachNodeEntersAfterItsDependenciesReturnedAndRootsAfterAdmission() {
    InMemoryExecutor.Graph graph = diamond();
    InMemoryExecutor.RunTimings t = new InMemoryExecutor(4).submit(graph).join();

    assertThat(graph.dependencies()[3]).containsExactly(1, 2);
    assertThat(t.enteredNanos()[0]).isGreaterThanOrEqualTo(t.admittedAtNanos());
    for (int node = 0; node < 4; node++) {
      assertThat(t.returnedNanos()[node]).isGreaterThanOrEqualTo(t.enteredNanos()[node]);
      for (int dep : graph.dependencies()[node]) {
        assertThat(t.enteredNanos()[node]).isGreaterThanOrEqualTo(t.returnedNanos()[dep]);
      }
    }
  }

  @Test
  void pausedAdmissionQueuesRunsUntilResumed() {
    InMemoryExecutor executor = new InMemoryExecutor(1);
    executor.pauseAdmission();

    CompletableFuture<InMemoryExecutor.RunTimings> run = executor.submit(diamond());
    await().until(() -> executor.queuedRuns() == 1);
    assertThat(run).isNotDone();

    executor.resumeAdmission();
    assertThat(run.join().scheduleLatencyNanos()).hasSize(4);
  }

  @Test
  void rejectsUnknownDependencies() {
    assertThatThrownBy(() -> InMemoryExecutor.graph(Map.of("a", List.of("missing"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing");
  }
}
