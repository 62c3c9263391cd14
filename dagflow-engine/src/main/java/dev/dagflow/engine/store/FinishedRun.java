package dev.dagflow.engine.store;

import java.util.UUID;

/**
 * A finished run that retention may delete: its id and workflow, all a purge needs to delete it and
 * count it.
 *
 * <pre>{@code
 * List<FinishedRun> batch = tx.lockFinishedRuns("etl", List.of(), cutoff, 100);
 * }</pre>
 */
public record FinishedRun(UUID runId, String workflowId) {}
