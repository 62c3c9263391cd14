package dev.dagflow.cli;

import dev.dagflow.client.DagflowClient;
import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.Event;
import dev.dagflow.client.model.Node;
import dev.dagflow.client.model.Run;
import dev.dagflow.client.model.Workflow;
import dev.dagflow.client.model.WorkflowNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Follows a run on a server until it ends, drawing the live tree of {@code dagflow run} on stderr,
 * then prints the finished run: what {@code submit --wait} and {@code retry --wait} share. It
 * resumes with {@code ?after=SEQ} when the connection drops (a server restart).
 *
 * <pre>{@code
 * int exit = LiveRun.follow(server, client, workflow, runId, 0, List.of());
 * }</pre>
 */
final class LiveRun {
  private LiveRun() {}

  /**
   * Follows {@code runId} from the event after {@code afterSeq}; nodes in {@code done} (a retried
   * run's successful nodes, which send no events) are drawn as they are. Returns exit code 0 when
   * the run succeeded, 1 otherwise.
   */
  static int follow(
      ServerOptions server,
      DagflowClient client,
      Workflow workflow,
      UUID runId,
      long afterSeq,
      List<Node> done)
      throws ApiException, IOException, InterruptedException {
    Map<String, List<String>> nodes = new LinkedHashMap<>();
    for (WorkflowNode n : workflow.getNodes()) {
      nodes.put(n.getId(), n.getDependsOn() == null ? List.of() : n.getDependsOn());
    }
    ProgressTree tree =
        new ProgressTree(workflow.getId(), nodes, server.err(), ProgressTree.stderrIsTerminal());
    done.forEach(n -> tree.known(n.getId(), n.getStatus()));
    Run finished =
        client
            .follow(runId)
            .after(afterSeq)
            .onEvent(e -> tree.transition(transition(e)))
            .onReconnect(
                wait -> {
                  server
                      .err()
                      .println("connection lost; reconnecting in " + wait.toMillis() + " ms");
                  server.err().flush();
                })
            .await();
    if (server.json) {
      server.printJson(client, finished);
    } else {
      RunPrinter.summary(server.out(), finished);
    }
    return "success".equals(finished.getStatus()) ? ServerOptions.OK : ServerOptions.FAILED;
  }

  private static ProgressTree.Transition transition(Event e) {
    Map<String, Object> data = e.getData() == null ? Map.of() : e.getData();
    return new ProgressTree.Transition(
        e.getType(),
        e.getNodeId(),
        ProgressTree.nodeStatusAfter(e.getType()),
        ProgressTree.runStatusAfter(e.getType()),
        e.getAt() == null ? null : e.getAt().toInstant(),
        data.get("duration_seconds") instanceof Number n ? n.doubleValue() : null,
        data.get("error") instanceof String s ? s : null,
        data.get("reason") instanceof String s ? s : null,
        data.get("items") instanceof Number n ? n.intValue() : null);
  }
}
