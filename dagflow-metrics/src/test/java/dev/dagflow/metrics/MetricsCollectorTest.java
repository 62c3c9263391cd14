package dev.dagflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class MetricsCollectorTest {

  private final MetricsFixture fixture = new MetricsFixture();
  private final MetricsCollector collector = fixture.collector;

  @Test
  void trackWorkflowExecutionRecordsSuccessAndReturnsTheResult() throws Exception {
    String result = collector.trackWorkflowExecution("sdlc", () -> "done");

    assertThat(result).isEqualTo("done");
    assertThat(fixture.text())
        .contains("dag_workflow_executions_total{status=\"success\",workflow_name=\"sdlc\"} 1.0\n")
        .contains("dag_workflow_execution_duration_seconds_count{workflow_name=\"sdlc\"} 1\n")
        .contains("dag_active_workflows 0.0\n");
  }

  @Test
  void trackWorkflowExecutionRecordsFailureAndRethrows() {
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(
            () ->
                collector.trackWorkflowExecution(
                    "sdlc",
                    () -> {
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(fixture.text())
        .contains("dag_workflow_executions_total{status=\"failure\",workflow_name=\"sdlc\"} 1.0\n")
        .contains("dag_active_workflows 0.0\n");
  }

  @Test
  void trackWorkflowExecutionJudgesTheResultWithThePredicate() throws Exception {
    collector.trackWorkflowExecution("sdlc", () -> false, Boolean::booleanValue);

    assertThat(fixture.text())
        .contains("dag_workflow_executions_total{status=\"failure\",workflow_name=\"sdlc\"} 1.0\n");
  }

  @Test
  void trackNodeExecutionRecordsFailureAndRethrows() {
    Exception checked = new Exception("phase failed");

    assertThatThrownBy(
            () ->
                collector.trackNodeExecution(
                    "phase",
                    "backend_development",
                    () -> {
                      throw checked;
                    }))
        .isSameAs(checked);
    assertThat(fixture.text())
        .contains(
            "dag_node_executions_total{node_type=\"phase\",phase_name=\"backend_development\","
                + "status=\"failure\"} 1.0\n")
        .contains("dag_active_nodes 0.0\n");
  }

  @Test
  void trackNodeExecutionRecordsCancellationAsCancelled() {
    assertThatThrownBy(
            () ->
                collector.trackNodeExecution(
                    "phase",
                    "testing",
                    () -> {
                      throw new CancellationException();
                    }))
        .isInstanceOf(CancellationException.class);
    assertThat(fixture.text())
        .contains(
            "dag_node_executions_total{node_type=\"phase\",phase_name=\"testing\","
                + "status=\"cancelled\"} 1.0\n");
  }

  @Test
  void recordNodeCompleteAddsTheRetryCountToRetriesAndLeavesActiveNodes() {
    collector.recordNodeStart("phase", "testing");
    collector.recordNodeComplete("phase", "testing", "success", 45.2, 3);
    collector.recordNodeComplete("phase", "testing", "success", 1.0, 0);

    assertThat(fixture.text())
        .contains("dag_node_retries_total{node_type=\"phase\",phase_name=\"testing\"} 3.0\n")
        .contains("dag_active_nodes -1.0\n");
  }

  @Test
  void registerWorkflowStartsItsLabelledCountersAtZero() {
    collector.registerWorkflow("sdlc", List.of(new NodeLabels("shell", "build")));

    assertThat(fixture.text())
        .contains(
            "dag_workflow_executions_total{status=\"cancelled\",workflow_name=\"sdlc\"} 0.0\n")
        .contains("dag_workflow_executions_total{status=\"failure\",workflow_name=\"sdlc\"} 0.0\n")
        .contains("dag_workflow_executions_total{status=\"success\",workflow_name=\"sdlc\"} 0.0\n")
        .contains(
            FixtureLines.nodeStatuses(
                "shell", "build", "cancelled", "failure", "skipped", "success"))
        .contains("dag_node_retries_total{node_type=\"shell\",phase_name=\"build\"} 0.0\n");
  }

  @Test
  void removeWorkflowRemovesItsSeries() {
    collector.registerWorkflow("sdlc", List.of(new NodeLabels("shell", "build")));
    collector.recordWorkflowComplete("sdlc", "success", 2, "run-1");
    collector.recordWorkflowQueueWait("sdlc", 0.5);
    collector.recordNodeComplete("shell", "build", "success", 1, 0);
    collector.recordWorkflowComplete("other", "success", 2);

    collector.removeWorkflow("sdlc");

    assertThat(fixture.text())
        .doesNotContain("workflow_name=\"sdlc\"")
        .doesNotContain("phase_name=\"build\"")
        .contains("workflow_name=\"other\"");
  }

  @Test
  void removeWorkflowKeepsNodeSeriesAnotherWorkflowShares() {
    NodeLabels shared = new NodeLabels("shell", "build");
    collector.registerWorkflow("one", List.of(shared));
    collector.registerWorkflow("two", List.of(shared));

    collector.removeWorkflow("one");

    assertThat(fixture.text())
        .contains("dag_node_retries_total{node_type=\"shell\",phase_name=\"build\"} 0.0\n");
  }

  @Test
  void apiStatusCodesOutsideTheCachedRangeAreStillLabelled() {
    collector.recordApiRequest("GET", "/metrics", 999, 0.001);

    assertThat(fixture.text()).contains("status_code=\"999\"");
  }

  /** Expected node-execution lines, in the sorted order the writer emits. */
  private static final class FixtureLines {
    static String nodeStatuses(String type, String phase, String... statuses) {
      StringBuilder lines = new StringBuilder();
      for (String status : statuses) {
        lines.append(
            "dag_node_executions_total{node_type=\"%s\",phase_name=\"%s\",status=\"%s\"} 0.0\n"
                .formatted(type, phase, status));
      }
      return lines.toString();
    }
  }
}
