package dev.dagflow.bench.tracing;

import dev.dagflow.engine.EventListener;
import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.internal.RunSpans;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What tracing costs the engine per run of one node: submit ({@code runQueued}) and the five events
 * a one-node run dispatches, handed to {@link RunSpans}. {@code baseline} hands them to a listener
 * that does nothing; {@code noop} to RunSpans over the API's no-op (tracing off, the default);
 * {@code sdk} to RunSpans over the SDK with an exporter that drops spans (tracing on).
 *
 * <pre>{@code
 * java -jar dagflow-bench/target/dagflow-bench.jar TracingOverheadBenchmark -f 1 -wi 2 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracingOverheadBenchmark {
  private final EventListener nothing = (event, run, node) -> {};
  private RunSpans noop;
  private RunSpans sdk;
  private OpenTelemetrySdk openTelemetrySdk;
  private RunRecord run;
  private NodeRecord node;
  private EventRecord[] events;

  @Setup
  public void setUp() {
    noop = new RunSpans(OpenTelemetry.noop());
    openTelemetrySdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite()))
                    .build())
            .build();
    sdk = new RunSpans(openTelemetrySdk);
    UUID runId = UUID.randomUUID();
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    run =
        new RunRecord(
            runId,
            "bench",
            1,
            RunStatus.RUNNING,
            JsonNodeFactory.instance.objectNode(),
            at,
            at,
            null,
            null,
            null,
            null,
            null);
    node =
        NodeRecord.pending(runId, "only", "noop", "only").toBuilder()
            .status(NodeStatus.RUNNING)
            .attempts(1)
            .build();
    var data = JsonNodeFactory.instance.objectNode();
    events =
        new EventRecord[] {
          new EventRecord(
              1, EventCursor.START, EventType.RUN_STARTED, runId, "bench", null, at, data),
          new EventRecord(
              2, EventCursor.START, EventType.NODE_READY, runId, "bench", "only", at, data),
          new EventRecord(
              3, EventCursor.START, EventType.NODE_STARTED, runId, "bench", "only", at, data),
          new EventRecord(
              4, EventCursor.START, EventType.NODE_SUCCEEDED, runId, "bench", "only", at, data),
          new EventRecord(
              5, EventCursor.START, EventType.RUN_SUCCEEDED, runId, "bench", null, at, data)
        };
  }

  @TearDown
  public void tearDown() {
    openTelemetrySdk.close();
  }

  @Benchmark
  public void baseline(Blackhole bh) {
    bh.consume(run.runId());
    for (EventRecord e : events) {
      nothing.onEvent(e, run, node);
    }
  }

  @Benchmark
  public void noop(Blackhole bh) {
    bh.consume(noop.runQueued(run.runId(), "bench", run.queuedAt()));
    for (EventRecord e : events) {
      noop.onEvent(e, run, node);
    }
  }

  @Benchmark
  public void sdk(Blackhole bh) {
    bh.consume(sdk.runQueued(run.runId(), "bench", run.queuedAt()));
    for (EventRecord e : events) {
      sdk.onEvent(e, run, node);
    }
  }
}
