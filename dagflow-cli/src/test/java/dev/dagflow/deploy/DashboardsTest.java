package dev.dagflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.server.slo.SloRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The shipped Grafana dashboards are complete, consistent with provisioning, and use only real
 * metrics.
 */
class DashboardsTest {
  /** docs/metrics.md, plus the Prometheus and client_java JVM series the dashboards read. */
  private static final Set<String> KNOWN_METRICS =
      Set.of(
          "dag_workflow_executions_total",
          "dag_workflow_execution_duration_seconds",
          "dag_active_workflows",
          "dag_workflow_queue_depth",
          "dag_node_executions_total",
          "dag_node_execution_duration_seconds",
          "dag_node_retries_total",
          "dag_active_nodes",
          "dag_database_connections",
          "dag_database_pool_size",
          "dag_database_query_duration_seconds",
          "dag_context_store_operations_total",
          "dag_memory_usage_bytes",
          "dag_cpu_usage_percent",
          "dag_api_requests_total",
          "dag_api_request_duration_seconds",
          "dag_websocket_connections",
          "dag_health_check_status",
          "dag_quality_score_distribution",
          "dag_artifacts_generated_total",
          "dag_artifact_size_bytes",
          "dag_contract_validations_total",
          "dag_contract_validation_duration_seconds",
          "dag_system_info",
          "dag_workflow_queue_wait_seconds",
          "dag_node_queue_wait_seconds",
          "dag_metric_label_overflow_total",
          "dag_schedule_fires_total",
          "dag_schedule_lag_seconds",
          "dag_schedule_next_fire_timestamp_seconds",
          "up",
          "jvm_memory_used_bytes",
          "jvm_memory_max_bytes");

  /** The series the generated SLO rules record; the SLO dashboard reads only these. */
  private static final Set<String> SLO_RECORDS = sloRecords();

  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
  private static final Pattern SHARED_GAUGE =
      Pattern.compile("(\\w+)\\((dag_active_workflows|dag_workflow_queue_depth)\\{");

  private final String datasourceUid =
      String.valueOf(
          DeployFiles.map(
                  DeployFiles.list(
                          DeployFiles.yamlMap(
                                  "deploy/grafana/provisioning/datasources/prometheus.yml")
                              .get("datasources"),
                          "datasources")
                      .get(0),
                  "datasource")
              .get("uid"));

  private static Set<String> sloRecords() {
    Set<String> records = new HashSet<>();
    SloRules.WINDOWS.forEach(w -> records.add(SloRules.ERROR_RATIO + w));
    records.add(SloRules.OBJECTIVE);
    records.add(SloRules.BUDGET_REMAINING);
    return records;
  }

  @Test
  void sloDashboardShowsBudgetsAndEveryWindowsBurnRate() {
    List<Dashboards.Query> slo =
        Dashboards.queries().stream().filter(Dashboards.Query::isSlo).toList();

    assertThat(slo)
        .extracting(Dashboards.Query::expr)
        .anyMatch(e -> e.startsWith(SloRules.BUDGET_REMAINING));
    for (String window : SloRules.WINDOWS) {
      assertThat(slo)
          .extracting(Dashboards.Query::expr)
          .as("burn rate over " + window)
          .anyMatch(
              e ->
                  e.startsWith(SloRules.ERROR_RATIO + window + "{")
                      && e.contains(SloRules.OBJECTIVE));
    }
  }

  @Test
  void shipsTheSeedsTwoDashboardsWithEveryPanel() {
    assertThat(panelTitles("dagflow — Key Metrics"))
        .contains(
            "Workflow Success Rate",
            "Workflow Duration (P95)",
            "Active Workflows",
            "Node Failure Rate",
            "API Latency (P95)",
            "Database Health",
            "Schedule Fires",
            "Schedule Lag (P95)",
            "Time To Next Fire");
    assertThat(panelTitles("dagflow — System Resources"))
        .contains("CPU Usage", "Memory Usage", "Database Connections", "Active Nodes");
  }

  @Test
  void dashboardsHaveUniqueUidsAndJobAndInstanceVariables() {
    Set<String> uids = new HashSet<>();
    for (Path file : DeployFiles.dashboards()) {
      JsonNode dashboard = DeployFiles.json(file);
      assertThat(uids.add(dashboard.path("uid").asString())).as(file + " uid").isTrue();
      List<String> variables = new ArrayList<>();
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        variables.add(variable.path("name").asString());
        assertThat(variable.path("datasource").path("uid").asString())
            .as(file + " $" + variable.path("name"))
            .isEqualTo(datasourceUid);
      }
      if (Dashboards.SLO_UID.equals(dashboard.path("uid").asString())) {
        assertThat(variables).as(file.toString()).containsExactly("workflow", "slo");
      } else {
        assertThat(variables).as(file.toString()).contains("job", "instance");
      }
    }
  }

  @Test
  void everyPanelQueriesTheProvisionedDatasourceWithUnitsAndThresholds() {
    for (Path file : DeployFiles.dashboards()) {
      for (JsonNode panel : Dashboards.panels(DeployFiles.json(file))) {
        String where = file.getFileName() + " / " + panel.path("title").asString();
        assertThat(panel.path("datasource").path("uid").asString())
            .as(where)
            .isEqualTo(datasourceUid);
        assertThat(panel.path("targets").isEmpty()).as(where + " has targets").isFalse();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("expr").asString("")).as(where).isNotBlank();
          assertThat(target.path("datasource").path("uid").asString())
              .as(where)
              .isEqualTo(datasourceUid);
        }
        JsonNode defaults = panel.path("fieldConfig").path("defaults");
        assertThat(defaults.path("unit").asString("")).as(where + " unit").isNotBlank();
        assertThat(defaults.path("thresholds").path("steps").isEmpty())
            .as(where + " thresholds")
            .isFalse();
      }
    }
  }

  @Test
  void everySelectorFiltersByTheJobAndInstanceVariables() {
    for (Dashboards.Query query : Dashboards.queries()) {
      Matcher m = SELECTOR.matcher(query.expr());
      int selectors = 0;
      while (m.find()) {
        selectors++;
        assertThat(m.group(2))
            .as(query + ": " + m.group())
            .contains(
                query.isSlo()
                    ? new String[] {"workflow_name=~\"$workflow\"", "slo=~\"$slo\""}
                    : new String[] {"job=~\"$job\"", "instance=~\"$instance\""});
      }
      assertThat(selectors).as(query.toString()).isPositive();
    }
  }

  @Test
  void queriesUseOnlyMetricsOfTheContract() {
    for (Dashboards.Query query : Dashboards.queries()) {
      Matcher m = SELECTOR.matcher(query.expr());
      while (m.find()) {
        String base = m.group(1).replaceFirst("_(bucket|sum|count)$", "");
        if (query.isSlo()) {
          assertThat(SLO_RECORDS).as(query.toString()).contains(m.group(1));
        } else {
          assertThat(KNOWN_METRICS).as(query.toString()).containsAnyOf(m.group(1), base);
        }
      }
    }
  }

  @Test
  void sharedDatabaseGaugesAreCombinedWithMaxNeverSummed() {
    for (Dashboards.Query query : Dashboards.queries()) {
      Matcher m = SHARED_GAUGE.matcher(query.expr());
      while (m.find()) {
        assertThat(m.group(1)).as(query.toString()).isEqualTo("max");
      }
      if (query.expr().contains("dag_active_workflows")
          || query.expr().contains("dag_workflow_queue_depth")) {
        assertThat(SHARED_GAUGE.matcher(query.expr()).find()).as(query.toString()).isTrue();
      }
    }
  }

  @Test
  void quantilesAreTakenOverBucketsSummedAcrossInstances() {
    for (Dashboards.Query query : Dashboards.queries()) {
      if (query.expr().contains("histogram_quantile")) {
        assertThat(query.expr())
            .as(query.toString())
            .containsPattern("sum by \\(([a-z_]+, )*le\\) \\(rate\\(");
      }
    }
  }

  @Test
  void coversNodesQueuesQualityArtifactsContractsApiAndDatabase() {
    List<String> exprs = Dashboards.queries().stream().map(Dashboards.Query::expr).toList();
    for (String needle :
        List.of(
            "dag_node_execution_duration_seconds_bucket",
            "dag_node_retries_total",
            "dag_workflow_queue_depth",
            "dag_workflow_queue_wait_seconds_bucket",
            "dag_node_queue_wait_seconds_bucket",
            "dag_quality_score_distribution_bucket",
            "dag_artifacts_generated_total",
            "dag_artifact_size_bytes_bucket",
            "dag_contract_validations_total",
            "sum by (status_code)",
            "dag_database_query_duration_seconds_bucket")) {
      assertThat(exprs).as(needle).anyMatch(e -> e.contains(needle));
    }
    boolean heatmap = false;
    for (Path file : DeployFiles.dashboards()) {
      for (JsonNode panel : Dashboards.panels(DeployFiles.json(file))) {
        heatmap |=
            "heatmap".equals(panel.path("type").asString())
                && panel
                    .path("targets")
                    .get(0)
                    .path("expr")
                    .asString()
                    .contains("dag_quality_score_distribution_bucket")
                && "heatmap".equals(panel.path("targets").get(0).path("format").asString());
      }
    }
    assertThat(heatmap).as("a heatmap of dag_quality_score_distribution_bucket").isTrue();
  }

  @Test
  void dashboardProviderPointsAtTheFolderComposeMounts() {
    Map<String, Object> provider =
        DeployFiles.map(
            DeployFiles.list(
                    DeployFiles.yamlMap("deploy/grafana/provisioning/dashboards/dagflow.yml")
                        .get("providers"),
                    "providers")
                .get(0),
            "provider");

    assertThat(provider).containsEntry("type", "file");
    assertThat(DeployFiles.read("docker-compose.yml"))
        .contains(String.valueOf(DeployFiles.map(provider.get("options"), "options").get("path")));
  }

  private List<String> panelTitles(String dashboardTitle) {
    for (Path file : DeployFiles.dashboards()) {
      JsonNode dashboard = DeployFiles.json(file);
      if (dashboardTitle.equals(dashboard.path("title").asString())) {
        return Dashboards.panels(dashboard).stream().map(p -> p.path("title").asString()).toList();
      }
    }
    throw new AssertionError("no dashboard titled " + dashboardTitle);
  }
}
