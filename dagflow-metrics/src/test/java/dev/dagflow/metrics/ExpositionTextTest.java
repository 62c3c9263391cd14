package dev.dagflow.metrics;

import static dev.dagflow.metrics.MetricsFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Prometheus text exposition of every metric after scripted calls, asserted line by line. */
class ExpositionTextTest {

  private MetricsFixture fixture;
  private String text;

  @BeforeEach
  void recordScriptedCalls() {
    fixture = new MetricsFixture();
    MetricsCollector c = fixture.collector;
    c.recordWorkflowStart("sdlc");
    c.recordWorkflowStart("sdlc");
    c.recordWorkflowComplete("sdlc", "success", 42.0, "run-1");
    c.recordWorkflowQueueWait("sdlc", 0.2);
    c.setQueueDepth(3);
    c.recordNodeStart("phase", "design");
    c.recordNodeStart("phase", "design");
    c.recordNodeComplete("phase", "design", "failure", 0.3, 2, "run-1");
    c.recordNodeQueueWait("phase", 0.07);
    c.updateDatabaseMetrics(4, 10);
    c.recordDatabaseQuery("select", 0.002);
    c.recordContextStoreOperation("save", true);
    c.recordContextStoreOperation("load", false);
    c.updateSystemResources(1048576, 12.5);
    c.recordApiRequest("GET", "/runs/{run_id}", 200, 0.02);
    c.websocketConnected();
    c.updateHealthStatus("database", true);
    c.updateHealthStatus("engine", false);
    c.recordQualityScore("backend_development", 0.92);
    c.recordArtifact("source_code", 2048);
    c.recordContractValidation("input", true, 0.003);
    c.recordContractValidation("output", false, 0.02);
    text = fixture.text();
  }

  @Test
  void workflowMetrics() {
    assertThat(text)
        .contains(
            lines(
                "# HELP dag_workflow_executions_total Total number of workflow executions",
                "# TYPE dag_workflow_executions_total counter",
                "dag_workflow_executions_total{status=\"success\",workflow_name=\"sdlc\"} 1.0"))
        .contains(
            lines(
                "# HELP dag_workflow_execution_duration_seconds Workflow execution duration in seconds",
                "# TYPE dag_workflow_execution_duration_seconds histogram",
                "dag_workflow_execution_duration_seconds_bucket{workflow_name=\"sdlc\",le=\"1.0\"} 0",
                "dag_workflow_execution_duration_seconds_bucket{workflow_name=\"sdlc\",le=\"5.0\"} 0",
                "dag_workflow_execution_duration_seconds_bucket{workflow_name=\"sdlc\",le=\"10.0\"} 0",
                "dag_workflow_execution_duration_seconds_bucket{workflow_name=\"sdlc\",le=\"30.0\"} 0",
                "dag_workflow_execution_duration_seconds_bucket{workflow_name=\"sdlc\",le=\"60.0\"} 1",
                "dag_workflow_execution_duration_seconds_bucket{workflow_name=\"sdlc\",le=\"120.0\"} 1",
                "dag_workflow_execution_duration_seconds_bucket{workflow_name=\"sdlc\",le=\"300.0\"} 1",
                "dag_workflow_execution_duration_seconds_bucket{workflow_name=\"sdlc\",le=\"600.0\"} 1",
                "dag_workflow_execution_duration_seconds_bucket{workflow_name=\"sdlc\",le=\"1800.0\"} 1",
                "dag_workflow_execution_duration_seconds_bucket{workflow_name=\"sdlc\",le=\"3600.0\"} 1",
                "dag_workflow_execution_duration_seconds_bucket{workflow_name=\"sdlc\",le=\"+Inf\"} 1",
                "dag_workflow_execution_duration_seconds_count{workflow_name=\"sdlc\"} 1",
                "dag_workflow_execution_duration_seconds_sum{workflow_name=\"sdlc\"} 42.0"))
        .contains(
            lines(
                "# HELP dag_active_workflows Number of currently executing workflows",
                "# TYPE dag_active_workflows gauge",
                "dag_active_workflows 1.0"))
        .contains(
            lines(
                "# HELP dag_workflow_queue_depth Number of workflows waiting to execute",
                "# TYPE dag_workflow_queue_depth gauge",
                "dag_workflow_queue_depth 3.0"))
        .contains(
            lines(
                "# TYPE dag_workflow_queue_wait_seconds histogram",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"0.01\"} 0",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"0.05\"} 0",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"0.1\"} 0",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"0.5\"} 1",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"1.0\"} 1",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"5.0\"} 1",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"10.0\"} 1",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"30.0\"} 1",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"60.0\"} 1",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"300.0\"} 1",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"600.0\"} 1",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"1800.0\"} 1",
                "dag_workflow_queue_wait_seconds_bucket{workflow_name=\"sdlc\",le=\"+Inf\"} 1",
                "dag_workflow_queue_wait_seconds_count{workflow_name=\"sdlc\"} 1",
                "dag_workflow_queue_wait_seconds_sum{workflow_name=\"sdlc\"} 0.2"));
  }

  @Test
  void nodeMetrics() {
    assertThat(text)
        .contains(
            lines(
                "# HELP dag_node_executions_total Total number of node executions",
                "# TYPE dag_node_executions_total counter",
                "dag_node_executions_total{node_type=\"phase\",phase_name=\"design\",status=\"failure\"} 1.0"))
        .contains(
            lines(
                "# HELP dag_node_execution_duration_seconds Node execution duration in seconds",
                "# TYPE dag_node_execution_duration_seconds histogram",
                "dag_node_execution_duration_seconds_bucket{node_type=\"phase\",phase_name=\"design\",le=\"0.1\"} 0",
                "dag_node_execution_duration_seconds_bucket{node_type=\"phase\",phase_name=\"design\",le=\"0.5\"} 1",
                "dag_node_execution_duration_seconds_bucket{node_type=\"phase\",phase_name=\"design\",le=\"1.0\"} 1",
                "dag_node_execution_duration_seconds_bucket{node_type=\"phase\",phase_name=\"design\",le=\"5.0\"} 1",
                "dag_node_execution_duration_seconds_bucket{node_type=\"phase\",phase_name=\"design\",le=\"10.0\"} 1",
                "dag_node_execution_duration_seconds_bucket{node_type=\"phase\",phase_name=\"design\",le=\"30.0\"} 1",
                "dag_node_execution_duration_seconds_bucket{node_type=\"phase\",phase_name=\"design\",le=\"60.0\"} 1",
                "dag_node_execution_duration_seconds_bucket{node_type=\"phase\",phase_name=\"design\",le=\"120.0\"} 1",
                "dag_node_execution_duration_seconds_bucket{node_type=\"phase\",phase_name=\"design\",le=\"300.0\"} 1",
                "dag_node_execution_duration_seconds_bucket{node_type=\"phase\",phase_name=\"design\",le=\"600.0\"} 1",
                "dag_node_execution_duration_seconds_bucket{node_type=\"phase\",phase_name=\"design\",le=\"+Inf\"} 1",
                "dag_node_execution_duration_seconds_count{node_type=\"phase\",phase_name=\"design\"} 1",
                "dag_node_execution_duration_seconds_sum{node_type=\"phase\",phase_name=\"design\"} 0.3"))
        .contains(
            lines(
                "# HELP dag_node_retries_total Total number of node retries",
                "# TYPE dag_node_retries_total counter",
                "dag_node_retries_total{node_type=\"phase\",phase_name=\"design\"} 2.0"))
        .contains(
            lines(
                "# HELP dag_active_nodes Number of currently executing nodes",
                "# TYPE dag_active_nodes gauge",
                "dag_active_nodes 1.0"))
        .contains(
            lines(
                "# TYPE dag_node_queue_wait_seconds histogram",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"0.01\"} 0",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"0.05\"} 0",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"0.1\"} 1",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"0.5\"} 1",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"1.0\"} 1",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"5.0\"} 1",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"10.0\"} 1",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"30.0\"} 1",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"60.0\"} 1",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"300.0\"} 1",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"600.0\"} 1",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"1800.0\"} 1",
                "dag_node_queue_wait_seconds_bucket{node_type=\"phase\",le=\"+Inf\"} 1",
                "dag_node_queue_wait_seconds_count{node_type=\"phase\"} 1",
                "dag_node_queue_wait_seconds_sum{node_type=\"phase\"} 0.07"));
  }

  @Test
  void systemHealthMetrics() {
    assertThat(text)
        .contains(
            lines(
                "# HELP dag_database_connections Number of active database connections",
                "# TYPE dag_database_connections gauge",
                "dag_database_connections 4.0"))
        .contains(
            lines(
                "# HELP dag_database_pool_size Maximum size of the database connection pool",
                "# TYPE dag_database_pool_size gauge",
                "dag_database_pool_size 10.0"))
        .contains(
            lines(
                "# HELP dag_database_query_duration_seconds Database query duration in seconds",
                "# TYPE dag_database_query_duration_seconds histogram",
                "dag_database_query_duration_seconds_bucket{query_type=\"select\",le=\"0.001\"} 0",
                "dag_database_query_duration_seconds_bucket{query_type=\"select\",le=\"0.005\"} 1",
                "dag_database_query_duration_seconds_bucket{query_type=\"select\",le=\"0.01\"} 1",
                "dag_database_query_duration_seconds_bucket{query_type=\"select\",le=\"0.05\"} 1",
                "dag_database_query_duration_seconds_bucket{query_type=\"select\",le=\"0.1\"} 1",
                "dag_database_query_duration_seconds_bucket{query_type=\"select\",le=\"0.5\"} 1",
                "dag_database_query_duration_seconds_bucket{query_type=\"select\",le=\"1.0\"} 1",
                "dag_database_query_duration_seconds_bucket{query_type=\"select\",le=\"5.0\"} 1",
                "dag_database_query_duration_seconds_bucket{query_type=\"select\",le=\"+Inf\"} 1",
                "dag_database_query_duration_seconds_count{query_type=\"select\"} 1",
                "dag_database_query_duration_seconds_sum{query_type=\"select\"} 0.002"))
        .contains(
            lines(
                "# HELP dag_context_store_operations_total Total number of context store operations",
                "# TYPE dag_context_store_operations_total counter",
                "dag_context_store_operations_total{operation=\"load\",status=\"failure\"} 1.0",
                "dag_context_store_operations_total{operation=\"save\",status=\"success\"} 1.0"))
        .contains(
            lines(
                "# HELP dag_memory_usage_bytes Process resident memory in bytes",
                "# TYPE dag_memory_usage_bytes gauge",
                "dag_memory_usage_bytes 1048576.0"))
        .contains(
            lines(
                "# HELP dag_cpu_usage_percent Process CPU usage in percent (100 = one core)",
                "# TYPE dag_cpu_usage_percent gauge",
                "dag_cpu_usage_percent 12.5"));
  }

  @Test
  void apiMetrics() {
    assertThat(text)
        .contains(
            lines(
                "# HELP dag_api_requests_total Total number of API requests",
                "# TYPE dag_api_requests_total counter",
                "dag_api_requests_total{endpoint=\"/runs/{run_id}\",method=\"GET\",status_code=\"200\"} 1.0"))
        .contains(
            lines(
                "# HELP dag_api_request_duration_seconds API request duration in seconds",
                "# TYPE dag_api_request_duration_seconds histogram",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"0.005\"} 0",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"0.01\"} 0",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"0.025\"} 1",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"0.05\"} 1",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"0.1\"} 1",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"0.25\"} 1",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"0.5\"} 1",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"1.0\"} 1",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"2.5\"} 1",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"5.0\"} 1",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"10.0\"} 1",
                "dag_api_request_duration_seconds_bucket{endpoint=\"/runs/{run_id}\",method=\"GET\",le=\"+Inf\"} 1",
                "dag_api_request_duration_seconds_count{endpoint=\"/runs/{run_id}\",method=\"GET\"} 1",
                "dag_api_request_duration_seconds_sum{endpoint=\"/runs/{run_id}\",method=\"GET\"} 0.02"))
        .contains(
            lines(
                "# HELP dag_websocket_connections Number of active WebSocket connections",
                "# TYPE dag_websocket_connections gauge",
                "dag_websocket_connections 1.0"))
        .contains(
            lines(
                "# HELP dag_health_check_status Health check status (1 = healthy, 0 = unhealthy)",
                "# TYPE dag_health_check_status gauge",
                "dag_health_check_status{check_type=\"database\"} 1.0",
                "dag_health_check_status{check_type=\"engine\"} 0.0"));
  }

  @Test
  void qualityMetrics() {
    assertThat(text)
        .contains(
            lines(
                "# HELP dag_quality_score_distribution Distribution of quality scores (0 to 1)",
                "# TYPE dag_quality_score_distribution histogram",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"0.0\"} 0",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"0.1\"} 0",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"0.2\"} 0",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"0.3\"} 0",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"0.4\"} 0",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"0.5\"} 0",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"0.6\"} 0",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"0.7\"} 0",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"0.8\"} 0",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"0.9\"} 0",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"1.0\"} 1",
                "dag_quality_score_distribution_bucket{phase_name=\"backend_development\",le=\"+Inf\"} 1",
                "dag_quality_score_distribution_count{phase_name=\"backend_development\"} 1",
                "dag_quality_score_distribution_sum{phase_name=\"backend_development\"} 0.92"))
        .contains(
            lines(
                "# HELP dag_artifacts_generated_total Total number of artifacts generated",
                "# TYPE dag_artifacts_generated_total counter",
                "dag_artifacts_generated_total{artifact_type=\"source_code\"} 1.0"))
        .contains(
            lines(
                "# HELP dag_artifact_size_bytes Artifact size in bytes",
                "# TYPE dag_artifact_size_bytes histogram",
                "dag_artifact_size_bytes_bucket{artifact_type=\"source_code\",le=\"1024.0\"} 0",
                "dag_artifact_size_bytes_bucket{artifact_type=\"source_code\",le=\"10240.0\"} 1",
                "dag_artifact_size_bytes_bucket{artifact_type=\"source_code\",le=\"102400.0\"} 1",
                "dag_artifact_size_bytes_bucket{artifact_type=\"source_code\",le=\"1048576.0\"} 1",
                "dag_artifact_size_bytes_bucket{artifact_type=\"source_code\",le=\"1.048576E7\"} 1",
                "dag_artifact_size_bytes_bucket{artifact_type=\"source_code\",le=\"1.048576E8\"} 1",
                "dag_artifact_size_bytes_bucket{artifact_type=\"source_code\",le=\"+Inf\"} 1",
                "dag_artifact_size_bytes_count{artifact_type=\"source_code\"} 1",
                "dag_artifact_size_bytes_sum{artifact_type=\"source_code\"} 2048.0"))
        .contains(
            lines(
                "# HELP dag_contract_validations_total Total number of contract validations",
                "# TYPE dag_contract_validations_total counter",
                "dag_contract_validations_total{contract_type=\"input\",status=\"valid\"} 1.0",
                "dag_contract_validations_total{contract_type=\"output\",status=\"invalid\"} 1.0"))
        .contains(
            lines(
                "# HELP dag_contract_validation_duration_seconds Contract validation duration in seconds",
                "# TYPE dag_contract_validation_duration_seconds histogram",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"input\",le=\"0.001\"} 0",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"input\",le=\"0.005\"} 1",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"input\",le=\"0.01\"} 1",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"input\",le=\"0.05\"} 1",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"input\",le=\"0.1\"} 1",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"input\",le=\"0.5\"} 1",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"input\",le=\"1.0\"} 1",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"input\",le=\"+Inf\"} 1",
                "dag_contract_validation_duration_seconds_count{contract_type=\"input\"} 1",
                "dag_contract_validation_duration_seconds_sum{contract_type=\"input\"} 0.003",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"output\",le=\"0.001\"} 0",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"output\",le=\"0.005\"} 0",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"output\",le=\"0.01\"} 0",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"output\",le=\"0.05\"} 1",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"output\",le=\"0.1\"} 1",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"output\",le=\"0.5\"} 1",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"output\",le=\"1.0\"} 1",
                "dag_contract_validation_duration_seconds_bucket{contract_type=\"output\",le=\"+Inf\"} 1",
                "dag_contract_validation_duration_seconds_count{contract_type=\"output\"} 1",
                "dag_contract_validation_duration_seconds_sum{contract_type=\"output\"} 0.02"));
  }

  @Test
  void systemInfoCarriesVersionAndJavaVersion() {
    assertThat(text)
        .contains(
            lines(
                "# HELP dag_system_info dagflow build and runtime information",
                "# TYPE dag_system_info gauge",
                "dag_system_info{java_version=\""
                    + System.getProperty("java.version")
                    + "\",version=\"9.9.9\"} 1"));
  }

  @Test
  void overflowCounterStartsAtZeroForEveryLabelledMetric() {
    assertThat(text)
        .contains("# TYPE dag_metric_label_overflow_total counter\n")
        .contains(
            "dag_metric_label_overflow_total{metric=\"dag_workflow_executions_total\"} 0.0\n");
  }
}
