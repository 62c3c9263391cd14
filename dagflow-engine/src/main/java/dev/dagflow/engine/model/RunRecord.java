package dev.dagflow.engine.model;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A run as stored. Timestamps other than {@code queuedAt} are null until reached; {@code deadline}
 * is null without a run timeout; {@code idempotencyKey} and {@code requestHash} are null unless the
 * submitter gave a key. {@code traceParent} is the W3C {@code traceparent} of the run's span as
 * created at submit (null when tracing is off), so an instance that resumes the run links to it.
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
    String requestHash,
    String traceParent) {

  /** A run without a stored span context. */
  public RunRecord(
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
    this(
        runId,
        workflowId,
        workflowVersion,
        status,
        params,
        queuedAt,
        startedAt,
        finishedAt,
        deadline,
        error,
        idempotencyKey,
        requestHash,
        null);
  }

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
        requestHash,
        traceParent);
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
        requestHash,
        traceParent);
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
        requestHash,
        traceParent);
  }

  /**
   * The run queued again by a retry at {@code at}: start, end, deadline and error are cleared; the
   * queue time becomes {@code at} (queue wait and retention count from the retry).
   */
  public RunRecord retried(Instant at) {
    return new RunRecord(
        runId,
        workflowId,
        workflowVersion,
        RunStatus.QUEUED,
        params,
        at,
        null,
        null,
        null,
        null,
        idempotencyKey,
        requestHash,
        traceParent);
  }
}
