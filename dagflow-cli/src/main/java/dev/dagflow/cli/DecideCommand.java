package dev.dagflow.cli;

import dev.dagflow.client.DagflowClient;
import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.Decision;
import dev.dagflow.client.model.Run;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dagflow approve|reject RUN_ID NODE_ID [--comment C] [--by NAME]}: decides a waiting {@code
 * approval} node and prints the run.
 *
 * <pre>{@code
 * $ dagflow approve 5f0c2a8e-… review --comment "looks good"
 * }</pre>
 */
abstract sealed class DecideCommand implements Callable<Integer>
    permits DecideCommand.Approve, DecideCommand.Reject {
  @Mixin ServerOptions server;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
  private String runId;

  @Parameters(index = "1", paramLabel = "NODE_ID", description = "The waiting approval node.")
  private String nodeId;

  @Option(names = "--comment", paramLabel = "C", description = "Why (kept with the decision).")
  private String comment;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      defaultValue = "${sys:user.name}",
      description = "Who decides (default: the user name).")
  private String by;

  abstract boolean approves();

  @Override
  public Integer call() {
    return server.call(this::decide);
  }

  private int decide(DagflowClient client) throws ApiException, IOException {
    Decision decision = new Decision().by(by).comment(comment);
    Run run =
        approves()
            ? client.runs().approveNode(runId, nodeId, decision)
            : client.runs().rejectNode(runId, nodeId, decision);
    if (server.json) {
      server.printJson(client, run);
    } else {
      RunPrinter.summary(server.out(), run);
    }
    return ServerOptions.OK;
  }

  /** {@code dagflow approve}. */
  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = "Approve a waiting approval node of a run.")
  static final class Approve extends DecideCommand {
    @Override
    boolean approves() {
      return true;
    }
  }

  /** {@code dagflow reject}. */
  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Reject a waiting approval node of a run.")
  static final class Reject extends DecideCommand {
    @Override
    boolean approves() {
      return false;
    }
  }
}
