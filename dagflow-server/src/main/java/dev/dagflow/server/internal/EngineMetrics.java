package dev.dagflow.server.internal;

import dev.dagflow.engine.EventListener;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.metrics.MetricNames;
import dev.dagflow.metrics.MetricsCollector;
import io.opentelemetry.api.trace.SpanContext;
import io.prometheus.metrics.core.metrics.Gauge;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * Turns this instance's committed engine events into workflow and node metrics: executions,
 * durations (with the run id as exemplar), queue waits, retries, quality scores, artifacts and
 * contract validations, all read from the event's {@code data}. Labels come from the run's workflow
 * id and the node's type and name, never from ids of runs.
 *
 * <p>{@code dag_active_workflows} is the shared database's count, set at scrape time, so runs are
 * recorded here without touching it. {@code dag_active_nodes} is the number of attempts this
 * instance started and has not seen end; nodes skipped or cancelled before they ran are balanced so
 * they cannot drive it below zero, and it is set from {@link #activeNodes()} at scrape time.
 *
 * <pre>{@code
 * engine.addListener(new EngineMetrics(collector));
 * }</pre>
 */
public final class EngineMetrics implements EventListener {
  private final MetricsCollector metrics;
  private final Set<NodeKey> running = ConcurrentHashMap.newKeySet();
  private final Gauge activeNodes;

  private final BiFunction<UUID, String, Optional<SpanContext>> spans;

  public EngineMetrics(MetricsCollector metrics) {
    this(metrics, (runId, nodeId) -> Optional.empty());
  }

  /**
   * {@code spans} finds the span of a run ({@code nodeId} null) or node attempt while tracing is
   * on, so that duration exemplars carry {@code trace_id} and {@code span_id} beside {@code
   * run_id}.
   */
  public EngineMetrics(
      MetricsCollector metrics, BiFunction<UUID, String, Optional<SpanContext>> spans) {
    this.metrics = metrics;
    this.spans = spans;
    this.activeNodes = metrics.metrics().getGauge(MetricNames.ACTIVE_NODES);
  }

  /** Attempts running on this instance. */
  public int activeNodes() {
    return running.size();
  }

  @Override
  public void onEvent(EventRecord event, RunRecord run, NodeRecord node) {
    JsonNode data =
        event.data() == null ? tools.jackson.databind.node.MissingNode.getInstance() : event.data();
    String workflow = event.workflowId();
    String runId = event.runId().toString();
    switch (event.type()) {
      case RUN_QUEUED, RUN_RETRIED, NODE_READY -> {}
      case RUN_STARTED ->
          // dag_active_workflows is the database's count, set at scrape time: no
          // recordWorkflowStart
          seconds(data, "queue_wait_seconds", s -> metrics.recordWorkflowQueueWait(workflow, s));
      case RUN_SUCCEEDED, RUN_FAILED, RUN_CANCELLED -> {
        String status = statusOf(event);
        // dag_active_workflows is the database's count, set at scrape time
        SpanContext span = spans.apply(event.runId(), null).orElse(SpanContext.getInvalid());
        metrics.recordWorkflowResult(
            workflow,
            status,
            data.path("duration_seconds").asDouble(0),
            runId,
            traceId(span),
            spanId(span));
        forgetRun(event.runId());
      }
      case NODE_STARTED -> {
        running.add(new NodeKey(event.runId(), event.nodeId()));
        metrics.recordNodeStart(node.type(), node.name());
        seconds(data, "queue_wait_seconds", s -> metrics.recordNodeQueueWait(node.type(), s));
      }
      case NODE_RETRYING -> {
        if (running.remove(new NodeKey(event.runId(), event.nodeId()))) {
          activeNodes.dec(); // the attempt ended; the node is counted once it ends for good
        }
        recordResults(node, data);
      }
      case NODE_WAITING -> {
        // still in flight: the decision's node.succeeded or node.failed ends it
      }
      case NODE_SUCCEEDED, NODE_FAILED, NODE_SKIPPED, NODE_CANCELLED -> {
        if (!running.remove(new NodeKey(event.runId(), event.nodeId()))) {
          activeNodes.inc(); // never started here: balance recordNodeComplete's decrement
        }
        SpanContext span =
            spans.apply(event.runId(), event.nodeId()).orElse(SpanContext.getInvalid());
        metrics.recordNodeComplete(
            node.type(),
            node.name(),
            nodeStatus(event),
            data.path("duration_seconds").asDouble(0),
            data.path("retry_count").asInt(0),
            runId,
            traceId(span),
            spanId(span));
        recordResults(node, data);
      }
    }
  }

  private static String traceId(SpanContext span) {
    return span.isValid() ? span.getTraceId() : null;
  }

  private static String spanId(SpanContext span) {
    return span.isValid() ? span.getSpanId() : null;
  }

  private void recordResults(NodeRecord node, JsonNode data) {
    if (data.path("quality_score").isNumber()) {
      metrics.recordQualityScore(node.name(), data.path("quality_score").asDouble());
    }
    for (JsonNode artifact : data.path("artifacts")) {
      metrics.recordArtifact(
          artifact.path("type").asString("unknown"), artifact.path("size_bytes").asLong(0));
    }
    for (JsonNode contract : data.path("contracts")) {
      String type = contract.path("type").asString("");
      if (type.equals("input") || type.equals("output")) {
        metrics.recordContractValidation(
            type,
            contract.path("valid").asBoolean(false),
            contract.path("duration_seconds").asDouble(0));
      }
    }
  }

  /** Attempts of a finished run that this instance never saw end (another instance ended them). */
  private void forgetRun(UUID runId) {
    if (running.removeIf(k -> k.runId().equals(runId))) {
      activeNodes.set(running.size());
    }
  }

  private static String statusOf(EventRecord event) {
    return switch (event.type()) {
      case RUN_SUCCEEDED -> "success";
      case RUN_FAILED -> "failure";
      default -> "cancelled";
    };
  }

  private static String nodeStatus(EventRecord event) {
    return switch (event.type()) {
      case NODE_SUCCEEDED -> "success";
      case NODE_FAILED -> "failure";
      case NODE_SKIPPED -> "skipped";
      default -> "cancelled";
    };
  }

  private static void seconds(JsonNode data, String field, java.util.function.DoubleConsumer sink) {
    if (data.path(field).isNumber()) {
      sink.accept(data.path(field).asDouble());
    }
  }
}
