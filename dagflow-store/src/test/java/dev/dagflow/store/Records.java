package dev.dagflow.store;

import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NewEvent;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test data for the store contract tests. */
final class Records {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");

  private Records() {}

  static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  static RunRecord run(String workflowId, Instant queuedAt) {
    return new RunRecord(
        UUID.randomUUID(),
        workflowId,
        1,
        RunStatus.QUEUED,
        json("{\"n\": 1}"),
        queuedAt,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static RunRecord run(String workflowId, Instant queuedAt, String idempotencyKey) {
    RunRecord r = run(workflowId, queuedAt);
    return new RunRecord(
        r.runId(),
        r.workflowId(),
        r.workflowVersion(),
        r.status(),
        r.params(),
        r.queuedAt(),
        null,
        null,
        null,
        null,
        idempotencyKey,
        "hash-" + idempotencyKey);
  }

  static NodeRecord node(UUID runId, String nodeId, NodeStatus status) {
    return NodeRecord.pending(runId, nodeId, "noop", nodeId).toBuilder()
        .status(status)
        .readyAt(status == NodeStatus.PENDING ? null : T0)
        .build();
  }

  static NewEvent event(RunRecord run, EventType type, String nodeId) {
    return new NewEvent(
        type, run.runId(), run.workflowId(), nodeId, Instant.now(), json("{\"attempt\": 1}"));
  }

  static Instant at(long seconds) {
    return T0.plus(seconds, ChronoUnit.SECONDS);
  }
}
