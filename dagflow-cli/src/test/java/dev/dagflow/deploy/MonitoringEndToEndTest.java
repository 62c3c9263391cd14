package dev.dagflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.server.slo.SloRules;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The monitoring stack against the real thing: dagflow in-process on a free port, a real Prometheus
 * scraping it every second with the shipped alert rules (evaluated every second), real runs and API
 * traffic; then every query of every shipped dashboard, the rules' health, and the failure-rate
 * alert reacting to a burst of failures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String JOB_SELECTOR = "{job=\"" + PrometheusServer.JOB + "\"}";
  private static final String YAML = "application/yaml";
  private static final String PIPELINE =
      """
      id: e2e_pipeline
      description: a build and a flaky test, with quality scores, artifacts and contracts
      slo:
        objectives:
          - {name: success, type: success_ratio, target: 99}
          - {name: fast, type: duration, threshold: 60s, target: 95}
      nodes:
        - id: build
          type: mock
          config:
            quality_score: 0.92
            output: {version: "1.0"}
            artifacts: [{type: source_code, name: app.jar, size_bytes: 20480}]
          contract:
            output: {type: object, required: [version]}
        - id: test
          type: mock
          depends_on: [build]
          retry: {max_attempts: 3, delay: 10ms}
          config: {fail_attempts: 1, quality_score: 0.75}
          contract:
            input: {type: object}
      """;
  private static final String FAILING =
      """
      id: e2e_failing
      slo:
        min_runs: 5
        objectives: [{name: success, type: success_ratio, target: 99}]
      nodes:
        - id: deploy
          type: mock
          config: {fail: deployment refused}
      """;

  /** Fires every 2 s, so the schedule panels have data. */
  private static final String SCHEDULED =
      """
      id: e2e_scheduled
      schedules:
        - {id: often, cron: "*/2 * * * * *"}
      nodes:
        - {id: tick, type: noop}
      """;

  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+), (\\w+)\\)");
  private static final List<String> SEED_ALERTS =
      List.of(
          "HighWorkflowFailureRate",
          "DatabaseUnhealthy",
          "HighAPILatency",
          "TooManyActiveWorkflows",
          "HighMemoryUsage");

  private LiveDagflow dagflow;
  private PrometheusServer prometheus;
  private boolean trafficDriven;

  @BeforeAll
  void startDagflowAndPrometheus(@TempDir Path dir) throws IOException {
    Promtool.require("prometheus");
    dagflow = LiveDagflow.start();
    assertThat(dagflow.post("/workflows", PIPELINE, YAML).statusCode()).isEqualTo(201);
    assertThat(dagflow.post("/workflows", FAILING, YAML).statusCode()).isEqualTo(201);
    assertThat(dagflow.post("/workflows", SCHEDULED, YAML).statusCode()).isEqualTo(201);
    List<Object> groups =
        new ArrayList<>(
            DeployFiles.list(
                DeployFiles.yamlMap("deploy/prometheus/alerts.yml").get("groups"), "groups"));
    HttpResponse<String> sloRules = dagflow.get("/slo/rules");
    assertThat(sloRules.statusCode()).isEqualTo(200);
    groups.addAll(DeployFiles.list(DeployFiles.yamlMapOf(sloRules.body()).get("groups"), "groups"));
    prometheus = PrometheusServer.start(dir, dagflow.target(), groups);
  }

  @AfterAll
  void stop() {
    try {
      if (prometheus != null) {
        prometheus.close();
      }
    } finally {
      if (dagflow != null) {
        dagflow.close();
      }
    }
  }

  @Test
  @Order(1)
  void idleSystemRaisesNoAlerts() {
    awaitScrapes(3);
    awaitRulesEvaluated();

    assertThat(prometheus.alerts()).as("alerts of an idle system").isEmpty();
  }

  @Test
  @Order(2)
  void everyDashboardQueryReturnsData() {
    driveTraffic();
    List<Dashboards.Query> queries = Dashboards.queries();
    assertThat(queries).hasSizeGreaterThan(30);

    await("every dashboard query returns data")
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              List<String> empty = new ArrayList<>();
              for (Dashboards.Query query : queries) {
                if (prometheus.query(query.substituted(PrometheusServer.JOB, ".*")).isEmpty()) {
                  empty.add(query + ": " + query.expr());
                }
              }
              assertThat(empty).as("queries without data").isEmpty();
            });
  }

  @Test
  @Order(2)
  void dashboardVariablesListTheScrapedJobAndInstance() {
    driveTraffic();
    for (Path file : DeployFiles.dashboards()) {
      for (JsonNode variable : DeployFiles.json(file).path("templating").path("list")) {
        Matcher m = LABEL_VALUES.matcher(variable.path("query").asString(""));
        assertThat(m.matches())
            .as(file.getFileName() + " $" + variable.path("name").asString())
            .isTrue();
        String selector =
            m.group(1)
                .replace("$job", PrometheusServer.JOB)
                .replace("$instance", ".*")
                .replace("$workflow", ".*");
        List<String> values = new ArrayList<>();
        prometheus
            .query(selector)
            .forEach(series -> values.add(series.path("metric").path(m.group(2)).asString()));

        String expected =
            switch (m.group(2)) {
              case "job" -> PrometheusServer.JOB;
              case "workflow_name" -> "e2e_failing";
              case "slo" -> "fast";
              default -> dagflow.target();
            };
        assertThat(values).as(selector).contains(expected);
      }
    }
  }

  @Test
  @Order(3)
  void seedAlertsAreLoadedAndEveryRuleIsHealthy() {
    awaitRulesEvaluated();
    Map<String, String> health = ruleHealth();

    assertThat(health).containsKeys(SEED_ALERTS.toArray(String[]::new));
    List<String> expected =
        new ArrayList<>(AlertRules.shipped().stream().map(AlertRules.Rule::alert).toList());
    expected.addAll(List.of(SloRules.PAGE, SloRules.TICKET, SloRules.ABSENT));
    assertThat(health.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    health.forEach((alert, h) -> assertThat(h).as(alert).isEqualTo("ok"));
  }

  @Test
  @Order(4)
  void failureBurstMakesTheFailureRateAlertPending() {
    driveTraffic();
    assertThat(activeAlerts())
        .as("before the burst, 2 of 40 runs failed (5%)")
        .doesNotContainKey("HighWorkflowFailureRate");

    List<CompletableFuture<HttpResponse<String>>> burst =
        IntStream.range(0, 10).mapToObj(i -> execute("e2e_failing")).toList();
    burst.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));

    await("HighWorkflowFailureRate pending")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> assertThat(activeAlerts()).containsEntry("HighWorkflowFailureRate", "pending"));
  }

  @Test
  @Order(5)
  void sloRulesFromTheServerAnswerAndTheFailingWorkflowPages() {
    driveTraffic();
    String failing = "{workflow_name=\"e2e_failing\",slo=\"success\"}";
    String pipeline = "{workflow_name=\"e2e_pipeline\",slo=\"success\"}";

    await("SLO recording rules answer")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(value(SloRules.ERROR_RATIO + "5m" + failing)).isEqualTo(1.0);
              assertThat(value(SloRules.ERROR_RATIO + "5m" + pipeline)).isEqualTo(0.0);
              assertThat(value(SloRules.ERROR_RATIO + "30d" + failing)).isEqualTo(1.0);
              assertThat(value(SloRules.OBJECTIVE + failing)).isEqualTo(0.99);
              assertThat(value(SloRules.BUDGET_REMAINING + pipeline)).isEqualTo(1.0);
              assertThat(value(SloRules.BUDGET_REMAINING + failing)).isLessThan(-90);
            });
    await("DagflowSLOBurnRatePage fires for e2e_failing only")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(prometheus.alerts())
                    .filteredOn(
                        a -> a.path("labels").path("alertname").asString().equals(SloRules.PAGE))
                    .extracting(
                        a ->
                            a.path("labels").path("workflow_name").asString()
                                + " "
                                + a.path("state").asString())
                    .containsExactly("e2e_failing firing"));
    for (JsonNode group : prometheus.rules()) {
      for (JsonNode rule : group.path("rules")) {
        assertThat(rule.path("health").asString())
            .as(rule.path("name").asString() + " " + rule.path("lastError").asString())
            .isIn("ok", "unknown");
      }
    }
  }

  @Test
  @Order(6)
  void metricsOfTheLiveServerPassPromtoolCheckMetrics() {
    driveTraffic();
    HttpResponse<String> metrics = dagflow.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);

    Promtool.Result result =
        Promtool.runWithInput(DeployFiles.root(), WAIT, metrics.body(), "check", "metrics");

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  /** Two waves of 19 successful and 1 failing run, so that every series exists before it moves. */
  private void driveTraffic() {
    if (trafficDriven) {
      return;
    }
    wave();
    awaitScraped("sum(dag_workflow_executions_total" + JOB_SELECTOR + ")", 20);
    wave();
    awaitScraped("sum(dag_workflow_executions_total" + JOB_SELECTOR + ")", 40);
    awaitScrapes(2);
    trafficDriven = true;
  }

  private void wave() {
    List<CompletableFuture<HttpResponse<String>>> runs = new ArrayList<>();
    IntStream.range(0, 19).forEach(i -> runs.add(execute("e2e_pipeline")));
    runs.add(execute("e2e_failing"));
    for (CompletableFuture<HttpResponse<String>> run : runs) {
      HttpResponse<String> response = run.join();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
    assertThat(dagflow.get("/health/ready").statusCode()).isEqualTo(200);
    assertThat(dagflow.get("/health").statusCode()).isEqualTo(200);
    assertThat(dagflow.get("/runs?limit=5").statusCode()).isEqualTo(200);
    assertThat(dagflow.get("/workflows").statusCode()).isEqualTo(200);
    assertThat(dagflow.get("/workflows/no_such_workflow").statusCode()).isEqualTo(404);
    assertThat(
            dagflow.post("/workflows/no_such_workflow/runs", "{}", "application/json").statusCode())
        .isEqualTo(404);
  }

  private CompletableFuture<HttpResponse<String>> execute(String workflowId) {
    return dagflow.postAsync(
        "/workflow/" + workflowId + "/execute?timeout=20s", "{}", "application/json");
  }

  private double value(String promql) {
    JsonNode result = prometheus.query(promql);
    assertThat(result).as(promql).hasSize(1);
    return result.get(0).path("value").get(1).asDouble();
  }

  private void awaitScraped(String promql, double atLeast) {
    await(promql + " >= " + atLeast)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              JsonNode result = prometheus.query(promql);
              return !result.isEmpty() && result.get(0).path("value").get(1).asDouble() >= atLeast;
            });
  }

  private void awaitScrapes(int count) {
    double now =
        prometheus
            .query("count_over_time(up" + JOB_SELECTOR + "[10m])")
            .path(0)
            .path("value")
            .path(1)
            .asDouble(0);
    awaitScraped("count_over_time(up" + JOB_SELECTOR + "[10m])", now + count);
  }

  private void awaitRulesEvaluated() {
    await("every rule evaluated")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> ruleHealth().values().stream().noneMatch("unknown"::equals));
  }

  private Map<String, String> ruleHealth() {
    Map<String, String> health = new HashMap<>();
    for (JsonNode group : prometheus.rules()) {
      for (JsonNode rule : group.path("rules")) {
        if ("alerting".equals(rule.path("type").asString())) {
          String h = rule.path("health").asString();
          health.put(
              rule.path("name").asString(),
              "err".equals(h) ? h + ": " + rule.path("lastError").asString() : h);
        }
      }
    }
    return health;
  }

  private Map<String, String> activeAlerts() {
    Map<String, String> active = new HashMap<>();
    for (JsonNode alert : prometheus.alerts()) {
      active.put(alert.path("labels").path("alertname").asString(), alert.path("state").asString());
    }
    return active;
  }
}
