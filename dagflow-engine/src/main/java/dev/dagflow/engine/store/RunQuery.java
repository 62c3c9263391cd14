package dev.dagflow.engine.store;

import dev.dagflow.engine.model.RunStatus;
import java.time.Instant;

/**
 * Filters for listing runs; null fields do not filter.
 *
 * <pre>{@code
 * new RunQuery("etl", RunStatus.FAILURE, 50, null)
 *     .withQueued(Instant.parse("2026-12-01T00:00:00Z"), null)
 *     .withTrigger("schedule");
 * }</pre>
 *
 * @param queuedSince runs queued at or after this instant
 * @param queuedUntil runs queued before this instant
 * @param trigger the trigger type: {@code api}, {@code cli}, {@code schedule} or {@code parent}
 */
public record RunQuery(
    String workflowId,
    RunStatus status,
    int limit,
    String cursor,
    Instant queuedSince,
    Instant queuedUntil,
    String trigger) {

  /** Trigger types a run can carry. */
  public static final java.util.List<String> TRIGGERS =
      java.util.List.of("api", "cli", "schedule", "parent");

  public RunQuery {
    if (trigger != null && !TRIGGERS.contains(trigger)) {
      throw new IllegalArgumentException("unknown trigger type " + trigger);
    }
  }

  public RunQuery(String workflowId, RunStatus status, int limit, String cursor) {
    this(workflowId, status, limit, cursor, null, null, null);
  }

  public RunQuery withQueued(Instant since, Instant until) {
    return new RunQuery(workflowId, status, limit, cursor, since, until, trigger);
  }

  public RunQuery withTrigger(String type) {
    return new RunQuery(workflowId, status, limit, cursor, queuedSince, queuedUntil, type);
  }
}
