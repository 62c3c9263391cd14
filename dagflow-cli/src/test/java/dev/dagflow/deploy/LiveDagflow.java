package dev.dagflow.deploy;

import dev.dagflow.engine.runtime.DurableEngine;
import dev.dagflow.metrics.DagMetrics;
import dev.dagflow.metrics.MetricsCollector;
import dev.dagflow.metrics.ResourceSampler;
import dev.dagflow.server.DagflowServer;
import dev.dagflow.server.ServerLimits;
import dev.dagflow.server.StoreInstrumentation;
import dev.dagflow.store.JdbcStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

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
  private final JdbcStore store;
  private final DagflowServer server;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LiveDagflow(JdbcStore store, DagflowServer server, int port) {
    this.store = store;
    this.server = server;
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  static LiveDagflow start() {
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricsCollector metrics =
        new MetricsCollector(
            DagMetrics.builder()
                .registry(registry)
                .version("e2e")
                .resourceSampler(ResourceSampler.create())
                .registerJvmMetrics()
                .build());
    JdbcStore store =
        JdbcStore.builder()
            .inMemory()
            .queryObserver(StoreInstrumentation.queries(metrics))
            .contextObserver(StoreInstrumentation.contexts(metrics))
            .build();
    DurableEngine engine =
        DurableEngine.builder()
            .store(store)
            .instanceId("e2e")
            .pollInterval(Duration.ofMillis(50))
            .build();
    DagflowServer server =
        DagflowServer.builder()
            .store(store)
            .engine(engine)
            .metrics(metrics)
            .limits(ServerLimits.builder().shutdownGrace(Duration.ofSeconds(2)).build())
            .host("127.0.0.1")
            .port(0)
            .build();
    return new LiveDagflow(store, server, server.start());
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
    try {
      server.stop();
    } finally {
      store.close();
    }
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
