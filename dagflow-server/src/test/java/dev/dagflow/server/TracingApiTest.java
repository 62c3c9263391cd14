package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP server spans, a submit's {@code traceparent} continued into the run's spans, and trace
 * exemplars on the duration histograms, recorded by the SDK's in-memory exporter.
 */
class TracingApiTest {
  private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  private ServerFixture api;

  @BeforeEach
  void start() {
    api = ServerFixture.on(false, e -> e.openTelemetry(sdk), s -> s.openTelemetry(sdk));
  }

  @AfterEach
  void stop() {
    api.close();
    sdk.close();
  }

  @Test
  void aSubmitWithTraceparentContinuesTheCallersTraceIntoTheRun() {
    api.post("/workflows", ServerFixture.NOOP_FLOW);

    HttpResponse<String> submitted =
        api.post(
            "/workflows/noop_flow/runs",
            "{}",
            "Content-Type",
            "application/json",
            "traceparent",
            "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01");
    assertThat(submitted.statusCode()).isEqualTo(202);
    String runId = ServerFixture.json(submitted).path("run_id").asString();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> spans().stream().anyMatch(s -> s.getName().equals("run noop_flow")));
    SpanData server = only("POST /workflows/{workflow_id}/runs");
    assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(server.getTraceId()).isEqualTo(CALLER_TRACE);
    assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(server.getAttributes().asMap().toString())
        .contains("http.route=/workflows/{workflow_id}/runs", "http.response.status_code=202");
    SpanData run = only("run noop_flow");
    assertThat(run.getTraceId()).isEqualTo(CALLER_TRACE);
    assertThat(run.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(run.getAttributes().asMap().toString()).contains(runId);
    SpanData node = only("node only");
    assertThat(node.getParentSpanId()).isEqualTo(run.getSpanId());
  }

  @Test
  void everyRequestGetsAServerSpanNamedByItsRouteTemplate() {
    api.get("/workflows/missing");
    api.get("/no/such/route");

    await().until(() -> spans().size() >= 2);
    SpanData missing = only("GET /workflows/{workflow_id}");
    assertThat(missing.getAttributes().asMap().toString())
        .contains("http.response.status_code=404", "url.path=/workflows/missing");
    assertThat(missing.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void durationExemplarsCarryTheTraceAndSpanBesideTheRunId() {
    api.post("/workflows", ServerFixture.NOOP_FLOW);
    HttpResponse<String> done = api.post("/workflow/noop_flow/execute", "{}");
    assertThat(done.statusCode()).isEqualTo(200);
    await().until(() -> spans().stream().anyMatch(s -> s.getName().equals("run noop_flow")));
    SpanData run = only("run noop_flow");
    SpanData node = only("node only");

    HttpResponse<String> metrics =
        api.send(
            api.request("/metrics")
                .header("Accept", "application/openmetrics-text; version=1.0.0")
                .GET());

    List<String> exemplars =
        metrics.body().lines().filter(l -> l.contains(" # {")).map(l -> l.split(" # ")[1]).toList();
    assertThat(exemplars)
        .anyMatch(
            e ->
                e.contains("span_id=\"" + run.getSpanId() + "\"")
                    && e.contains("trace_id=\"" + run.getTraceId() + "\"")
                    && e.contains("run_id=\""));
    assertThat(exemplars).anyMatch(e -> e.contains("span_id=\"" + node.getSpanId() + "\""));
  }

  private List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  private SpanData only(String name) {
    List<SpanData> named = spans().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as(name + " in " + spans()).hasSize(1);
    return named.get(0);
  }
}
