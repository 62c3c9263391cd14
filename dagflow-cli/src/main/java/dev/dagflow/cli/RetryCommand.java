package dev.dagflow.cli;

import dev.dagflow.client.DagflowClient;
import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.Event;
import dev.dagflow.client.model.EventPage;
import dev.dagflow.client.model.Node;
import dev.dagflow.client.model.Run;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dagflow retry RUN_ID [--wait]}: queues a failed or cancelled run again; its unsuccessful
 * nodes run again, its successful ones keep their outputs. A run in another state is a 409 (exit
 * 2). With {@code --wait} it follows the run live as {@code submit --wait} does and exits 0 on
 * success, 1 when the run failed again.
 *
 * <pre>{@code
 * $ dagflow retry 5f0c2a8e-3b1d-4c6e-9a7f-2d8b1e4c6a90 --wait
 * }</pre>
 */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = {
      "Retry a failed or cancelled run: its failed, cancelled and skipped nodes run again.",
      "With --wait, follow it live; exit 0 on success, 1 when it fails, 2 on bad input or a 4xx"
          + " (409: the run is not failed or cancelled), 3 when the server is unreachable."
    })
public final class RetryCommand implements Callable<Integer> {
  private static final int PAGE = 500;

  @Mixin ServerOptions server;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
  private String runId;

  @Option(names = "--wait", description = "Follow the run until it ends again.")
  private boolean waitForEnd;

  @Override
  public Integer call() {
    return server.call(this::retry);
  }

  private int retry(DagflowClient client) throws ApiException, IOException, InterruptedException {
    // a finished run writes no event until it is retried: following after its last one shows
    // exactly the retry
    long after = waitForEnd ? lastSeq(client) : 0;
    Run run = client.runs().retryRun(runId);
    if (!waitForEnd) {
      if (server.json) {
        server.printJson(client, run);
      } else {
        server.out().println("run " + run.getRunId() + " " + run.getStatus());
      }
      return ServerOptions.OK;
    }
    server.err().println("run " + run.getRunId() + " retried; following it live");
    server.err().flush();
    List<Node> kept =
        run.getNodes() == null
            ? List.of()
            : run.getNodes().stream().filter(n -> "success".equals(n.getStatus())).toList();
    return LiveRun.follow(
        server,
        client,
        client.workflows().getWorkflow(run.getWorkflowId()),
        run.getRunId(),
        after,
        kept);
  }

  private long lastSeq(DagflowClient client) throws ApiException {
    long after = 0;
    while (true) {
      EventPage page = client.events().listRunEvents(runId, after, PAGE);
      List<Event> items = page.getItems() == null ? List.of() : page.getItems();
      if (items.isEmpty()) {
        return after;
      }
      after = items.getLast().getSeq();
      if (page.getNextCursor() == null) {
        return after;
      }
    }
  }
}
