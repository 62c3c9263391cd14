package dev.dagflow.engine.definition;

import static dev.dagflow.engine.definition.DefinitionProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloValidationTest {
  private static final String NODES =
      """
      nodes:
        - {id: build, type: noop}
      """;

  private static WorkflowDefinition parse(String slo) {
    return DefinitionParser.standard().parse("id: flow\n" + slo + NODES, "flow.yaml");
  }

  @Test
  void readsPeriodMinRunsAndBothObjectiveTypes() {
    WorkflowDefinition wf =
        parse(
            """
            slo:
              period: 28d
              min_runs: 10
              objectives:
                - {name: success, type: success_ratio, target: 99.5}
                - {name: fast, type: duration, threshold: 5m, target: 95}
            """);

    Slo slo = wf.findSlo().orElseThrow();
    assertThat(slo.period()).isEqualTo(Slo.Period.DAYS_28);
    assertThat(slo.minRuns()).isEqualTo(10);
    assertThat(slo.objectives())
        .containsExactly(
            new SloObjective.SuccessRatio("success", new BigDecimal("99.5")),
            new SloObjective.DurationUnder("fast", 300, new BigDecimal("95")));
    assertThat(Slo.errorBudget(slo.objectives().get(0))).isEqualByComparingTo("0.005");
  }

  @Test
  void defaultsToThirtyDaysAndFiveRuns() {
    Slo slo =
        parse(
                """
                slo:
                  objectives: [{name: ok, type: success_ratio, target: 99}]
                """)
            .findSlo()
            .orElseThrow();

    assertThat(slo.period()).isEqualTo(Slo.Period.DAYS_30);
    assertThat(slo.minRuns()).isEqualTo(5);
  }

  @Test
  void aWorkflowWithoutSloHasNone() {
    assertThat(parse("").findSlo()).isEmpty();
  }

  @Test
  void aThresholdThatIsNotABucketIsRefusedWithTheBucketList() {
    List<String> problems =
        problems(
            """
            id: flow
            slo:
              objectives:
                - {name: fast, type: duration, threshold: 250s, target: 95}
            """
                + NODES);

    assertThat(problems)
        .containsExactly(
            "flow.yaml:4:47: slo objective threshold 250s is not a bucket of"
                + " dag_workflow_execution_duration_seconds; use one of 1s, 5s, 10s, 30s, 60s,"
                + " 120s, 300s, 600s, 1800s, 3600s");
  }

  @Test
  void everyProblemIsReportedAtItsPosition() {
    List<String> problems =
        problems(
            """
            id: flow
            slo:
              period: 7d
              min_runs: 0
              budget: 1
              objectives:
                - {name: Fast, type: latency, target: 95}
                - {name: ok, type: success_ratio, target: 100}
                - {name: ok, type: success_ratio, target: 0, threshold: 1s}
                - {name: slow, type: duration, target: 90}
                - {name: odd, type: duration, threshold: 1500ms, target: 90}
            """
                + NODES);

    assertThat(problems)
        .containsExactly(
            "flow.yaml:3:11: slo key 'period' must be one of 28d, 30d, not '7d'",
            "flow.yaml:4:13: slo key 'min_runs' must be 1 to 1000000",
            "flow.yaml:5:3: unknown key 'budget' in slo (allowed: period, min_runs, objectives)",
            "flow.yaml:7:14: invalid slo objective name 'Fast': use lower-case letters, digits,"
                + " '_', '.' and '-', starting with a letter (at most 64)",
            "flow.yaml:7:26: slo objective key 'type' must be one of success_ratio, duration,"
                + " not 'latency'",
            "flow.yaml:8:47: slo objective key 'target' is a percentage above 0 and below 100,"
                + " not 100",
            "flow.yaml:9:14: slo objective 'ok' twice",
            "flow.yaml:9:47: slo objective key 'target' is a percentage above 0 and below 100,"
                + " not 0",
            "flow.yaml:9:61: slo objective key 'threshold' applies to type duration only",
            "flow.yaml:10:7: slo objective of type duration is missing required key 'threshold'",
            "flow.yaml:11:46: slo objective threshold 1500ms is not a bucket of"
                + " dag_workflow_execution_duration_seconds; use one of 1s, 5s, 10s, 30s, 60s,"
                + " 120s, 300s, 600s, 1800s, 3600s");
  }

  @Test
  void objectivesMustBeANonEmptyList() {
    assertThat(
            problems(
                """
                id: flow
                slo: {objectives: []}
                """
                    + NODES))
        .containsExactly(
            "flow.yaml:2:19: slo key 'objectives' must be a list of at least one objective");
  }
}
