package dev.dagflow.server;

import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.runtime.DurableEngine;
import dev.dagflow.engine.runtime.DurableEngineBuilder;
import dev.dagflow.metrics.DagMetrics;
import dev.dagflow.metrics.MetricsCollector;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.JdbcStoreBuilder;
import dev.dagflow.store.testing.TestStores;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real server on a free port over a real store and engine, with an HTTP client. */
final class ServerFixture implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();

  static final String NOOP_FLOW =
      """
      id: noop_flow
      nodes:
        - id: only
          type: noop
      """;

  final JdbcStore store;
  final DurableEngine engine;
  final MetricsCollector metrics;
  final PrometheusRegistry registry = new PrometheusRegistry();
  final DagflowServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String base;
  String token;

  private ServerFixture(
      Function<Consumer<JdbcStoreBuilder>, JdbcStore> stores,
      Consumer<DurableEngineBuilder> engineSettings,
      Consumer<DagflowServer.Builder> serverSettings,
      UnaryOperator<WorkflowEngine> engineView) {
    metrics = new MetricsCollector(DagMetrics.builder().registry(registry).build());
    store =
        stores.apply(
            b ->
                b.queryObserver(StoreInstrumentation.queries(metrics))
                    .contextObserver(StoreInstrumentation.contexts(metrics)));
    DurableEngineBuilder eb =
        DurableEngine.builder()
            .store(store)
            .instanceId("test-" + UUID.randomUUID())
            .pollInterval(Duration.ofMillis(50))
            .heartbeatInterval(Duration.ofMillis(200))
            .leaseDuration(Duration.ofSeconds(5));
    engineSettings.accept(eb);
    engine = eb.build();
    DagflowServer.Builder sb =
        DagflowServer.builder()
            .store(store)
            .engine(engineView.apply(engine))
            .metrics(metrics)
            .host("127.0.0.1")
            .port(0)
            .limits(ServerLimits.builder().shutdownGrace(Duration.ofSeconds(2)).build());
    serverSettings.accept(sb);
    server = sb.build();
    int port = server.start();
    base = "http://127.0.0.1:" + port;
  }

  static ServerFixture h2() {
    return new ServerFixture(TestStores::h2, e -> {}, s -> {}, UnaryOperator.identity());
  }

  static ServerFixture postgres() {
    return new ServerFixture(TestStores::postgres, e -> {}, s -> {}, UnaryOperator.identity());
  }

  static ServerFixture on(
      boolean postgres,
      Consumer<DurableEngineBuilder> engineSettings,
      Consumer<DagflowServer.Builder> serverSettings) {
    return new ServerFixture(
        postgres ? TestStores::postgres : TestStores::h2,
        engineSettings,
        serverSettings,
        UnaryOperator.identity());
  }

  static ServerFixture custom(
      Function<Consumer<JdbcStoreBuilder>, JdbcStore> stores,
      Consumer<DurableEngineBuilder> engineSettings,
      Consumer<DagflowServer.Builder> serverSettings) {
    return new ServerFixture(stores, engineSettings, serverSettings, UnaryOperator.identity());
  }

  /** A server that sees the engine through {@code engineView} (to make it misbehave). */
  static ServerFixture withEngineView(UnaryOperator<WorkflowEngine> engineView) {
    return new ServerFixture(TestStores::h2, e -> {}, s -> {}, engineView);
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).DELETE());
  }

  /**
   * Sends a request; every response must be one that openapi.yaml allows for it (status, content
   * type, body schema), so the whole API test suite checks the description against the server.
   */
  HttpResponse<String> send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      List<String> problems =
          OpenApiDocument.bundled().check(response.request().method(), response);
      if (!problems.isEmpty()) {
        throw new AssertionError(
            "the response contradicts openapi.yaml:\n  " + String.join("\n  ", problems));
      }
      return response;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  /** Registers a definition through the API and returns its id. */
  String register(String yaml) {
    HttpResponse<String> r = post("/workflows", yaml, "Content-Type", "application/yaml");
    if (r.statusCode() != 201) {
      throw new AssertionError("registration failed: " + r.statusCode() + " " + r.body());
    }
    return json(r).path("id").asString();
  }

  /** Submits a run and returns its id. */
  String submit(String workflowId, String params) {
    HttpResponse<String> r = post("/workflows/" + workflowId + "/runs", params);
    if (r.statusCode() != 202) {
      throw new AssertionError("submit failed: " + r.statusCode() + " " + r.body());
    }
    return json(r).path("run_id").asString();
  }

  /** The run as the API shows it. */
  JsonNode run(String runId) {
    return json(get("/runs/" + runId));
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return get("/metrics").body();
  }

  static JsonNode json(HttpResponse<String> r) {
    return JSON.readTree(r.body());
  }

  @Override
  public void close() {
    try {
      server.stop();
    } finally {
      store.close();
    }
  }
}
