package dev.dagflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped alert rules keep the seed's alerts, document every alert and test every alert. */
class AlertRulesTest {
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");

  private final List<AlertRules.Rule> rules = AlertRules.shipped();
  private final Map<String, AlertRules.Rule> byName =
      rules.stream().collect(Collectors.toMap(AlertRules.Rule::alert, Function.identity()));

  @Test
  void keepsTheSeedsFiveAlertsWithTheirThresholdsSeveritiesAndDurations() {
    assertSeedAlert("HighWorkflowFailureRate", "critical", "5m", ") > 0.1");
    assertSeedAlert(
        "DatabaseUnhealthy",
        "critical",
        "1m",
        "dag_health_check_status{check_type=\"database\"}) == 0");
    assertSeedAlert("HighAPILatency", "warning", "5m", ") > 5");
    assertSeedAlert(
        "TooManyActiveWorkflows", "warning", "5m", "max by (job) (dag_active_workflows) > 100");
    assertSeedAlert("HighMemoryUsage", "warning", "5m", "(dag_memory_usage_bytes) > 2147483648");
    assertThat(byName.get("HighAPILatency").expr())
        .contains("histogram_quantile(0.95", "sum by (job, le)");
  }

  @Test
  void alertNamesAreUnique() {
    assertThat(rules).extracting(AlertRules.Rule::alert).doesNotHaveDuplicates();
  }

  @Test
  void everyAlertHasSeveritySummaryDescriptionAndRunbook() {
    for (AlertRules.Rule rule : rules) {
      assertThat(rule.labels()).as(rule.alert()).containsKey("severity");
      assertThat(rule.labels().get("severity"))
          .as(rule.alert())
          .isIn("critical", "warning", "info");
      assertThat(rule.annotations())
          .as(rule.alert())
          .containsKeys("summary", "description", "runbook", "runbook_url");
      assertThat(String.valueOf(rule.annotations().get("runbook_url")))
          .as(rule.alert())
          .isEqualTo("docs/runbooks.md#" + rule.alert().toLowerCase(Locale.ROOT))
          .isEqualTo(String.valueOf(rule.annotations().get("runbook")));
    }
  }

  @Test
  void everyRunbookLinkPointsToASectionOfTheRunbooks() {
    Set<String> anchors = new HashSet<>();
    Matcher m = HEADING.matcher(DeployFiles.read("docs/runbooks.md"));
    while (m.find()) {
      anchors.add(githubAnchor(m.group(1)));
    }
    for (AlertRules.Rule rule : rules) {
      String url = String.valueOf(rule.annotations().get("runbook_url"));
      assertThat(anchors)
          .as(rule.alert() + " → " + url)
          .contains(url.substring(url.indexOf('#') + 1));
    }
  }

  @Test
  void everyAlertHasAFiringAndANonFiringUnitTest() {
    Set<String> fires = new HashSet<>();
    Set<String> staysQuiet = new HashSet<>();
    for (Object t :
        DeployFiles.list(
            DeployFiles.yamlMap("deploy/prometheus/alerts_test.yml").get("tests"), "tests")) {
      Object cases = DeployFiles.map(t, "test").get("alert_rule_test");
      if (cases == null) {
        continue;
      }
      for (Object c : DeployFiles.list(cases, "alert_rule_test")) {
        Map<String, Object> ruleTest = DeployFiles.map(c, "alert_rule_test");
        String name = String.valueOf(ruleTest.get("alertname"));
        Object expected = ruleTest.get("exp_alerts");
        boolean none = expected == null || DeployFiles.list(expected, "exp_alerts").isEmpty();
        (none ? staysQuiet : fires).add(name);
      }
    }
    assertThat(fires).containsAll(byName.keySet());
    assertThat(staysQuiet).containsAll(byName.keySet());
  }

  @Test
  void ratiosAndQuantilesAreGuardedAgainstAnIdleSystem() {
    for (AlertRules.Rule rule : rules) {
      if (rule.expr().contains("histogram_quantile") || rule.expr().matches("(?s).*\\s/\\s.*")) {
        assertThat(rule.expr()).as(rule.alert()).containsPattern("and on \\([a-z_, ]+\\)");
      }
    }
  }

  private void assertSeedAlert(
      String name, String severity, String forDuration, String exprFragment) {
    AlertRules.Rule rule = byName.get(name);
    assertThat(rule).as(name).isNotNull();
    assertThat(rule.group()).as(name).isEqualTo("dag_workflow_alerts");
    assertThat(rule.labels().get("severity")).as(name).isEqualTo(severity);
    assertThat(rule.forDuration()).as(name).isEqualTo(forDuration);
    // The fragment ends the threshold: "> 0.1" must not match "> 0.15".
    assertThat(rule.expr().replaceAll("\\s+", " "))
        .as(name)
        .containsPattern(Pattern.quote(exprFragment) + "(?![0-9.])");
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
  static String githubAnchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }
}
