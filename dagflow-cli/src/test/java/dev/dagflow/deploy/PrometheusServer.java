package dev.dagflow.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus process for tests: scrapes one target every second with the given rule groups,
 * evaluated every second, on a free loopback port, storing into a temporary directory.
 *
 * <pre>{@code
 * try (PrometheusServer prometheus = PrometheusServer.start(dir, "127.0.0.1:8003", groups)) {
 *   JsonNode result = prometheus.query("up");
 * }
 * }</pre>
 */
final class PrometheusServer implements AutoCloseable {
  static final String JOB = "dag-workflow-system";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Process process;
  private final URI base;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /**
   * Starts Prometheus in {@code dir} and waits until it is ready; the rule groups get a 1 s
   * interval.
   */
  static PrometheusServer start(Path dir, String target, List<Object> ruleGroups)
      throws IOException {
    Path binary = Promtool.require("prometheus");
    List<Object> groups = ruleGroups.stream().map(g -> (Object) withInterval(g, "1s")).toList();
    Dump dump = new Dump(DumpSettings.builder().build());
    Files.writeString(dir.resolve("alerts.yml"), dump.dumpToString(Map.of("groups", groups)));
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - alerts.yml
        scrape_configs:
          - job_name: '%s'
            metrics_path: /metrics
            scrape_interval: 1s
            static_configs:
              - targets: ['%s']
        """
            .formatted(JOB, target));
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-lifecycle")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server =
        new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
    try {
      Awaitility.await("Prometheus ready")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptionsInstanceOf(UncheckedIOException.class)
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException("prometheus exited:\n" + Files.readString(log));
                }
                return server.get("/-/ready").statusCode() == 200;
              });
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The result of an instant query ({@code data.result}); fails on an error status. */
  JsonNode query(String promql) {
    JsonNode body =
        getJson("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(body.path("status").asString())) {
      throw new IllegalStateException(
          promql
              + " → "
              + body.path("errorType").asString()
              + ": "
              + body.path("error").asString());
    }
    return body.path("data").path("result");
  }

  /** {@code /api/v1/rules}: the rule groups with each rule's health and state. */
  JsonNode rules() {
    return getJson("/api/v1/rules").path("data").path("groups");
  }

  /** {@code /api/v1/alerts}: the pending and firing alerts. */
  JsonNode alerts() {
    return getJson("/api/v1/alerts").path("data").path("alerts");
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private JsonNode getJson(String path) {
    HttpResponse<String> response = get(path);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> get(String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Map<String, Object> withInterval(Object group, String interval) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(DeployFiles.map(group, "group"));
    copy.put("interval", interval);
    return copy;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
