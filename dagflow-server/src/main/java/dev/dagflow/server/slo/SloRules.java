package dev.dagflow.server.slo;

import dev.dagflow.engine.definition.Slo;
import dev.dagflow.engine.definition.SloObjective;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.metrics.MetricNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generates the Prometheus rules of workflows' {@code slo:} blocks (docs/slo.md): per objective,
 * the error ratio over every window, the objective, the error budget left, and multi-window,
 * multi-burn-rate alerts (the SRE workbook's factors), silent while fewer than {@code min_runs}
 * runs happened in the short window; and an alert when the metric it reads is absent.
 *
 * <pre>{@code
 * List<SloRuleGroup> groups = SloRules.groups(List.of(definition));
 * String yaml = SloRuleFiles.render(groups, SloRuleFiles.Format.PROMETHEUS);
 * }</pre>
 */
public final class SloRules {
  /** The short windows the alerts read, then the long ones; the period is added per workflow. */
  public static final List<String> WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");

  public static final String ERROR_RATIO = "dagflow:slo_sli_error:ratio_rate";
  public static final String OBJECTIVE = "dagflow:slo_objective:ratio";
  public static final String BUDGET_REMAINING = "dagflow:slo_error_budget_remaining:ratio";
  public static final String PAGE = "DagflowSLOBurnRatePage";
  public static final String TICKET = "DagflowSLOBurnRateTicket";
  public static final String ABSENT = "DagflowSLOMetricAbsent";

  /** An alert condition: the budget burns {@code factor} times too fast over both windows. */
  private record BurnWindow(String longWindow, String shortWindow, String factor) {}

  private static final List<BurnWindow> PAGE_WINDOWS =
      List.of(new BurnWindow("1h", "5m", "14.4"), new BurnWindow("6h", "30m", "6"));
  private static final List<BurnWindow> TICKET_WINDOWS =
      List.of(new BurnWindow("1d", "2h", "3"), new BurnWindow("3d", "6h", "1"));

  private static final String COUNT = MetricNames.WORKFLOW_DURATION + "_count";
  private static final String BUCKET = MetricNames.WORKFLOW_DURATION + "_bucket";

  private SloRules() {}

  /** One group per definition that declares an {@code slo:} block, in the given order. */
  public static List<SloRuleGroup> groups(List<WorkflowDefinition> definitions) {
    return definitions.stream().map(SloRules::group).flatMap(Optional::stream).toList();
  }

  /** The group of one workflow, or empty when it declares no {@code slo:} block. */
  public static Optional<SloRuleGroup> group(WorkflowDefinition definition) {
    return definition.findSlo().map(slo -> group(definition.id(), slo));
  }

  private static SloRuleGroup group(String workflow, Slo slo) {
    List<SloRule> rules = new ArrayList<>();
    List<String> windows = new ArrayList<>(WINDOWS);
    windows.add(slo.period().text());
    for (SloObjective objective : slo.objectives()) {
      Map<String, String> labels =
          Map.of(MetricNames.WORKFLOW_NAME, workflow, "slo", objective.name());
      for (String window : windows) {
        rules.add(
            new SloRule.Recording(
                ERROR_RATIO + window, errorRatio(workflow, objective, window), labels));
      }
      rules.add(
          new SloRule.Recording(
              OBJECTIVE,
              "vector(" + objective.target().movePointLeft(2).toPlainString() + ")",
              labels));
      rules.add(
          new SloRule.Recording(
              BUDGET_REMAINING,
              "1 - "
                  + ERROR_RATIO
                  + slo.period().text()
                  + selector(workflow, objective)
                  + " / "
                  + budget(objective),
              labels));
      rules.add(burnAlert(PAGE, "critical", PAGE_WINDOWS, workflow, objective, slo.minRuns()));
      rules.add(burnAlert(TICKET, "warning", TICKET_WINDOWS, workflow, objective, slo.minRuns()));
      rules.add(absentAlert(workflow, objective));
    }
    return new SloRuleGroup("dagflow-slo-" + workflow, rules);
  }

  /** Bad runs over all counted runs, as rates over {@code window}. */
  private static String errorRatio(String workflow, SloObjective objective, String window) {
    String total = "sum(rate(" + totalSeries(workflow, objective) + "[" + window + "]))";
    return switch (objective) {
      case SloObjective.SuccessRatio s ->
          "sum(rate("
              + MetricNames.WORKFLOW_EXECUTIONS
              + "{workflow_name=\""
              + workflow
              + "\",status=\"failure\"}["
              + window
              + "]))\n/\n"
              + total;
      case SloObjective.DurationUnder d ->
          "(\n  "
              + total
              + "\n  -\n  sum(rate("
              + BUCKET
              + "{workflow_name=\""
              + workflow
              + "\","
              + leMatcher(d.thresholdSeconds())
              + "}["
              + window
              + "]))\n)\n/\n"
              + total;
    };
  }

  /**
   * Prometheus 2 exposes a whole-number bucket bound as scraped ({@code le="300"}); Prometheus 3
   * normalises it to a float ({@code le="300.0"}). The regex matches both and nothing else.
   */
  static String leMatcher(long seconds) {
    return "le=~\"" + seconds + "|" + seconds + "\\\\.0\"";
  }

  /** The series counting every run an objective judges. */
  private static String totalSeries(String workflow, SloObjective objective) {
    return switch (objective) {
      case SloObjective.SuccessRatio s ->
          MetricNames.WORKFLOW_EXECUTIONS
              + "{workflow_name=\""
              + workflow
              + "\",status=~\"success|failure\"}";
      case SloObjective.DurationUnder d -> COUNT + "{workflow_name=\"" + workflow + "\"}";
    };
  }

  private static String totalMetric(SloObjective objective) {
    return switch (objective) {
      case SloObjective.SuccessRatio s -> MetricNames.WORKFLOW_EXECUTIONS;
      case SloObjective.DurationUnder d -> COUNT;
    };
  }

  private static SloRule.Alert burnAlert(
      String name,
      String severity,
      List<BurnWindow> conditions,
      String workflow,
      SloObjective objective,
      int minRuns) {
    String selector = selector(workflow, objective);
    String budget = budget(objective);
    List<String> parts = new ArrayList<>();
    for (BurnWindow w : conditions) {
      String threshold = " > (" + w.factor() + " * " + budget + ")";
      parts.add(
          "(\n  "
              + ERROR_RATIO
              + w.longWindow()
              + selector
              + threshold
              + "\n  and\n  "
              + ERROR_RATIO
              + w.shortWindow()
              + selector
              + threshold
              + "\n  and on ()\n  sum(increase("
              + totalSeries(workflow, objective)
              + "["
              + w.shortWindow()
              + "])) >= "
              + minRuns
              + "\n)");
    }
    String anchor = "docs/runbooks.md#" + name.toLowerCase(java.util.Locale.ROOT);
    return new SloRule.Alert(
        name,
        String.join("\nor\n", parts),
        null,
        Map.of("severity", severity, MetricNames.WORKFLOW_NAME, workflow, "slo", objective.name()),
        Map.of(
            "summary",
            "Workflow {{ $labels.workflow_name }} burns its {{ $labels.slo }} error budget too fast",
            "description",
            "{{ $labels.workflow_name }} objective {{ $labels.slo }}: {{ $value | humanizePercentage"
                + " }} of runs are bad, against a budget of "
                + budget
                + " ("
                + (name.equals(PAGE)
                    ? "page: 14.4x over 1h and 5m, or 6x over 6h and 30m"
                    : "ticket: 3x over 1d and 2h, or 1x over 3d and 6h")
                + ").",
            "runbook_url",
            anchor));
  }

  private static SloRule.Alert absentAlert(String workflow, SloObjective objective) {
    String series = totalMetric(objective) + "{workflow_name=\"" + workflow + "\"}";
    return new SloRule.Alert(
        ABSENT,
        "absent(" + series + ")",
        "10m",
        Map.of("severity", "warning", MetricNames.WORKFLOW_NAME, workflow, "slo", objective.name()),
        Map.of(
            "summary",
            "No SLO metric for workflow " + workflow,
            "description",
            "Prometheus has no "
                + series
                + " for 10 minutes: the workflow's SLO cannot be judged (no dagflow instance is"
                + " scraped, or the workflow is no longer registered).",
            "runbook_url",
            "docs/runbooks.md#dagflowslometricabsent"));
  }

  private static String selector(String workflow, SloObjective objective) {
    return "{workflow_name=\"" + workflow + "\",slo=\"" + objective.name() + "\"}";
  }

  private static String budget(SloObjective objective) {
    BigDecimal budget = Slo.errorBudget(objective);
    return budget.toPlainString();
  }
}
