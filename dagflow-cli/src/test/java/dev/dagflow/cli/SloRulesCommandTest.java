package dev.dagflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

class SloRulesCommandTest {
  private static final String WITH_SLO =
      """
      id: checkout
      slo:
        objectives: [{name: success, type: success_ratio, target: 99.9}]
      nodes: [{id: pay, type: noop}]
      """;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void printsOneRuleGroupPerWorkflowWithAnSloBlock() throws Exception {
    Path checkout = write("checkout.yaml", WITH_SLO);
    Path plain = write("plain.yaml", "id: plain\nnodes: [{id: x, type: noop}]\n");

    assertThat(run(checkout.toString(), plain.toString())).isZero();

    Map<String, Object> file = yaml(out.toString());
    List<?> groups = (List<?>) file.get("groups");
    assertThat(groups).hasSize(1);
    Map<?, ?> group = (Map<?, ?>) groups.get(0);
    assertThat(group.get("name")).isEqualTo("dagflow-slo-checkout");
    assertThat((List<?>) group.get("rules"))
        .extracting(r -> ((Map<?, ?>) r).get("record") + "/" + ((Map<?, ?>) r).get("alert"))
        .contains(
            "dagflow:slo_sli_error:ratio_rate5m/null",
            "dagflow:slo_sli_error:ratio_rate30d/null",
            "dagflow:slo_objective:ratio/null",
            "dagflow:slo_error_budget_remaining:ratio/null",
            "null/DagflowSLOBurnRatePage",
            "null/DagflowSLOBurnRateTicket",
            "null/DagflowSLOMetricAbsent");
    assertThat(out.toString()).contains("expr: vector(0.999)", "/ 0.001");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void kubernetesFormatWrapsTheGroupsInAPrometheusRule() throws Exception {
    Path checkout = write("checkout.yaml", WITH_SLO);

    assertThat(run("--format", "kubernetes", checkout.toString())).isZero();

    Map<String, Object> rule = yaml(out.toString());
    assertThat(rule)
        .containsEntry("apiVersion", "monitoring.coreos.com/v1")
        .containsEntry("kind", "PrometheusRule");
    assertThat(((Map<?, ?>) rule.get("metadata")).get("name")).isEqualTo("dagflow-slo");
    assertThat((List<?>) ((Map<?, ?>) rule.get("spec")).get("groups")).hasSize(1);
  }

  @Test
  void invalidFilesAreReportedWithTheirPositionsAndExitTwo() throws Exception {
    Path bad =
        write(
            "bad.yaml",
            """
            id: checkout
            slo:
              objectives: [{name: fast, type: duration, threshold: 90s, target: 95}]
            nodes: [{id: pay, type: noop}]
            """);

    assertThat(run(bad.toString())).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            bad
                + ":3:56: slo objective threshold 90s is not a bucket of"
                + " dag_workflow_execution_duration_seconds; use one of 1s, 5s, 10s, 30s, 60s,"
                + " 120s, 300s, 600s, 1800s, 3600s"
                + System.lineSeparator());
  }

  @Test
  void aWorkflowIdDefinedTwiceAndAnUnknownFormatAreRefused() throws Exception {
    Path a = write("a.yaml", WITH_SLO);
    Path b = write("b.yaml", WITH_SLO);

    assertThat(run(a.toString(), b.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains(b + ":1:1: workflow id 'checkout' is already defined in " + a);
    assertThat(run("--format", "json", a.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--format must be prometheus or kubernetes, not 'json'");
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new SloRulesCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String text) {
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
  }
}
