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
 * {@code dagflow get RUN_ID}: one run with its nodes, attempts, quality scores, artifacts and
 * errors.
 *
 * <pre>{@code
 * $ dagflow get 5f0c2a8e-3b1d-4c6e-9a7f-2d8b1e4c6a90 --json
 * }</pre>
 */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show one run.")
public final class GetCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
  private String runId;

  @Override
  public Integer call() {
    return server.call(this::get);
  }

  private int get(DagflowClient client) throws ApiException, IOException {
    Run run = client.runs().getRun(runId);
    if (server.json) {
      server.printJson(client, run);
    } else {
      RunPrinter.summary(server.out(), run);
    }
    return ServerOptions.OK;
  }
}
