package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.internal.RunSpans;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's spans, recorded by the OpenTelemetry SDK into its in-memory exporter: a run span
 * under the submitter's context, a child per node attempt with the dagflow attributes, and, on
 * PostgreSQL with two engines, a resumed run's new span linked to the stored context.
 */
class TracingTest {
  private static final String FLAKY =
      """
      id: traced
      nodes:
        - {id: build, type: noop}
        - id: test
          type: mock
          depends_on: [build]
          retry: {max_attempts: 2, delay: 10ms}
          config: {fail_attempts: 1}
      """;

  @TempDir Path work;

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .build();

  @AfterEach
  void closeSdk() {
    sdk.close();
  }

  @Test
  void aRunSpanUnderTheSubmittersContextWithAChildPerAttempt() {
    SpanContext caller =
        SpanContext.createFromRemoteParent(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    try (JdbcStore store = TestStores.h2();
        EngineHarness h = new EngineHarness(store, work, b -> b.openTelemetry(sdk))) {
      String id = h.engine.register(FLAKY, "traced.yaml").id();
      RunRecord run;
      try (Scope ignored = Span.wrap(caller).makeCurrent()) {
        run = h.engine.submit(id, EngineHarness.json(Map.of()), null);
      }
      assertThat(h.await(run.runId()).status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(run.traceParent()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");

      await().until(() -> exporter.getFinishedSpanItems().size() == 4);
      List<SpanData> spans = exporter.getFinishedSpanItems();
      SpanData runSpan = only(spans, "run traced");
      assertThat(runSpan.getParentSpanContext()).isEqualTo(caller);
      assertThat(run.traceParent()).contains(runSpan.getSpanId());
      assertThat(runSpan.getAttributes().get(RunSpans.RUN_ID)).isEqualTo(run.runId().toString());
      assertThat(runSpan.getAttributes().get(RunSpans.STATUS)).isEqualTo("success");

      List<SpanData> attempts =
          spans.stream().filter(s -> s.getName().startsWith("node ")).toList();
      assertThat(attempts)
          .allSatisfy(
              s -> {
                assertThat(s.getParentSpanId()).isEqualTo(runSpan.getSpanId());
                assertThat(s.getTraceId()).isEqualTo(caller.getTraceId());
                assertThat(s.getAttributes().get(RunSpans.WORKFLOW_ID)).isEqualTo("traced");
                assertThat(s.getAttributes().get(RunSpans.RUN_ID))
                    .isEqualTo(run.runId().toString());
              })
          .extracting(
              s ->
                  s.getAttributes().get(RunSpans.NODE_ID)
                      + "#"
                      + s.getAttributes().get(RunSpans.ATTEMPT)
                      + " "
                      + s.getAttributes().get(RunSpans.STATUS)
                      + " "
                      + s.getStatus().getStatusCode())
          .containsExactlyInAnyOrder(
              "build#1 success UNSET", "test#1 failure ERROR", "test#2 success UNSET");
      SpanData failed =
          attempts.stream()
              .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
              .findFirst()
              .orElseThrow();
      assertThat(failed.getStatus().getDescription()).isNotBlank();
      assertThat(failed.getEndEpochNanos()).isGreaterThanOrEqualTo(failed.getStartEpochNanos());
    }
  }

  @Test
  void withoutAnSdkNothingIsStoredOrRecorded() {
    try (JdbcStore store = TestStores.h2();
        EngineHarness h = new EngineHarness(store, work)) {
      RunRecord run = h.submit(FLAKY, Map.of());
      h.await(run.runId());

      assertThat(store.read(tx -> tx.findRun(run.runId())).orElseThrow().traceParent()).isNull();
      assertThat(h.engine.findSpanContext(run.runId(), null)).isEmpty();
    }
  }

  @Test
  void aRunResumedOnAnotherInstanceStartsANewSpanLinkedToTheStoredContext() {
    Map<NodeKey, AtomicInteger> counts = new ConcurrentHashMap<>();
    InMemorySpanExporter survivorExporter = InMemorySpanExporter.create();
    try (JdbcStore first = TestStores.postgres();
        JdbcStore second = TestStores.sameDatabase(first);
        OpenTelemetrySdk survivorSdk =
            OpenTelemetrySdk.builder()
                .setTracerProvider(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(survivorExporter))
                        .build())
                .build()) {
      EngineHarness dying =
          new EngineHarness(
              first,
              work,
              b ->
                  b.openTelemetry(sdk)
                      .executor(new MultiEngineTest.Counting(counts, () -> Duration.ofSeconds(30)))
                      .leaseDuration(Duration.ofSeconds(1))
                      .heartbeatInterval(Duration.ofMillis(200)));
      String id =
          dying
              .engine
              .register(
                  "id: resumed\nnodes:\n  - {id: slow, type: count, retry: {max_attempts: 3,"
                      + " delay: 10ms}}\n",
                  "resumed.yaml")
              .id();
      RunRecord run = dying.engine.submit(id, EngineHarness.json(Map.of()), null);
      await().atMost(Duration.ofSeconds(10)).until(() -> counts.size() == 1);
      dying.engine.halt();

      try (EngineHarness survivor =
          new EngineHarness(
              second,
              work,
              b ->
                  b.openTelemetry(survivorSdk)
                      .executor(new MultiEngineTest.Counting(counts, () -> Duration.ZERO)))) {
        assertThat(survivor.await(run.runId()).status()).isEqualTo(RunStatus.SUCCESS);
      }

      await().until(() -> survivorExporter.getFinishedSpanItems().size() == 2);
      SpanData resumed = only(survivorExporter.getFinishedSpanItems(), "run resumed");
      String stored = second.read(tx -> tx.findRun(run.runId())).orElseThrow().traceParent();
      assertThat(stored).isEqualTo(run.traceParent()).isNotNull();
      assertThat(resumed.getLinks()).hasSize(1);
      SpanContext link = resumed.getLinks().get(0).getSpanContext();
      assertThat(stored).startsWith("00-" + link.getTraceId() + "-" + link.getSpanId() + "-");
      assertThat(resumed.getParentSpanContext().isValid()).isFalse();
      assertThat(resumed.getAttributes().get(RunSpans.RESUMED)).isTrue();
      assertThat(resumed.getAttributes().get(RunSpans.STATUS)).isEqualTo("success");
      SpanData attempt = only(survivorExporter.getFinishedSpanItems(), "node slow");
      assertThat(attempt.getParentSpanId()).isEqualTo(resumed.getSpanId());
      assertThat(attempt.getAttributes().get(RunSpans.ATTEMPT)).isEqualTo(2L);
    }
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as(name + " in " + spans).hasSize(1);
    return named.get(0);
  }
}
