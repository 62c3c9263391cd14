package dev.dagflow.cli;

import dev.dagflow.client.DagflowClient;
import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.Event;
import dev.dagflow.client.model.ParamSpec;
import dev.dagflow.client.model.Run;
import dev.dagflow.client.model.Submitted;
import dev.dagflow.client.model.Workflow;
import dev.dagflow.client.model.WorkflowNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dagflow submit WORKFLOW_ID [--param k=v ...] [--idempotency-key K] [--wait]}: submits a
 * run and prints its id. With {@code --wait} it follows the run live over its WebSocket (the same
 * tree as {@code dagflow run}), resumes where it left off when the connection drops (a server
 * restart), prints the finished run and exits 0 on success, 1 when the run failed or was cancelled.
 * Interrupting the command leaves the run running on the server.
 *
 * <pre>{@code
 * $ dagflow submit sdlc_parallel --param requirement="a todo app" --wait
 * }</pre>
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submit a run of a registered workflow and print its id.",
      "With --wait, follow it live; exit 0 on success, 1 when it fails, 2 on bad input or a 4xx,"
          + " 3 when the server is unreachable."
    })
public final class SubmitCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "The workflow to run.")
  private String workflowId;

  @Option(
      names = "--param",
      paramLabel = "KEY=VALUE",
      description = "A run parameter (repeatable); non-string params are read as JSON.")
  private Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "Submitting again with the same key returns the same run.")
  private String idempotencyKey;

  @Option(names = "--wait", description = "Follow the run until it ends.")
  private boolean waitForEnd;

  @Override
  public Integer call() {
    return server.call(this::submit);
  }

  private int submit(DagflowClient client) throws ApiException, IOException, InterruptedException {
    Workflow workflow = client.workflows().getWorkflow(workflowId);
    Submitted submitted = client.submit(workflowId, typedParams(client, workflow), idempotencyKey);
    if (!waitForEnd) {
      if (server.json) {
        server.printJson(client, submitted);
      } else {
        server.out().println(submitted.getRunId());
      }
      return ServerOptions.OK;
    }
    server.err().println("run " + submitted.getRunId() + " submitted; following it live");
    server.err().flush();
    Map<String, List<String>> nodes = new LinkedHashMap<>();
    for (WorkflowNode n : workflow.getNodes()) {
      nodes.put(n.getId(), n.getDependsOn() == null ? List.of() : n.getDependsOn());
    }
    ProgressTree tree =
        new ProgressTree(workflowId, nodes, server.err(), ProgressTree.stderrIsTerminal());
    Run done =
        client
            .follow(submitted.getRunId())
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
      server.printJson(client, done);
    } else {
      RunPrinter.summary(server.out(), done);
    }
    return "success".equals(done.getStatus()) ? ServerOptions.OK : ServerOptions.FAILED;
  }

  /** Declared string params stay text; anything else is parsed as JSON when it parses. */
  private Map<String, Object> typedParams(DagflowClient client, Workflow workflow) {
    Map<String, ParamSpec> declared =
        workflow.getParams() == null ? Map.of() : workflow.getParams();
    Map<String, Object> typed = new LinkedHashMap<>();
    params.forEach(
        (k, v) -> {
          ParamSpec spec = declared.get(k);
          if (spec != null && "string".equals(spec.getType())) {
            typed.put(k, v);
            return;
          }
          try {
            typed.put(k, client.mapper().readValue(v, Object.class));
          } catch (IOException notJson) {
            typed.put(k, v);
          }
        });
    return typed;
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
