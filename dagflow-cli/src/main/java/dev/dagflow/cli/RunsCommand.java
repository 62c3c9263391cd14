package dev.dagflow.cli;

import dev.dagflow.client.DagflowClient;
import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.RunPage;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dagflow runs [--workflow ID] [--status S] [--limit N]}: a table of runs, newest first.
 *
 * <pre>{@code
 * $ dagflow runs --status failure --limit 5
 * }</pre>
 */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List runs on a server, newest first.")
public final class RunsCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Option(names = "--workflow", paramLabel = "ID", description = "Only this workflow's runs.")
  private String workflowId;

  @Option(
      names = "--status",
      paramLabel = "S",
      description = "Only runs in this state: queued, running, success, failure, cancelled.")
  private String status;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "At most N runs (default ${DEFAULT-VALUE}).")
  private int limit;

  @Override
  public Integer call() {
    return server.call(this::list);
  }

  private int list(DagflowClient client) throws ApiException, IOException {
    RunPage page = client.runs().listRuns(workflowId, status, null, null, null, limit, null);
    if (server.json) {
      server.printJson(client, page);
    } else {
      RunPrinter.table(server.out(), page.getItems());
    }
    return ServerOptions.OK;
  }
}
