package dev.dagflow.engine.node.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.node.NodeResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockExecutorTest {
  final MockExecutor mock = new MockExecutor();

  @Test
  void failsTheFirstAttemptsThenSucceedsWithItsOutput() throws Exception {
    Map<String, Object> config = Map.of("fail_attempts", 2, "output", Map.of("ok", true));
    assertThat(mock.execute(Contexts.of("mock", config, 1, Path.of("."))))
        .isInstanceOf(NodeResult.Failure.class);
    assertThat(mock.execute(Contexts.of("mock", config, 2, Path.of("."))))
        .isInstanceOf(NodeResult.Failure.class);
    NodeResult.Success s =
        (NodeResult.Success) mock.execute(Contexts.of("mock", config, 3, Path.of(".")));
    assertThat(s.output().get("ok").asBoolean()).isTrue();
  }

  @Test
  void failWithAMessageFailsWithThatMessage() throws Exception {
    assertThat(mock.execute(Contexts.of("mock", Map.of("fail", "boom"), 1, Path.of("."))))
        .isEqualTo(new NodeResult.Failure("boom"));
  }

  @Test
  void reportsQualityScoreAndArtifactsAsConfigured() throws Exception {
    Map<String, Object> config =
        Map.of(
            "quality_score",
            0.8,
            "artifacts",
            List.of(Map.of("type", "doc", "name", "a.md", "size_bytes", 10)));
    NodeResult.Success s =
        (NodeResult.Success) mock.execute(Contexts.of("mock", config, 1, Path.of(".")));
    assertThat(s.qualityScore()).isEqualTo(0.8);
    assertThat(s.artifacts().getFirst().sizeBytes()).isEqualTo(10L);
    assertThat(s.artifacts().getFirst().name()).isEqualTo("a.md");
  }
}
