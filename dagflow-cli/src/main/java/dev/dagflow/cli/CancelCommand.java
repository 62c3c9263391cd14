package dev.dagflow.cli;

import dev.dagflow.client.DagflowClient;
import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.Run;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code dagflow cancel RUN_ID}: cancels a queued or running run (a finished one is a 409: exit 2).
 *
 * <pre>{@code
 * $ dagflow cancel 5f0c2a8e-3b1d-4c6e-9a7f-2d8b1e4c6a90
 * }</pre>
 */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a run.")
public final class CancelCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
  private String runId;

  @Override
  public Integer call() {
    return server.call(this::cancel);
  }

  private int cancel(DagflowClient client) throws ApiException, IOException {
    Run run = client.runs().cancelRun(runId);
    if (server.json) {
      server.printJson(client, run);
    } else {
      server.out().println("run " + run.getRunId() + " " + run.getStatus());
    }
    return ServerOptions.OK;
  }
}
