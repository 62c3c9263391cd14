package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.EventListener;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The engine's spans (docs/monitoring.md, "Tracing"), through the OpenTelemetry API only: one span
 * per run, started at submit as a child of the submitter's context and stored in the run row as a
 * W3C {@code traceparent}; one child span per node attempt, from the committed events' times. An
 * instance that works on a run it did not submit (it resumed the run after another instance died,
 * or shares its nodes) starts a span of its own for the run, linked to the stored context. A run
 * span ends when this instance commits the run's end, or when the engine stops. With the API's
 * no-op implementation every call returns at once.
 *
 * <pre>{@code
 * RunSpans spans = new RunSpans(openTelemetry);
 * String traceParent = spans.runQueued(runId, "sdlc", Instant.now()); // null when tracing is off
 * dispatcher.addListener(spans);
 * }</pre>
 */
public final class RunSpans implements EventListener {
  public static final AttributeKey<String> WORKFLOW_ID =
      AttributeKey.stringKey("dagflow.workflow.id");
  public static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("dagflow.run.id");
  public static final AttributeKey<String> NODE_ID = AttributeKey.stringKey("dagflow.node.id");
  public static final AttributeKey<String> NODE_TYPE = AttributeKey.stringKey("dagflow.node.type");
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("dagflow.node.attempt");
  public static final AttributeKey<String> STATUS = AttributeKey.stringKey("dagflow.status");
  public static final AttributeKey<Boolean> RESUMED =
      AttributeKey.booleanKey("dagflow.run.resumed");

  private static final String TRACEPARENT = "traceparent";
  private static final TextMapGetter<Map<String, String>> MAP_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final Tracer tracer;
  private final boolean enabled;
  private final Map<UUID, Span> runs = new ConcurrentHashMap<>();
  private final Map<NodeKey, Span> attempts = new ConcurrentHashMap<>();

  /**
   * The span that ended with the event being dispatched: listeners after this one (metrics) handle
   * the same event on the same thread and still find it.
   */
  private volatile Ended lastEnded;

  private record Ended(UUID runId, String nodeId, SpanContext context) {}

  public RunSpans(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("dev.dagflow.engine");
    // a span that is never ended is never exported: this only asks whether spans are recorded
    this.enabled = tracer.spanBuilder("dagflow.probe").startSpan().getSpanContext().isValid();
  }

  /** Whether spans are recorded (an SDK is installed), so callers may skip work otherwise. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Starts the span of a run being submitted, as a child of the current context (an HTTP server
   * span, or the caller's {@code traceparent}); returns its {@code traceparent} to store with the
   * run, or null when tracing is off.
   */
  public String runQueued(UUID runId, String workflowId, Instant at) {
    if (!enabled) {
      return null;
    }
    Span span =
        tracer
            .spanBuilder("run " + workflowId)
            .setSpanKind(SpanKind.INTERNAL)
            .setStartTimestamp(at)
            .setAttribute(WORKFLOW_ID, workflowId)
            .setAttribute(RUN_ID, runId.toString())
            .startSpan();
    runs.put(runId, span);
    return traceParent(span.getSpanContext());
  }

  /** The submission did not store the run (refused, or a repeat): its span ends as an error. */
  public void runNotStored(UUID runId, String reason) {
    Span span = runs.remove(runId);
    if (span != null) {
      span.setStatus(StatusCode.ERROR, reason).end();
    }
  }

  /** The span context of a node's current attempt, else of its run, on this instance. */
  public Optional<SpanContext> findSpanContext(UUID runId, String nodeId) {
    Span span = nodeId == null ? null : attempts.get(new NodeKey(runId, nodeId));
    if (span == null && nodeId == null) {
      span = runs.get(runId);
    }
    if (span != null) {
      return Optional.of(span.getSpanContext()).filter(SpanContext::isValid);
    }
    Ended ended = lastEnded;
    return ended != null && ended.runId().equals(runId) && Objects.equals(ended.nodeId(), nodeId)
        ? Optional.of(ended.context())
        : Optional.empty();
  }

  @Override
  public void onEvent(EventRecord event, RunRecord run, NodeRecord node) {
    if (!enabled) {
      return;
    }
    switch (event.type()) {
      case RUN_STARTED -> runSpan(run, event.at()).addEvent("run.started", event.at());
      case NODE_STARTED -> attemptStarted(event, run, node);
      case NODE_SUCCEEDED -> attemptEnded(event, "success", null);
      case NODE_FAILED, NODE_RETRYING -> attemptEnded(event, "failure", error(event));
      case NODE_CANCELLED -> attemptEnded(event, "cancelled", null);
      case RUN_SUCCEEDED -> runEnded(event, "success", null);
      case RUN_FAILED -> runEnded(event, "failure", error(event));
      case RUN_CANCELLED -> runEnded(event, "cancelled", null);
      case RUN_QUEUED, RUN_RETRIED, NODE_READY, NODE_SKIPPED -> {}
    }
  }

  /** Ends every span still open here (the engine stops), marking them unfinished. */
  public void close() {
    Instant now = Instant.now();
    attempts.values().forEach(s -> s.setAttribute(STATUS, "unfinished").end(now));
    attempts.clear();
    runs.values().forEach(s -> s.setAttribute(STATUS, "unfinished").end(now));
    runs.clear();
  }

  private void attemptStarted(EventRecord event, RunRecord run, NodeRecord node) {
    Span parent = runSpan(run, event.at());
    Span span =
        tracer
            .spanBuilder("node " + node.nodeId())
            .setParent(Context.root().with(parent))
            .setStartTimestamp(event.at())
            .setAttribute(WORKFLOW_ID, run.workflowId())
            .setAttribute(RUN_ID, run.runId().toString())
            .setAttribute(NODE_ID, node.nodeId())
            .setAttribute(NODE_TYPE, node.type())
            .setAttribute(ATTEMPT, (long) node.attempts())
            .startSpan();
    Span previous = attempts.put(node.key(), span);
    if (previous != null) {
      previous.setAttribute(STATUS, "unfinished").end(event.at());
    }
  }

  private void attemptEnded(EventRecord event, String status, String error) {
    Span span = attempts.remove(new NodeKey(event.runId(), event.nodeId()));
    if (span == null) {
      return; // a node cancelled before it started, or an attempt started on another instance
    }
    span.setAttribute(STATUS, status);
    if (error != null) {
      span.setStatus(StatusCode.ERROR, error);
    }
    span.end(event.at());
    lastEnded = new Ended(event.runId(), event.nodeId(), span.getSpanContext());
  }

  private void runEnded(EventRecord event, String status, String error) {
    for (Map.Entry<NodeKey, Span> e : List.copyOf(attempts.entrySet())) {
      if (e.getKey().runId().equals(event.runId()) && attempts.remove(e.getKey(), e.getValue())) {
        e.getValue().setAttribute(STATUS, "cancelled").end(event.at());
      }
    }
    Span run = runs.remove(event.runId());
    if (run == null) {
      return;
    }
    run.setAttribute(STATUS, status);
    if (error != null) {
      run.setStatus(StatusCode.ERROR, error);
    }
    run.end(event.at());
    lastEnded = new Ended(event.runId(), null, run.getSpanContext());
  }

  /** This instance's span of the run, started (linked to the stored context) if it has none. */
  private Span runSpan(RunRecord run, Instant at) {
    return runs.computeIfAbsent(
        run.runId(),
        id -> {
          var builder =
              tracer
                  .spanBuilder("run " + run.workflowId())
                  .setNoParent()
                  .setStartTimestamp(at.toEpochMilli(), TimeUnit.MILLISECONDS)
                  .setAttribute(WORKFLOW_ID, run.workflowId())
                  .setAttribute(RUN_ID, id.toString())
                  .setAttribute(RESUMED, true);
          SpanContext stored = storedContext(run.traceParent());
          if (stored.isValid()) {
            builder.addLink(stored);
          }
          return builder.startSpan();
        });
  }

  private static SpanContext storedContext(String traceParent) {
    if (traceParent == null) {
      return SpanContext.getInvalid();
    }
    Map<String, String> carrier = new HashMap<>();
    carrier.put(TRACEPARENT, traceParent);
    Context extracted =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MAP_GETTER);
    return Span.fromContext(extracted).getSpanContext();
  }

  private static String traceParent(SpanContext context) {
    Map<String, String> carrier = new HashMap<>();
    W3CTraceContextPropagator.getInstance()
        .inject(Context.root().with(Span.wrap(context)), carrier, Map::put);
    return carrier.get(TRACEPARENT);
  }

  private static String error(EventRecord event) {
    return event.data() == null || !event.data().hasNonNull("error")
        ? null
        : event.data().get("error").asString();
  }
}
