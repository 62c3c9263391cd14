package dev.dagflow.cli;

import dev.dagflow.client.DagflowClient;
import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.WorkflowSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code dagflow apply FILE...}: registers (or updates) workflow definitions on a server. A refused
 * file prints its located problems ({@code FILE:LINE:COLUMN: message}, like {@code validate}); the
 * other files are still applied, and the exit code is 2.
 *
 * <pre>{@code
 * $ dagflow apply examples/sdlc_parallel.yaml
 * sdlc_parallel  version 1  (examples/sdlc_parallel.yaml)
 * }</pre>
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Register or update workflow definitions on a server.",
      "Exit 0 when all were accepted, 2 when one was refused, 3 when the server is unreachable."
    })
public final class ApplyCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Workflow files (YAML or JSON).")
  private List<Path> files;

  @Override
  public Integer call() {
    return server.call(this::apply);
  }

  private int apply(DagflowClient client) throws ApiException, IOException {
    int exit = ServerOptions.OK;
    List<WorkflowSummary> applied = new ArrayList<>();
    for (Path file : files) {
      String source;
      try {
        source = Files.readString(file);
      } catch (IOException e) {
        server.err().println(file + ":1:1: cannot read: " + e.getMessage());
        exit = ServerOptions.INVALID;
        continue;
      }
      try {
        WorkflowSummary wf = client.workflows().registerWorkflow(source, file.toString());
        applied.add(wf);
        if (!server.json) {
          server.out().printf("%-24s version %d  (%s)%n", wf.getId(), wf.getVersion(), file);
        }
      } catch (ApiException e) {
        if (e.getCode() == 0 || e.getCode() >= 500) {
          throw e;
        }
        exit = Math.max(exit, server.report(e, true));
      }
    }
    if (server.json) {
      server.printJson(client, applied);
    }
    return exit;
  }
}
