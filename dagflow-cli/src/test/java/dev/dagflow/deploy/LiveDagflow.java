package dev.dagflow.deploy;

import dev.dagflow.cli.ServerCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/**
 * The real dagflow server, in-process on a free loopback port: in-memory H2 store, durable engine,
 * metrics on a fresh registry, wired as {@code dagflow server} wires them.
 *
 * <pre>{@code
 * try (LiveDagflow dagflow = LiveDagflow.start()) {
 *   dagflow.post("/workflows", yaml, "application/yaml");
 * }
 * }</pre>
 */
final class LiveDagflow implements AutoCloseable {
  private final ServerCommand.Running running;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LiveDagflow(ServerCommand.Running running) {
    this.running = running;
    this.base = URI.create("http://127.0.0.1:" + running.port());
  }

  /** Starts {@code dagflow server} exactly as the command line does, on a private database. */
  static LiveDagflow start() {
    ServerCommand command = new ServerCommand();
    try {
      Path dataDir = Files.createTempDirectory("dagflow-e2e");
      new CommandLine(command)
          .parseArgs(
              "--host", "127.0.0.1",
              "--port", "0",
              "--database-url", "jdbc:h2:mem:e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
              "--data-dir", dataDir.toString(),
              "--instance-id", "e2e",
              "--shutdown-grace", "2s");
      return new LiveDagflow(command.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code host:port}, as a Prometheus target. */
  String target() {
    return base.getHost() + ":" + base.getPort();
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  HttpResponse<String> post(String path, String body, String contentType) {
    return send(request(path, body, contentType));
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path, String body, String contentType) {
    return http.sendAsync(
        request(path, body, contentType).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    running.close();
  }

  private HttpRequest.Builder request(String path, String body, String contentType) {
    return HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", contentType)
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
