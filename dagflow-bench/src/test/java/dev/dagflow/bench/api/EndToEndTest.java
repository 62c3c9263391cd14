package dev.dagflow.bench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagflow.cli.ServerCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end API scenario against a real server on port 0: it returns only once the event
 * stream has shown every submitted run end, and gives up with the count of runs that did not.
 */
class EndToEndTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void overHttpWaitsUntilTheEventStreamShowsEveryRunEnd(@TempDir Path dataDir) throws Exception {
    try (ServerCommand.Running server = start(dataDir)) {
      String base = "http://127.0.0.1:" + server.port();
      ApiBench.post(http, base + "/workflows", ApiBench.FanOut.yaml("e2e", 3), "application/yaml");

      double rate = EndToEnd.overHttp(http, base, "e2e", 40, 4, false);

      assertThat(rate).isPositive();
      String succeeded =
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "/runs?status=success&limit=100"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(JsonMapper.shared().readTree(succeeded).path("items")).hasSize(40);
    }
  }

  @Test
  void pollingClientsSeeTheSameEnds(@TempDir Path dataDir) throws Exception {
    try (ServerCommand.Running server = start(dataDir)) {
      String base = "http://127.0.0.1:" + server.port();
      ApiBench.post(http, base + "/workflows", ApiBench.FanOut.yaml("e2e", 3), "application/yaml");

      assertThat(EndToEnd.overHttp(http, base, "e2e", 12, 3, true)).isPositive();
    }
  }

  @Test
  void runsThatNeverEndFailTheScenario(@TempDir Path dataDir) throws Exception {
    try (ServerCommand.Running server = start(dataDir)) {
      String base = "http://127.0.0.1:" + server.port();
      ApiBench.post(
          http,
          base + "/workflows",
          "id: held\nnodes:\n  - {id: hold, type: approval, timeout: 1h}\n",
          "application/yaml");

      assertThatThrownBy(() -> EndToEnd.following(http, base, "held", 2, 1, Duration.ofSeconds(1)))
          .hasMessageContaining("2 runs did not end");
    }
  }

  private static ServerCommand.Running start(Path dataDir) throws Exception {
    ServerCommand command = new ServerCommand();
    new CommandLine(command)
        .parseArgs(
            "--host", "127.0.0.1",
            "--port", "0",
            "--database-url", "jdbc:h2:mem:e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "--data-dir", dataDir.toString(),
            "--shutdown-grace", "1s");
    return command.start();
  }
}
