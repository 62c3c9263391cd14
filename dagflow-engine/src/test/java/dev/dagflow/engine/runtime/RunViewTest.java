package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.model.Artifact;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

class RunViewTest {
  @Test
  void serialisesWithTheSnakeCaseFieldsOfTheDesign() {
    UUID id = UUID.randomUUID();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    RunRecord run =
        new RunRecord(
            id,
            "sdlc",
            2,
            RunStatus.SUCCESS,
            JsonNodeFactory.instance.objectNode(),
            t0,
            t0.plusSeconds(1),
            t0.plusMillis(2250),
            null,
            null,
            null,
            null);
    NodeRecord node =
        NodeRecord.pending(id, "design", "shell", "design").toBuilder()
            .status(NodeStatus.SUCCESS)
            .attempts(1)
            .startedAt(t0.plusSeconds(1))
            .finishedAt(t0.plusSeconds(2))
            .output(JsonNodeFactory.instance.objectNode().put("k", 1))
            .qualityScore(0.9)
            .artifacts(List.of(new Artifact("doc", "design.md", 2048, "file:///x/design.md")))
            .build();
    JsonNode json = JsonMapper.shared().valueToTree(RunView.of(run, List.of(node)));
    assertThat(json.propertyNames())
        .containsExactly(
            "run_id",
            "workflow_id",
            "workflow_version",
            "status",
            "params",
            "queued_at",
            "started_at",
            "finished_at",
            "duration_seconds",
            "error",
            "nodes");
    assertThat(json.get("status").asString()).isEqualTo("success");
    assertThat(json.get("duration_seconds").asDouble()).isEqualTo(1.25);
    assertThat(json.get("error").isNull()).isTrue();
    JsonNode n = json.get("nodes").get(0);
    assertThat(n.get("id").asString()).isEqualTo("design");
    assertThat(n.get("quality_score").asDouble()).isEqualTo(0.9);
    assertThat(n.get("artifacts").get(0).get("size_bytes").asLong()).isEqualTo(2048);
    assertThat(n.get("started_at").asString()).isEqualTo("2026-01-01T00:00:01Z");
  }
}
