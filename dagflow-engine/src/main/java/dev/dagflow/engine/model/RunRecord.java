package dev.dagflow.engine.model;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A run as stored. Timestamps other than {@code queuedAt} are null until reached; {@code deadline}
 * is null without a run timeout; {@code idempotencyKey} and {@code requestHash} are null unless the
 * submitter gave a key.
 */
public record RunRecord(
    UUID runId,
    String workflowId,
    int workflowVersion,
    RunStatus status,
    JsonNode params,
    Instant queuedAt,
    Instant startedAt,
    Instant finishedAt,
    Instant deadline,
    String error,
    String idempotencyKey,
    String requestHash) {

  public RunRecord withStatus(RunStatus newStatus) {
    return new RunRecord(
        runId,
        workflowId,
        workflowVersion,
        newStatus,
        params,
        queuedAt,
        startedAt,
        finishedAt,
        deadline,
        error,
        idempotencyKey,
        requestHash);
  }

  public RunRecord started(Instant at, Instant newDeadline) {
    return new RunRecord(
        runId,
        workflowId,
        workflowVersion,
        RunStatus.RUNNING,
        params,
        queuedAt,
        at,
        finishedAt,
        newDeadline,
        error,
        idempotencyKey,
        requestHash);
  }

  public RunRecord finished(RunStatus terminal, Instant at, String reason) {
    return new RunRecord(
        runId,
        workflowId,
        workflowVersion,
        terminal,
        params,
        queuedAt,
        startedAt,
        at,
        deadline,
        reason,
        idempotencyKey,
        requestHash);
  }
}
