package dev.dagflow.engine;

/**
 * Told when this instance deleted finished runs, by retention or by request, after the deletion
 * committed: the metrics layer counts them ({@code dag_runs_purged_total{workflow_name}}).
 *
 * <pre>{@code
 * engine.addPurgeListener((workflowId, runs) -> log.info("purged {} runs of {}", runs, workflowId));
 * }</pre>
 */
@FunctionalInterface
public interface PurgeListener {
  void onPurged(String workflowId, int runs);
}
