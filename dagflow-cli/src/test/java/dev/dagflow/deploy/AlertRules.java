package dev.dagflow.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alerting rules of a Prometheus rule file ({@code groups:} → {@code rules:}), as parsed YAML.
 *
 * <pre>{@code
 * List<AlertRules.Rule> rules = AlertRules.of(DeployFiles.yamlMap("deploy/prometheus/alerts.yml"));
 * }</pre>
 */
final class AlertRules {
  private AlertRules() {}

  /** One alerting rule and the group it belongs to. */
  record Rule(
      String group,
      String alert,
      String expr,
      String forDuration,
      Map<String, Object> labels,
      Map<String, Object> annotations) {}

  static List<Rule> of(Map<String, Object> ruleFile) {
    List<Rule> rules = new ArrayList<>();
    for (Object g : DeployFiles.list(ruleFile.get("groups"), "groups")) {
      Map<String, Object> group = DeployFiles.map(g, "group");
      String groupName = String.valueOf(group.get("name"));
      for (Object r : DeployFiles.list(group.get("rules"), groupName + ".rules")) {
        Map<String, Object> rule = DeployFiles.map(r, groupName + " rule");
        if (!rule.containsKey("alert")) {
          continue;
        }
        rules.add(
            new Rule(
                groupName,
                String.valueOf(rule.get("alert")),
                String.valueOf(rule.get("expr")),
                rule.get("for") == null ? null : String.valueOf(rule.get("for")),
                rule.get("labels") == null
                    ? Map.of()
                    : DeployFiles.map(rule.get("labels"), "labels"),
                rule.get("annotations") == null
                    ? Map.of()
                    : DeployFiles.map(rule.get("annotations"), "annotations")));
      }
    }
    return rules;
  }

  static List<Rule> shipped() {
    return of(DeployFiles.yamlMap("deploy/prometheus/alerts.yml"));
  }
}
