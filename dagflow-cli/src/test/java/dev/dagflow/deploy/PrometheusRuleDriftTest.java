package dev.dagflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/prometheusrule.yaml holds exactly the rules of deploy/prometheus/alerts.yml.
 * When this fails, run {@code deploy/kubernetes/generate-prometheusrule.sh} (or {@code make
 * prometheus-rule}).
 */
class PrometheusRuleDriftTest {
  private static final String REGENERATE =
      "prometheusrule.yaml differs from alerts.yml: run deploy/kubernetes/generate-prometheusrule.sh";

  private final Map<String, Object> alerts = DeployFiles.yamlMap("deploy/prometheus/alerts.yml");
  private final Map<String, Object> prometheusRule =
      DeployFiles.yamlMap("deploy/kubernetes/prometheusrule.yaml");

  @Test
  void isAPrometheusOperatorRuleResource() {
    assertThat(prometheusRule)
        .containsEntry("apiVersion", "monitoring.coreos.com/v1")
        .containsEntry("kind", "PrometheusRule");
    assertThat(DeployFiles.map(prometheusRule.get("metadata"), "metadata"))
        .containsEntry("name", "dagflow");
  }

  @Test
  void holdsTheSameGroupsAndRulesAsAlertsYml() {
    Map<String, Object> spec = DeployFiles.map(prometheusRule.get("spec"), "spec");

    assertThat(spec.keySet()).as(REGENERATE).containsExactly("groups");
    assertThat(spec.get("groups")).as(REGENERATE).isEqualTo(alerts.get("groups"));
  }

  @Test
  void holdsTheSameAlertsInTheSameOrder() {
    assertThat(AlertRules.of(DeployFiles.map(prometheusRule.get("spec"), "spec")))
        .as(REGENERATE)
        .containsExactlyElementsOf(AlertRules.shipped());
  }
}
