package dev.dagflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dagflow server --otel} exports over OTLP/HTTP, configured by the standard {@code otel.*}
 * settings, to a receiver this test starts: the receiver gets protobuf trace batches naming the run
 * and each of its nodes.
 */
class OtlpExportTest {
  private static final String FLOW =
      """
      id: otlp_flow
      nodes:
        - {id: build, type: noop}
        - {id: test, type: noop, depends_on: [build]}
      """;

  @TempDir Path dataDir;

  @Test
  void spansOfARunReachAnOtlpHttpReceiver() throws Exception {
    List<byte[]> batches = new CopyOnWriteArrayList<>();
    List<String> contentTypes = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/v1/traces",
        exchange -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          exchange.getRequestBody().transferTo(body);
          batches.add(body.toByteArray());
          contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    Map<String, String> settings =
        Map.of(
            "otel.exporter.otlp.endpoint",
            "http://127.0.0.1:" + receiver.getAddress().getPort(),
            "otel.bsp.schedule.delay",
            "100");
    settings.forEach(System::setProperty);
    try {
      ServerCommand command = new ServerCommand();
      new CommandLine(command)
          .parseArgs(
              "--otel",
              "--host",
              "127.0.0.1",
              "--port",
              "0",
              "--database-url",
              "jdbc:h2:mem:otlp-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
              "--data-dir",
              dataDir.toString(),
              "--shutdown-grace",
              "2s");
      String runId;
      try (ServerCommand.Running running = command.start()) {
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + running.port());
        http.send(
            HttpRequest.newBuilder(base.resolve("/workflows"))
                .POST(HttpRequest.BodyPublishers.ofString(FLOW))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> done =
            http.send(
                HttpRequest.newBuilder(base.resolve("/workflow/otlp_flow/execute"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        runId = JsonMapper.shared().readTree(done.body()).path("run_id").asString();
      }

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(received(batches))
                      .contains(
                          "run otlp_flow",
                          "node build",
                          "node test",
                          "dagflow.run.id",
                          runId,
                          "dagflow.node.id",
                          "POST /workflow/{workflow_id}/execute",
                          "dagflow"));
      assertThat(contentTypes).allMatch(t -> t.startsWith("application/x-protobuf"));
    } finally {
      settings.keySet().forEach(System::clearProperty);
      receiver.stop(0);
    }
  }

  /** The batches' bytes as text: protobuf keeps strings as UTF-8, so names can be searched. */
  private static String received(List<byte[]> batches) {
    StringBuilder text = new StringBuilder();
    batches.forEach(b -> text.append(new String(b, StandardCharsets.UTF_8)));
    return text.toString();
  }
}
