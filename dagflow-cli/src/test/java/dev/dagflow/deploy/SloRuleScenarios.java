package dev.dagflow.deploy;

import dev.dagflow.server.slo.SloRule;
import dev.dagflow.server.slo.SloRuleGroup;
import dev.dagflow.server.slo.SloRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;

/**
 * Writes {@code promtool test rules} cases for the rules generated from {@link #DEFINITION}: series
 * of runs at one-minute resolution, and the alerts (with their rendered annotations) or samples
 * expected from them.
 *
 * <pre>{@code
 * SloRuleScenarios cases = new SloRuleScenarios(group);
 * cases.add(cases.test("fast burn", series, List.of(cases.alert("5m", PAGE, "success", "20%"))));
 * String yaml = cases.render("slo-rules.yml");
 * }</pre>
 */
final class SloRuleScenarios {
  static final String WORKFLOW = "checkout";

  /** Success: 99% (budget 0.01). Fast: 98% within 300 s (budget 0.02). At least 5 runs. */
  static final String DEFINITION =
      """
      id: checkout
      slo:
        period: 30d
        min_runs: 5
        objectives:
          - {name: success, type: success_ratio, target: 99}
          - {name: fast, type: duration, threshold: 300s, target: 98}
      nodes:
        - {id: pay, type: noop}
      """;

  private final SloRuleGroup group;
  private final List<Object> tests = new ArrayList<>();

  SloRuleScenarios(SloRuleGroup group) {
    this.group = group;
  }

  /** Per-minute increments of a workflow's run counters and duration histogram. */
  record Traffic(
      double success, double failure, double cancelled, double slow, String le, int minutes) {
    /** Series for promtool: every counter starts at 0 and grows by its rate each minute. */
    List<Object> series() {
      double runs = success + failure + cancelled;
      List<Object> series = new ArrayList<>();
      series.add(counter("dag_workflow_executions_total", "status=\"success\"", success));
      series.add(counter("dag_workflow_executions_total", "status=\"failure\"", failure));
      series.add(counter("dag_workflow_executions_total", "status=\"cancelled\"", cancelled));
      String histogram = "dag_workflow_execution_duration_seconds";
      series.add(counter(histogram + "_count", null, runs));
      series.add(counter(histogram + "_bucket", "le=\"" + le + "\"", runs - slow));
      series.add(counter(histogram + "_bucket", "le=\"+Inf\"", runs));
      return series;
    }

    private Map<String, Object> counter(String metric, String label, double perMinute) {
      String labels = "workflow_name=\"" + WORKFLOW + "\"" + (label == null ? "" : "," + label);
      return Map.of(
          "series",
          metric + "{" + labels + "}",
          "values",
          "0+" + number(perMinute) + "x" + minutes);
    }
  }

  void add(Object test) {
    tests.add(test);
  }

  /** A test group: 1-minute series and the alerts and samples expected from them. */
  Map<String, Object> test(
      String name, List<Object> series, List<Object> alertTests, List<Object> exprTests) {
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("name", name);
    test.put("interval", "1m");
    test.put("input_series", series);
    test.put("alert_rule_test", alertTests);
    if (!exprTests.isEmpty()) {
      test.put("promql_expr_test", exprTests);
    }
    return test;
  }

  /**
   * The alert {@code alertName} at {@code evalTime}: firing for each objective in {@code firing}
   * (each with the alert's value as a percentage), or silent when none is given.
   */
  Map<String, Object> alert(String evalTime, String alertName, List<String[]> firing) {
    List<Object> expected = new ArrayList<>();
    for (String[] objectiveAndValue : firing) {
      SloRule.Alert rule = rule(alertName, objectiveAndValue[0]);
      Map<String, Object> labels = new TreeMap<>(rule.labels());
      Map<String, Object> annotations = new TreeMap<>();
      rule.annotations()
          .forEach(
              (key, text) ->
                  annotations.put(
                      key,
                      text.replace("{{ $labels.workflow_name }}", WORKFLOW)
                          .replace("{{ $labels.slo }}", objectiveAndValue[0])
                          .replace(
                              "{{ $value | humanizePercentage }}",
                              objectiveAndValue.length > 1 ? objectiveAndValue[1] : "")));
      expected.add(Map.of("exp_labels", labels, "exp_annotations", annotations));
    }
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("eval_time", evalTime);
    test.put("alertname", alertName);
    test.put("exp_alerts", expected);
    return test;
  }

  /**
   * A PromQL expression's single sample at {@code evalTime}: {@code name} (null for none) with the
   * objective's labels.
   */
  Map<String, Object> sample(String evalTime, String expr, String name, String slo, double value) {
    Map<String, Object> labels = new TreeMap<>();
    String labelText =
        (name == null ? "" : name) + "{slo=\"" + slo + "\",workflow_name=\"" + WORKFLOW + "\"}";
    labels.put("labels", labelText);
    labels.put("value", value);
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("expr", expr);
    test.put("eval_time", evalTime);
    test.put("exp_samples", List.of(labels));
    return test;
  }

  /** The promtool test file, reading the rules from {@code ruleFile}. */
  String render(String ruleFile) {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("rule_files", List.of(ruleFile));
    file.put("evaluation_interval", "1m");
    file.put("tests", tests);
    return new Dump(DumpSettings.builder().setWidth(400).build()).dumpToString(file);
  }

  private SloRule.Alert rule(String alertName, String slo) {
    return group.rules().stream()
        .filter(r -> r instanceof SloRule.Alert a && a.alert().equals(alertName))
        .map(r -> (SloRule.Alert) r)
        .filter(a -> slo.equals(a.labels().get("slo")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + alertName + " for " + slo));
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  static final String PAGE = SloRules.PAGE;
  static final String TICKET = SloRules.TICKET;
  static final String ABSENT = SloRules.ABSENT;
}
