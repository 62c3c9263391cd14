package dev.dagflow.deploy;

import static dev.dagflow.deploy.SloRuleScenarios.ABSENT;
import static dev.dagflow.deploy.SloRuleScenarios.PAGE;
import static dev.dagflow.deploy.SloRuleScenarios.TICKET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.definition.DefinitionParser;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.server.slo.SloRuleFiles;
import dev.dagflow.server.slo.SloRuleGroup;
import dev.dagflow.server.slo.SloRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated SLO rules under the real {@code promtool}: they pass {@code check rules}, and
 * generated {@code test rules} cases show that a fast burn pages, a slow burn opens a ticket
 * without paging, a quiet workflow below {@code min_runs} stays silent, a met objective stays
 * silent, the duration objective reads the bucket as Prometheus 2 ({@code le="300"}) and 3 ({@code
 * le="300.0"}) label it, and a missing metric is reported.
 */
class SloRulesPromtoolTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final WorkflowDefinition DEFINITION =
      DefinitionParser.standard().parse(SloRuleScenarios.DEFINITION, "checkout.yaml");
  private static final SloRuleGroup GROUP = SloRules.group(DEFINITION).orElseThrow();

  @Test
  void generatedRulesOfEveryExamplePassCheckRules(@TempDir Path dir) throws IOException {
    List<WorkflowDefinition> definitions = new ArrayList<>(List.of(DEFINITION));
    try (var files = Files.list(DeployFiles.path("examples"))) {
      // the top-level example files (examples/subworkflow/ is a set that registers together)
      files
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(f -> definitions.add(DefinitionParser.standard().parse(f)));
    }
    List<SloRuleGroup> groups = SloRules.groups(definitions);
    assertThat(groups).extracting(SloRuleGroup::name).contains("dagflow-slo-sdlc_parallel");
    Files.writeString(
        dir.resolve("rules.yml"), SloRuleFiles.render(groups, SloRuleFiles.Format.PROMETHEUS));

    Promtool.Result result = Promtool.run(dir, TIMEOUT, "check", "rules", "rules.yml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + 2 * 26 + " rules found");
  }

  @Test
  void shippedExampleRuleFileIsTheGeneratedOneAndPassesCheckRules() {
    WorkflowDefinition sdlc =
        DefinitionParser.standard().parse(DeployFiles.path("examples/sdlc_parallel.yaml"));

    assertThat(DeployFiles.read("deploy/prometheus/slo-rules.yml"))
        .as(
            "deploy/prometheus/slo-rules.yml is `bin/dagflow slo-rules examples/sdlc_parallel.yaml`")
        .isEqualTo(
            SloRuleFiles.render(SloRules.groups(List.of(sdlc)), SloRuleFiles.Format.PROMETHEUS));
    assertThat(DeployFiles.read("deploy/kubernetes/slo-prometheusrule.yaml"))
        .as("deploy/kubernetes/slo-prometheusrule.yaml is the --format kubernetes output")
        .isEqualTo(
            SloRuleFiles.render(SloRules.groups(List.of(sdlc)), SloRuleFiles.Format.KUBERNETES));
    Promtool.Result result =
        Promtool.run(
            DeployFiles.path("deploy/prometheus"), TIMEOUT, "check", "rules", "slo-rules.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void generatedScenariosPassPromtoolTestRules(@TempDir Path dir) throws IOException {
    SloRuleScenarios cases = new SloRuleScenarios(GROUP);
    cases.add(fastBurnPages(cases));
    cases.add(slowBurnOpensATicketAndDoesNotPage(cases));
    cases.add(quietWorkflowBelowMinRunsStaysSilent(cases));
    cases.add(metObjectiveStaysSilent(cases));
    cases.add(slowRunsPageThroughTheBucket(cases, "300"));
    cases.add(slowRunsPageThroughTheBucket(cases, "300.0"));
    cases.add(missingMetricIsReported(cases));
    Files.writeString(
        dir.resolve("slo-rules.yml"),
        SloRuleFiles.render(List.of(GROUP), SloRuleFiles.Format.PROMETHEUS));
    Files.writeString(dir.resolve("slo-rules_test.yml"), cases.render("slo-rules.yml"));

    Promtool.Result result = Promtool.run(dir, TIMEOUT, "test", "rules", "slo-rules_test.yml");

    assertThat(result.exitCode())
        .as(result.output() + "\n" + Files.readString(dir.resolve("slo-rules_test.yml")))
        .isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  /** 20% of runs fail against a 1% budget: 20x, over 14.4x in both 1h and 5m. */
  private static Object fastBurnPages(SloRuleScenarios cases) {
    var traffic = new SloRuleScenarios.Traffic(80, 20, 0, 0, "300", 120);
    return cases.test(
        "fast burn pages within its short window",
        traffic.series(),
        List.of(
            cases.alert("5m", PAGE, firing("success", "20%")),
            cases.alert("60m", PAGE, firing("success", "20%"))),
        List.of());
  }

  /** 4% fail against a 1% budget: 4x, over the ticket's 3x, under the page's 6x and 14.4x. */
  private static Object slowBurnOpensATicketAndDoesNotPage(SloRuleScenarios cases) {
    var traffic = new SloRuleScenarios.Traffic(96, 4, 0, 0, "300", 200);
    return cases.test(
        "slow burn opens a ticket and does not page",
        traffic.series(),
        List.of(
            cases.alert("3h", TICKET, firing("success", "4%")), cases.alert("3h", PAGE, List.of())),
        List.of());
  }

  /** One run in 2 hours, and it failed: 100% bad, but under min_runs in every short window. */
  private static Object quietWorkflowBelowMinRunsStaysSilent(SloRuleScenarios cases) {
    String one = "0x30 1x90";
    String zero = "0x120";
    String metric = "dag_workflow_executions_total{workflow_name=\"checkout\",status=";
    String histogram = "dag_workflow_execution_duration_seconds";
    List<Object> series =
        List.of(
            Map.of("series", metric + "\"success\"}", "values", zero),
            Map.of("series", metric + "\"failure\"}", "values", one),
            Map.of("series", metric + "\"cancelled\"}", "values", zero),
            Map.of("series", histogram + "_count{workflow_name=\"checkout\"}", "values", one),
            Map.of(
                "series",
                histogram + "_bucket{workflow_name=\"checkout\",le=\"300\"}",
                "values",
                zero),
            Map.of(
                "series",
                histogram + "_bucket{workflow_name=\"checkout\",le=\"+Inf\"}",
                "values",
                one));
    return cases.test(
        "a quiet workflow below min_runs stays silent",
        series,
        List.of(
            cases.alert("35m", PAGE, List.of()),
            cases.alert("35m", TICKET, List.of()),
            cases.alert("2h", PAGE, List.of()),
            cases.alert("2h", TICKET, List.of())),
        List.of(
            cases.sample(
                "35m",
                "dagflow:slo_sli_error:ratio_rate1h{slo=\"success\"}",
                "dagflow:slo_sli_error:ratio_rate1h",
                "success",
                1)));
  }

  /**
   * 0.5% fail against a 1% budget, 1% are slow against 2%: half of each budget left. Many runs are
   * cancelled; they count neither way.
   */
  private static Object metObjectiveStaysSilent(SloRuleScenarios cases) {
    var traffic = new SloRuleScenarios.Traffic(199, 1, 100, 3, "300", 200);
    return cases.test(
        "a met objective stays silent",
        traffic.series(),
        List.of(
            cases.alert("3h", PAGE, List.of()),
            cases.alert("3h", TICKET, List.of()),
            cases.alert("3h", ABSENT, List.of())),
        List.of(
            cases.sample(
                "3h",
                "round(dagflow:slo_error_budget_remaining:ratio{slo=\"success\"}, 0.01)",
                null,
                "success",
                0.5),
            cases.sample(
                "3h",
                "round(dagflow:slo_error_budget_remaining:ratio{slo=\"fast\"}, 0.01)",
                null,
                "fast",
                0.5)));
  }

  /** Half the runs take over 300 s against a 2% budget: the duration objective pages. */
  private static Object slowRunsPageThroughTheBucket(SloRuleScenarios cases, String le) {
    var traffic = new SloRuleScenarios.Traffic(100, 0, 0, 50, le, 120);
    return cases.test(
        "slow runs page through the bucket le=\"" + le + "\"",
        traffic.series(),
        List.of(cases.alert("10m", PAGE, firing("fast", "50%"))),
        List.of());
  }

  private static Object missingMetricIsReported(SloRuleScenarios cases) {
    List<Object> unrelated =
        List.of(
            Map.of(
                "series",
                "dag_workflow_executions_total{workflow_name=\"other\",status=\"success\"}",
                "values",
                "0+1x20"));
    return cases.test(
        "an SLO whose metric is absent is reported after 10 minutes",
        unrelated,
        List.of(
            cases.alert("5m", ABSENT, List.of()),
            cases.alert("11m", ABSENT, List.of(new String[] {"success"}, new String[] {"fast"}))),
        List.of());
  }

  private static List<String[]> firing(String slo, String value) {
    return List.<String[]>of(new String[] {slo, value});
  }
}
