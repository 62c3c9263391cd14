package dev.dagflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.definition.DefinitionParser;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The live node tree of {@code dagflow run}. */
class ProgressTest {
  @Test
  void aParkedApprovalNodeIsShownWaitingNotRunning() {
    WorkflowDefinition def =
        DefinitionParser.standard()
            .parse("id: g\nnodes:\n  - {id: sign_off, type: approval}\n", "g.yaml");
    StringWriter screen = new StringWriter();
    var progress = new RunCommand.Progress(def, new PrintWriter(screen), true);
    UUID runId = UUID.randomUUID();
    NodeRecord parked =
        NodeRecord.pending(runId, "sign_off", "approval", "sign_off").toBuilder()
            .status(NodeStatus.RUNNING)
            .lease(NodeRecord.DECISION_OWNER, Instant.now().plusSeconds(3600))
            .build();

    progress.onEvent(
        new EventRecord(
            1,
            EventCursor.START,
            EventType.NODE_WAITING,
            runId,
            "g",
            "sign_off",
            Instant.now(),
            null),
        null,
        parked);

    assertThat(screen.toString()).contains("sign_off  waiting").doesNotContain("running");
  }

  @Test
  void aMappedNodeShowsItsItemsDoneOfTotalAndAWorkflowNodeItsChildRun() {
    StringWriter screen = new StringWriter();
    ProgressTree tree =
        new ProgressTree(
            "g",
            new java.util.LinkedHashMap<>(java.util.Map.of("each", java.util.List.<String>of())),
            new PrintWriter(screen),
            true);
    Instant now = Instant.now();
    tree.transition(
        new ProgressTree.Transition(
            "node.started", "each", "running", "running", now, null, null, null, 3));
    for (int i = 0; i < 2; i++) {
      tree.transition(
          new ProgressTree.Transition(
              "node.succeeded", "each[" + i + "]", "success", "running", now, 0.1, null, null));
    }
    assertThat(screen.toString()).contains("each  running  2/3 items");
    assertThat(screen.toString()).doesNotContain("each[0]"); // items are counted, not listed

    tree.child("each", "7f3c0000-0000-0000-0000-000000000001", "running", "running");
    assertThat(screen.toString())
        .contains("2/3 items  child 7f3c0000-0000-0000-0000-000000000001 running");
  }

  @Test
  void inLogModeEveryItemLineCarriesTheCount() {
    StringWriter log = new StringWriter();
    ProgressTree tree =
        new ProgressTree(
            "g",
            java.util.Map.of("each", java.util.List.<String>of()),
            new PrintWriter(log),
            false);
    Instant now = Instant.now();
    tree.transition(
        new ProgressTree.Transition(
            "node.started", "each", "running", "running", now, null, null, null, 2));
    tree.transition(
        new ProgressTree.Transition(
            "node.succeeded", "each[1]", "success", "running", now, 0.1, null, null));
    assertThat(log.toString()).contains("node.succeeded each[1] (0.10s) [1/2]");
  }
}
