package dev.dagflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * A real {@code dagflow server} in-process on a loopback port, over an H2 file database in its own
 * directory (so a restart on the same port and directory finds the same runs), and a way to run
 * {@code dagflow} commands against it and see what a user sees.
 *
 * <pre>{@code
 * try (LiveServer server = LiveServer.start(dir)) {
 *   LiveServer.Result r = server.dagflow("runs");
 *   assertThat(r.exit()).isZero();
 * }
 * }</pre>
 */
final class LiveServer implements AutoCloseable {
  private final Path dataDir;
  private final List<String> extraArgs;
  private volatile ServerCommand.Running running;
  private final int port;

  /** What one command printed and returned. */
  record Result(int exit, String out, String err) {}

  private LiveServer(Path dataDir, int port, List<String> extraArgs) {
    this.dataDir = dataDir;
    this.extraArgs = extraArgs;
    this.running = launch(dataDir, port, extraArgs);
    this.port = running.port();
  }

  /** A server on a free port; {@code extraArgs} go to {@code dagflow server}. */
  static LiveServer start(Path dataDir, String... extraArgs) {
    return new LiveServer(dataDir, 0, List.of(extraArgs));
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Stops the server (it drains first), then starts it again on the same port and database. */
  void restart(Runnable whileDown) {
    running.close();
    whileDown.run();
    running = launch(dataDir, port, extraArgs);
  }

  /** Runs {@code dagflow ARGS --server URL}. */
  Result dagflow(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server");
    all.add(url());
    return run(all.toArray(String[]::new));
  }

  /** Runs {@code dagflow ARGS} as given. */
  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Override
  public void close() {
    running.close();
  }

  private static ServerCommand.Running launch(Path dataDir, int port, List<String> extraArgs) {
    ServerCommand command = new ServerCommand();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--data-dir", dataDir.toString(),
                "--instance-id", "cli-test",
                "--shutdown-grace", "10s"));
    args.addAll(extraArgs);
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    try {
      Files.createDirectories(dataDir);
      return command.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
