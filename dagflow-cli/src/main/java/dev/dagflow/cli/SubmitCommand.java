package dev.dagflow.cli;

import dev.dagflow.client.DagflowClient;
import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.ParamSpec;
import dev.dagflow.client.model.Submitted;
import dev.dagflow.client.model.Workflow;
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
    return LiveRun.follow(server, client, workflow, submitted.getRunId(), 0, List.of());
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
}
