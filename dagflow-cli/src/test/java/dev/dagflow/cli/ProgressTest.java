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
}
