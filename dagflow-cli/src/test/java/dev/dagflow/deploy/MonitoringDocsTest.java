package dev.dagflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** docs/monitoring.md describes every shipped dashboard, panel and alert. */
class MonitoringDocsTest {
  private final String guide = DeployFiles.read("docs/monitoring.md");

  @Test
  void describesEveryDashboardAndPanel() {
    for (Path file : DeployFiles.dashboards()) {
      JsonNode dashboard = DeployFiles.json(file);
      assertThat(guide).contains("### " + dashboard.path("title").asString());
      for (JsonNode panel : Dashboards.panels(dashboard)) {
        assertThat(guide)
            .as(file.getFileName().toString())
            .contains(panel.path("title").asString());
      }
    }
  }

  @Test
  void describesEveryAlert() {
    for (AlertRules.Rule rule : AlertRules.shipped()) {
      assertThat(guide)
          .contains("| " + rule.alert() + " | " + rule.labels().get("severity") + " |");
    }
  }
}
