package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {
  private static final Pattern UUID_PATTERN =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private ServerFixture api;
  private Scrape before;
  private Scrape after;

  @BeforeAll
  void runWorkflowsThroughTheApi() {
    api = ServerFixture.h2();
    api.register(
        """
        id: m_flow
        nodes:
          - id: design
            type: mock
            config:
              quality_score: 0.8
              artifacts: [{type: doc, name: d.md, size_bytes: 2048}]
          - id: build
            type: mock
            depends_on: [design]
        """);
    api.register(
        """
        id: m_flaky
        nodes:
          - id: shaky
            type: mock
            retry: {max_attempts: 2, delay: 10ms}
            config: {fail_attempts: 1}
          - id: doomed
            type: mock
            depends_on: [shaky]
            config: {fail: broken}
          - id: never
            type: noop
            depends_on: [doomed]
        """);
    before = Scrape.parse(api.scrape());
    for (int i = 0; i < 2; i++) {
      assertThat(api.post("/workflow/m_flow/execute?timeout=20s", "{}").statusCode())
          .isEqualTo(200);
    }
    assertThat(api.post("/workflow/m_flaky/execute?timeout=20s", "{}").statusCode()).isEqualTo(200);
    api.get("/no/such/route");
    api.post("/workflows/ghost_flow/runs", "{}");
    after = Scrape.parse(api.scrape());
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void registeredWorkflowsStartWithZeroedCounters() {
    assertThat(
            before.has(
                "dag_workflow_executions_total", "workflow_name", "m_flow", "status", "failure"))
        .isTrue();
    assertThat(before.value("dag_workflow_executions_total", "workflow_name", "m_flow")).isZero();
    assertThat(before.has("dag_node_retries_total", "node_type", "mock", "phase_name", "shaky"))
        .isTrue();
  }

  @Test
  void workflowCountersAndDurationsMoveByTheRunsMade() {
    assertThat(
            after.value(
                "dag_workflow_executions_total", "workflow_name", "m_flow", "status", "success"))
        .isEqualTo(2);
    assertThat(
            after.value(
                "dag_workflow_executions_total", "workflow_name", "m_flaky", "status", "failure"))
        .isEqualTo(1);
    assertThat(
            after.value("dag_workflow_execution_duration_seconds_count", "workflow_name", "m_flow"))
        .isEqualTo(2);
    assertThat(after.value("dag_workflow_queue_wait_seconds_count", "workflow_name", "m_flow"))
        .isEqualTo(2);
  }

  @Test
  void nodeCountersRetriesAndQueueWaitsMove() {
    assertThat(
            after.value("dag_node_executions_total", "phase_name", "design", "status", "success"))
        .isEqualTo(2);
    assertThat(
            after.value("dag_node_executions_total", "phase_name", "doomed", "status", "failure"))
        .isEqualTo(1);
    assertThat(after.value("dag_node_retries_total", "phase_name", "shaky")).isEqualTo(1);
    assertThat(
            after.value("dag_node_executions_total", "phase_name", "never", "status", "cancelled"))
        .isEqualTo(1);
    assertThat(after.value("dag_node_execution_duration_seconds_count", "phase_name", "build"))
        .isEqualTo(2);
    assertThat(after.value("dag_node_queue_wait_seconds_count", "node_type", "mock"))
        .isGreaterThanOrEqualTo(6);
    assertThat(after.value("dag_active_nodes")).isZero();
  }

  @Test
  void qualityScoresAndArtifactsAreMeasured() {
    assertThat(after.value("dag_quality_score_distribution_count", "phase_name", "design"))
        .isEqualTo(2);
    assertThat(after.value("dag_quality_score_distribution_sum", "phase_name", "design"))
        .isCloseTo(1.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(after.value("dag_artifacts_generated_total", "artifact_type", "doc")).isEqualTo(2);
    assertThat(after.value("dag_artifact_size_bytes_sum", "artifact_type", "doc")).isEqualTo(4096);
  }

  @Test
  void apiRequestsAreLabelledWithRouteTemplates() {
    assertThat(
            after.value(
                "dag_api_requests_total",
                "method",
                "POST",
                "endpoint",
                "/workflow/{workflow_id}/execute",
                "status_code",
                "200"))
        .isEqualTo(3);
    assertThat(after.value("dag_api_requests_total", "endpoint", "unmatched", "status_code", "404"))
        .isEqualTo(1);
    assertThat(
            after.value(
                "dag_api_requests_total",
                "endpoint",
                "/workflows/{workflow_id}/runs",
                "status_code",
                "404"))
        .isEqualTo(1);
    assertThat(after.labelValues("dag_api_requests_total", "endpoint"))
        .allMatch(e -> e.equals("unmatched") || !e.contains("m_flow") && !e.contains("ghost"));
    assertThat(
            after.value(
                "dag_api_request_duration_seconds_count",
                "endpoint",
                "/workflow/{workflow_id}/execute"))
        .isEqualTo(3);
  }

  @Test
  void unknownWorkflowsCreateNoLabelValue() {
    assertThat(after.labelValues("dag_workflow_executions_total", "workflow_name"))
        .doesNotContain("ghost_flow");
  }

  @Test
  void noLabelCarriesARunId() {
    assertThat(after.samples())
        .allSatisfy(
            s -> assertThat(s.labels().values()).noneMatch(v -> UUID_PATTERN.matcher(v).find()));
  }

  @Test
  void openMetricsCarriesRunIdsOnlyAsExemplars() {
    HttpResponse<String> r =
        api.send(
            api.request("/metrics")
                .header("Accept", "application/openmetrics-text; version=1.0.0")
                .GET());

    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/openmetrics-text");
    assertThat(r.body()).contains("# {run_id=\"");
    assertThat(r.body().lines().filter(l -> !l.startsWith("#")).map(l -> l.split(" # ")[0]))
        .noneMatch(l -> UUID_PATTERN.matcher(l).find());
  }

  @Test
  void databaseAndGaugeMetricsComeFromTheStore() {
    assertThat(after.value("dag_database_query_duration_seconds_count", "query_type", "select"))
        .isPositive();
    assertThat(after.value("dag_database_query_duration_seconds_count", "query_type", "insert"))
        .isPositive();
    assertThat(after.value("dag_database_pool_size")).isPositive();
    assertThat(after.has("dag_active_workflows")).isTrue();
    assertThat(after.value("dag_active_workflows")).isZero();
    assertThat(after.has("dag_workflow_queue_depth")).isTrue();
    assertThat(after.value("dag_workflow_queue_depth")).isZero();
  }

  @Test
  void deletingAWorkflowRemovesItsSeries() {
    api.register("id: m_gone\nnodes:\n  - {id: a, type: noop}\n");
    assertThat(
            Scrape.parse(api.scrape())
                .labelValues("dag_workflow_executions_total", "workflow_name"))
        .contains("m_gone");

    api.delete("/workflows/m_gone");

    assertThat(
            Scrape.parse(api.scrape())
                .labelValues("dag_workflow_executions_total", "workflow_name"))
        .doesNotContain("m_gone");
  }

  @Test
  void gzipIsUsedWhenTheScraperAcceptsIt() {
    HttpResponse<byte[]> r =
        sendBytes(api.request("/metrics").header("Accept-Encoding", "gzip").GET());

    assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(r.body()[0] & 0xff).isEqualTo(0x1f);
  }

  private HttpResponse<byte[]> sendBytes(java.net.http.HttpRequest.Builder b) {
    try {
      return api.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
