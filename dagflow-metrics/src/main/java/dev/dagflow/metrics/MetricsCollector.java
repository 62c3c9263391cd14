package dev.dagflow.metrics;

import static dev.dagflow.metrics.MetricNames.*;

import dev.dagflow.metrics.internal.Child;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.ObjDoubleConsumer;
import java.util.function.Predicate;

/**
 * The seed's {@code MetricsCollector} calls in Java form, plus what docs/metrics.md adds.
 * Thread-safe; a recording call does no string building and creates no map (label children are
 * cached).
 *
 * <pre>{@code
 * MetricsCollector metrics = new MetricsCollector(DagMetrics.builder().registry(registry).build());
 * long start = System.nanoTime();
 * metrics.recordWorkflowStart("my_workflow");
 * try {
 *   Result result = executeWorkflow();
 *   metrics.recordWorkflowComplete("my_workflow", "success", (System.nanoTime() - start) / 1e9);
 * } catch (Exception e) {
 *   metrics.recordWorkflowComplete("my_workflow", "failure", (System.nanoTime() - start) / 1e9);
 * }
 * metrics.recordNodeStart("phase", "testing");
 * metrics.recordNodeComplete("phase", "testing", "success", 45.2, 1);
 * metrics.recordQualityScore("backend_development", 0.92);
 * metrics.recordArtifact("source_code", 1048576);
 * metrics.updateHealthStatus("database", true);
 * }</pre>
 */
public final class MetricsCollector {

  private static final String[] STATUS_CODES = new String[600];

  static {
    for (int code = 100; code < STATUS_CODES.length; code++) {
      STATUS_CODES[code] = Integer.toString(code);
    }
  }

  private final DagMetrics metrics;
  private final WorkflowSeries workflows;

  public MetricsCollector(DagMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.workflows = new WorkflowSeries(metrics);
  }

  /** The metrics this collector records into. */
  public DagMetrics metrics() {
    return metrics;
  }

  // --- workflows -------------------------------------------------------------------------------

  /** A workflow run started: {@code dag_active_workflows} + 1. */
  public void recordWorkflowStart(String workflowName) {
    metrics.activeWorkflows.inc();
  }

  /** A run ended with {@code status} (success, failure, cancelled) after {@code seconds}. */
  public void recordWorkflowComplete(String workflowName, String status, double seconds) {
    recordWorkflowComplete(workflowName, status, seconds, null);
  }

  /**
   * As {@link #recordWorkflowComplete(String, String, double)}, attaching {@code runId} (when not
   * null) as the {@code run_id} exemplar of the duration observation.
   */
  public void recordWorkflowComplete(
      String workflowName, String status, double seconds, String runId) {
    recordWorkflowResult(workflowName, status, seconds, runId);
    metrics.activeWorkflows.dec();
  }

  /**
   * Counts a finished run and observes its duration without touching {@code dag_active_workflows}:
   * for a server that sets that gauge from the shared database instead.
   */
  public void recordWorkflowResult(
      String workflowName, String status, double seconds, String runId) {
    recordWorkflowResult(workflowName, status, seconds, runId, null, null);
  }

  /**
   * As {@link #recordWorkflowResult(String, String, double, String)}; with {@code traceId} and
   * {@code spanId} (the run's span, when tracing is on) the exemplar carries them beside {@code
   * run_id}.
   */
  public void recordWorkflowResult(
      String workflowName,
      String status,
      double seconds,
      String runId,
      String traceId,
      String spanId) {
    metrics.workflowExecutions.labelValues(workflowName, status).inc();
    observe(metrics.workflowDuration.child(workflowName), seconds, runId, traceId, spanId);
  }

  /** Time a run waited from queued to started. */
  public void recordWorkflowQueueWait(String workflowName, double seconds) {
    metrics.workflowQueueWait.labelValues(workflowName).observe(seconds);
  }

  /** Sets {@code dag_active_workflows} (the shared database's count of running runs). */
  public void setActiveWorkflows(long count) {
    metrics.activeWorkflows.set(count);
  }

  /** Sets {@code dag_workflow_queue_depth} (runs waiting for admission). */
  public void setQueueDepth(long count) {
    metrics.workflowQueueDepth.set(count);
  }

  /** Finished runs of a workflow deleted (by retention or {@code DELETE /runs/{run_id}}). */
  public void recordRunsPurged(String workflowName, long runs) {
    metrics.runsPurged.labelValues(workflowName).inc(runs);
  }

  /**
   * The engine failed a run because a stored row of it could not be decoded: {@code
   * dag_engine_errors_total{kind}} + 1. {@code kind} is one of {@link
   * MetricNames#ENGINE_ERROR_KINDS}.
   */
  public void recordEngineError(String kind) {
    if (!List.of(ENGINE_ERROR_KINDS).contains(kind)) {
      throw new IllegalArgumentException("not an engine error kind: " + kind);
    }
    metrics.engineErrors.labelValues(kind).inc();
  }

  /** Sets {@code dag_runs_stored} (the shared database's count of every run). */
  public void setRunsStored(long count) {
    metrics.runsStored.set(count);
  }

  // --- nodes -----------------------------------------------------------------------------------

  /** A node attempt started: {@code dag_active_nodes} + 1. */
  public void recordNodeStart(String nodeType, String phaseName) {
    metrics.activeNodes.inc();
  }

  /** As {@link #recordNodeComplete(String, String, String, double, int, String)} without run id. */
  public void recordNodeComplete(
      String nodeType, String phaseName, String status, double seconds, int retryCount) {
    recordNodeComplete(nodeType, phaseName, status, seconds, retryCount, null);
  }

  /**
   * A node ended with {@code status} (success, failure, skipped, cancelled) after {@code seconds}.
   * As in the seed, {@code dag_node_retries_total} grows by {@code retryCount} (the retries this
   * node needed), so call it once per node, not once per attempt; {@code dag_active_nodes} - 1.
   */
  public void recordNodeComplete(
      String nodeType,
      String phaseName,
      String status,
      double seconds,
      int retryCount,
      String runId) {
    recordNodeComplete(nodeType, phaseName, status, seconds, retryCount, runId, null, null);
  }

  /**
   * As {@link #recordNodeComplete(String, String, String, double, int, String)}, with the node
   * attempt's {@code traceId} and {@code spanId} in the exemplar when they are not null.
   */
  public void recordNodeComplete(
      String nodeType,
      String phaseName,
      String status,
      double seconds,
      int retryCount,
      String runId,
      String traceId,
      String spanId) {
    metrics.nodeExecutions.labelValues(nodeType, phaseName, status).inc();
    observe(metrics.nodeDuration.child(nodeType, phaseName), seconds, runId, traceId, spanId);
    if (retryCount > 0) {
      metrics.nodeRetries.labelValues(nodeType, phaseName).inc(retryCount);
    }
    metrics.activeNodes.dec();
  }

  /** Time a node waited from ready to running. */
  public void recordNodeQueueWait(String nodeType, double seconds) {
    metrics.nodeQueueWait.labelValues(nodeType).observe(seconds);
  }

  // --- system ----------------------------------------------------------------------------------

  /** One API request; {@code endpoint} is the route template, never the request path. */
  public void recordApiRequest(String method, String endpoint, int statusCode, double seconds) {
    String code =
        statusCode >= 100 && statusCode < STATUS_CODES.length
            ? STATUS_CODES[statusCode]
            : Integer.toString(statusCode);
    metrics.apiRequests.labelValues(method, endpoint, code).inc();
    metrics.apiRequestDuration.labelValues(method, endpoint).observe(seconds);
  }

  /** One database query of {@code queryType} (select, insert, update, delete). */
  public void recordDatabaseQuery(String queryType, double seconds) {
    metrics.databaseQueryDuration.labelValues(queryType).observe(seconds);
  }

  /** One context store {@code operation} (save, load, delete). */
  public void recordContextStoreOperation(String operation, boolean success) {
    metrics.contextStoreOperations.labelValues(operation, success ? SUCCESS : FAILURE).inc();
  }

  /** One contract validation of {@code contractType} (input, output). */
  public void recordContractValidation(String contractType, boolean valid, double seconds) {
    metrics.contractValidations.labelValues(contractType, valid ? VALID : INVALID).inc();
    metrics.contractValidationDuration.labelValues(contractType).observe(seconds);
  }

  /** A quality score (0 to 1) reported by a phase. */
  public void recordQualityScore(String phaseName, double score) {
    metrics.qualityScore.labelValues(phaseName).observe(score);
  }

  /** An artifact of {@code artifactType} and size was generated. */
  public void recordArtifact(String artifactType, long sizeBytes) {
    metrics.artifactsGenerated.labelValues(artifactType).inc();
    metrics.artifactSize.labelValues(artifactType).observe(sizeBytes);
  }

  /** Sets {@code dag_health_check_status{check_type}} to 1 (healthy) or 0. */
  public void updateHealthStatus(String checkType, boolean healthy) {
    metrics.healthCheckStatus.labelValues(checkType).set(healthy ? 1 : 0);
  }

  /**
   * Reports process memory and CPU, as the seed's psutil call did. Ignored when a {@link
   * ResourceSampler} measures them at scrape time.
   */
  public void updateSystemResources(long memoryBytes, double cpuPercent) {
    metrics.reportResources(memoryBytes, cpuPercent);
  }

  /** Sets the active connection count and the pool's maximum size. */
  public void updateDatabaseMetrics(int activeConnections, int poolSize) {
    metrics.databaseConnections.set(activeConnections);
    metrics.databasePoolSize.set(poolSize);
  }

  /** A WebSocket connection opened. */
  public void websocketConnected() {
    metrics.websocketConnections.inc();
  }

  /** A WebSocket connection closed. */
  public void websocketDisconnected() {
    metrics.websocketConnections.dec();
  }

  // --- workflow lifecycle ----------------------------------------------------------------------

  /**
   * Creates, at 0, the labelled counters of a registered workflow and its nodes (every status, plus
   * retries), so the first failure shows in {@code rate()}. Re-registering replaces the node list.
   */
  public void registerWorkflow(String workflowName, Collection<NodeLabels> nodes) {
    workflows.register(workflowName, nodes);
  }

  /**
   * Removes a deleted workflow's series: its workflow series, and the node series of its nodes that
   * no other registered workflow shares.
   */
  public void removeWorkflow(String workflowName) {
    workflows.remove(workflowName);
  }

  // --- wrappers (the seed's decorators) --------------------------------------------------------

  /**
   * Runs {@code work} as one execution of workflow {@code workflowName}: start, duration and status
   * (success; cancelled on {@link CancellationException}; failure on any other exception, which is
   * rethrown).
   */
  public <T> T trackWorkflowExecution(String workflowName, Callable<T> work) throws Exception {
    return trackWorkflowExecution(workflowName, work, result -> true);
  }

  /** As {@link #trackWorkflowExecution(String, Callable)}; {@code succeeded} judges the result. */
  public <T> T trackWorkflowExecution(
      String workflowName, Callable<T> work, Predicate<? super T> succeeded) throws Exception {
    recordWorkflowStart(workflowName);
    return track(
        work,
        succeeded,
        (status, seconds) -> recordWorkflowComplete(workflowName, status, seconds));
  }

  /** Runs {@code work} as one execution of a node, like {@link #trackWorkflowExecution}. */
  public <T> T trackNodeExecution(String nodeType, String phaseName, Callable<T> work)
      throws Exception {
    return trackNodeExecution(nodeType, phaseName, work, result -> true);
  }

  /** As {@link #trackNodeExecution(String, String, Callable)}; {@code succeeded} judges it. */
  public <T> T trackNodeExecution(
      String nodeType, String phaseName, Callable<T> work, Predicate<? super T> succeeded)
      throws Exception {
    recordNodeStart(nodeType, phaseName);
    return track(
        work,
        succeeded,
        (status, seconds) -> recordNodeComplete(nodeType, phaseName, status, seconds, 0));
  }

  /**
   * Runs {@code work} and reports its status (success, failure from the result or an exception,
   * cancelled) and duration to {@code complete}; the exception is rethrown.
   */
  private static <T> T track(
      Callable<T> work, Predicate<? super T> succeeded, ObjDoubleConsumer<String> complete)
      throws Exception {
    long start = System.nanoTime();
    String status = FAILURE;
    try {
      T result = work.call();
      status = succeeded.test(result) ? SUCCESS : FAILURE;
      return result;
    } catch (CancellationException cancelled) {
      status = CANCELLED;
      throw cancelled;
    } finally {
      complete.accept(status, secondsSince(start));
    }
  }

  private static void observe(
      Child<DistributionDataPoint> child,
      double seconds,
      String runId,
      String traceId,
      String spanId) {
    if (runId != null && child.exemplarDue(System.nanoTime(), Child.EXEMPLAR_INTERVAL_NANOS)) {
      // run_id + trace_id + span_id with their values: 105 characters, within OpenMetrics' 128
      child
          .point()
          .observeWithExemplar(
              seconds,
              traceId == null || spanId == null
                  ? Labels.of(RUN_ID, runId)
                  : Labels.of(RUN_ID, runId, TRACE_ID, traceId, SPAN_ID, spanId));
    } else {
      child.point().observe(seconds);
    }
  }

  private static final String TRACE_ID = "trace_id";
  private static final String SPAN_ID = "span_id";

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
