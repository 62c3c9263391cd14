package dev.dagflow.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code dagflow server} in a child JVM, so that a test can {@code kill -9} it: unlike an engine
 * abandoned inside the test's JVM, a killed process takes every buffer it held with it. What it
 * prints goes to a file (a pipe read while the process dies loses its last lines).
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.start(dataDir, workflowsDir)) {
 *   http.send(post(server.uri("/workflows/w/runs")), ...);
 *   server.kill();
 * }
 * }</pre>
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

  private final Process process;
  private final Path log;
  private final URI base;

  private ServerProcess(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /** Starts the server on a free port and waits until it listens. */
  static ServerProcess start(Path dataDir, Path workflowsDir, String... extraArgs) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--data-dir",
            dataDir.toString(),
            "--workflows-dir",
            workflowsDir.toString()));
    command.addAll(List.of(extraArgs));
    Process process;
    Path log;
    try {
      log = Files.createTempFile(dataDir, "server-", ".log");
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      int port =
          await()
              .atMost(Duration.ofSeconds(180)) // a JVM starts slowly on a loaded machine
              .pollInterval(Duration.ofMillis(50))
              .until(() -> boundPort(process, log), Optional::isPresent)
              .orElseThrow();
      return new ServerProcess(process, log, URI.create("http://127.0.0.1:" + port));
    } catch (ConditionTimeoutException | IllegalStateException e) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not start:\n" + read(log), e);
    }
  }

  private static Optional<Integer> boundPort(Process process, Path log) {
    Matcher m = LISTENING.matcher(read(log));
    if (m.find()) {
      return Optional.of(Integer.parseInt(m.group(1)));
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("server exited with " + process.exitValue());
    }
    return Optional.empty();
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  /** Everything the server printed so far. */
  String output() {
    return read(log);
  }

  /** SIGTERM, as an orchestrator stops a pod; returns the exit code once the process is gone. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server did not stop within 60 s:\n" + output());
    }
    return process.exitValue();
  }

  /** SIGKILL, then waits until the process is gone: no shutdown hook, no flush. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
