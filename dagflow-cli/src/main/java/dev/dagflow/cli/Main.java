package dev.dagflow.cli;

import dev.dagflow.engine.error.DagflowException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dagflow} command.
 *
 * <pre>{@code
 * dagflow run examples/sdlc_parallel.yaml --param requirement="a todo app"
 * dagflow validate examples/*.yaml
 * dagflow server --port 8003
 * dagflow apply examples/sdlc_parallel.yaml            # talks to $DAGFLOW_SERVER
 * dagflow submit sdlc_parallel --param requirement="a todo app" --wait
 * }</pre>
 */
@Command(
    name = "dagflow",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A durable DAG workflow engine and API server, observable through Prometheus.",
    subcommands = {
      RunCommand.class,
      ValidateCommand.class,
      SloRulesCommand.class,
      ServerCommand.class,
      ApplyCommand.class,
      SubmitCommand.class,
      RunsCommand.class,
      GetCommand.class,
      CancelCommand.class,
      RetryCommand.class,
      PurgeCommand.class,
      DecideCommand.Approve.class,
      DecideCommand.Reject.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(
            (e, commandLine, parsed) -> {
              // a problem of the user's input or setup (a bad workflow file, a refused node type):
              // its message names it, a stack trace would only bury it
              if (e instanceof DagflowException) {
                commandLine.getErr().println("dagflow: " + e.getMessage());
                return commandLine.getCommandSpec().exitCodeOnExecutionException();
              }
              throw e;
            });
  }

  /** Reads the version from the jar manifest (falls back to "dev" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"dagflow " + (v == null ? "dev" : v)};
    }
  }
}
