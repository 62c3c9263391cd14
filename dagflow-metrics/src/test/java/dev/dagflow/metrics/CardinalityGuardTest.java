package dev.dagflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CardinalityGuardTest {

  private final MetricsFixture fixture = new MetricsFixture(3);

  @Test
  void recordsUpToTheBoundUnderTheirOwnLabels() {
    fixture.collector.recordArtifact("a", 1);
    fixture.collector.recordArtifact("b", 1);
    fixture.collector.recordArtifact("c", 1);

    assertThat(fixture.text())
        .contains("dag_artifacts_generated_total{artifact_type=\"c\"} 1.0\n")
        .doesNotContain("\"__overflow__\"");
  }

  @Test
  void recordsPastTheBoundAsOverflowAndCountsEachRecording() {
    for (String type : new String[] {"a", "b", "c", "d", "e", "d"}) {
      fixture.collector.recordArtifact(type, 1);
    }

    assertThat(fixture.text())
        .contains("dag_artifacts_generated_total{artifact_type=\"__overflow__\"} 3.0\n")
        .doesNotContain("artifact_type=\"d\"")
        .contains(
            "dag_metric_label_overflow_total{metric=\"dag_artifacts_generated_total\"} 3.0\n");
  }

  @Test
  void replacesEveryLabelOfAnOverflowingSet() {
    for (int code = 200; code < 204; code++) {
      fixture.collector.recordApiRequest("GET", "/health", code, 0.001);
    }

    assertThat(fixture.text())
        .contains(
            "dag_api_requests_total{endpoint=\"__overflow__\",method=\"__overflow__\","
                + "status_code=\"__overflow__\"} 1.0\n");
  }

  @Test
  void knownLabelSetsKeepRecordingOnceTheGuardIsFull() {
    for (String type : new String[] {"a", "b", "c", "d", "a"}) {
      fixture.collector.recordArtifact(type, 1);
    }

    assertThat(fixture.text()).contains("dag_artifacts_generated_total{artifact_type=\"a\"} 2.0\n");
  }

  @Test
  void removingAWorkflowFreesRoomUnderTheBound() {
    fixture.collector.registerWorkflow("one", java.util.List.of());
    fixture.collector.removeWorkflow("one");
    fixture.collector.recordWorkflowComplete("two", "success", 1);

    assertThat(fixture.text())
        .contains("dag_workflow_executions_total{status=\"success\",workflow_name=\"two\"} 1.0\n");
  }
}
