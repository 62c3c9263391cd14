package dev.dagflow.cli;

import dev.dagflow.engine.definition.Durations;
import dev.dagflow.engine.definition.Retention;
import dev.dagflow.engine.runtime.DurableEngine;
import dev.dagflow.metrics.DagMetrics;
import dev.dagflow.metrics.MetricsCollector;
import dev.dagflow.metrics.ResourceSampler;
import dev.dagflow.server.ApiTokens;
import dev.dagflow.server.DagflowServer;
import dev.dagflow.server.ServerLimits;
import dev.dagflow.server.StoreInstrumentation;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.JdbcStoreBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dagflow server}: the API server over the embedded H2 database (under {@code --data-dir})
 * or PostgreSQL ({@code --database-url} / {@code DATABASE_URL}). SIGTERM drains it: readiness turns
 * 503, running nodes get {@code --shutdown-grace}, the rest are released for another instance, then
 * the HTTP server and the database pool close.
 *
 * <pre>{@code
 * dagflow server --port 8003 --workflows-dir examples
 * DATABASE_URL=postgresql://dagflow:secret@db:5432/dagflow dagflow server
 * }</pre>
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Run the dagflow API server (REST, WebSocket, health probes, /metrics).")
public final class ServerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

  @Option(names = "--port", defaultValue = "8003", description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "Bind address (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--database-url",
      defaultValue = "${env:DATABASE_URL}",
      description =
          "postgresql://user:pass@host:5432/db or a JDBC URL (env DATABASE_URL); default: H2 in --data-dir.")
  String databaseUrl;

  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "Embedded database and work files (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--workflows-dir",
      description = "Register every *.yaml, *.yml and *.json file here at start.")
  Path workflowsDir;

  @Option(
      names = "--allow-shell",
      description = "Accept workflows with shell nodes (they run commands on this host).")
  boolean allowShell;

  @Option(
      names = "--auth-tokens-file",
      description =
          "API tokens, one 'TOKEN:read,write' (or :metrics) per line; else env DAGFLOW_API_TOKENS ('a:read;b:write').")
  Path authTokensFile;

  @Option(
      names = "--max-active-workflows",
      defaultValue = "100",
      description = "Runs running at once, cluster-wide (default ${DEFAULT-VALUE}).")
  int maxActiveWorkflows;

  @Option(
      names = "--max-queued-runs",
      defaultValue = "10000",
      description = "Queued runs before submits get 429 (default ${DEFAULT-VALUE}).")
  int maxQueuedRuns;

  @Option(
      names = "--node-concurrency",
      defaultValue = "64",
      description = "Nodes this instance runs at once (default ${DEFAULT-VALUE}).")
  int nodeConcurrency;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "1048576",
      description = "Largest request body (default ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(
      names = "--shutdown-grace",
      defaultValue = "30s",
      description = "Time running nodes get on SIGTERM (default ${DEFAULT-VALUE}).")
  String shutdownGrace;

  @Option(
      names = "--lease-duration",
      defaultValue = "30s",
      description =
          "How long a claimed node stays this instance's without a heartbeat; heartbeats renew it"
              + " every third of it (default ${DEFAULT-VALUE}).")
  String leaseDuration;

  @Option(
      names = "--retention",
      defaultValue = "30d",
      description =
          "How long finished runs are kept, e.g. 30d, 12h; 0 keeps them forever; a definition's"
              + " 'retention:' overrides it (default ${DEFAULT-VALUE}).")
  String retention;

  @Option(
      names = "--h2-group-commit",
      defaultValue = "10ms",
      description =
          "Embedded H2 file: the least time between two writes of the file; commits that end"
              + " meanwhile share the next write. More keeps the file smaller under load, 0ms"
              + " gives the lowest latency (default ${DEFAULT-VALUE}).")
  String h2GroupCommit;

  @Option(
      names = "--pool-size",
      defaultValue = "16",
      description = "Database connections (default ${DEFAULT-VALUE}).")
  int poolSize;

  @Option(
      names = "--max-label-sets",
      defaultValue = "2000",
      description = "Label sets per metric before __overflow__ (default ${DEFAULT-VALUE}).")
  int maxLabelSets;

  @Option(
      names = "--otel",
      description =
          "Export traces through the OpenTelemetry SDK, configured by the OTEL_* variables"
              + " (also on with DAGFLOW_OTEL=1; default endpoint http://localhost:4318).")
  boolean otel;

  @Option(
      names = "--instance-id",
      description = "This instance's lease owner name (default: host-pid).")
  String instanceId;

  @Override
  public Integer call() throws Exception {
    Running running = start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down: draining for up to {}", shutdownGrace);
                  try {
                    running.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "dagflow-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * Wires metrics, store, engine and server from the options and starts serving. {@link #call()}
   * runs it until SIGTERM; tests start and close it in-process.
   */
  public Running start() throws IOException {
    Duration grace = Durations.parse(shutdownGrace);
    Duration lease = Durations.parse(leaseDuration);
    Duration keep = Retention.parse(retention);
    ApiTokens tokens = tokens();
    MetricsCollector metrics =
        new MetricsCollector(
            DagMetrics.builder()
                .registry(new PrometheusRegistry())
                .maxLabelSets(maxLabelSets)
                .resourceSampler(ResourceSampler.create())
                .registerJvmMetrics()
                .build());
    JdbcStoreBuilder storeBuilder =
        JdbcStore.builder()
            .dataDir(dataDir)
            .h2GroupCommit(Durations.parse(h2GroupCommit))
            .maxPoolSize(poolSize)
            .queryObserver(StoreInstrumentation.queries(metrics))
            .contextObserver(StoreInstrumentation.contexts(metrics));
    if (databaseUrl != null && !databaseUrl.isBlank()) {
      storeBuilder.url(databaseUrl);
    }
    JdbcStore store = storeBuilder.build();
    Tracing tracing = Tracing.start(otel, System.getenv());
    if (tracing.enabled()) {
      log.info("tracing on: spans go to the OpenTelemetry SDK's exporter (OTEL_* variables)");
    }
    try {
      DurableEngine engine =
          DurableEngine.builder()
              .store(store)
              .instanceId(instanceId == null ? defaultInstanceId() : instanceId)
              .maxActiveWorkflows(maxActiveWorkflows)
              .maxQueuedRuns(maxQueuedRuns)
              .nodeConcurrency(nodeConcurrency)
              .leaseDuration(lease)
              .heartbeatInterval(lease.dividedBy(3))
              .allowShell(allowShell)
              .retention(keep)
              .workDir(dataDir.resolve("work"))
              .openTelemetry(tracing.openTelemetry())
              .build();
      DagflowServer server =
          DagflowServer.builder()
              .store(store)
              .engine(engine)
              .metrics(metrics)
              .tokens(tokens)
              .limits(
                  ServerLimits.builder().maxBodyBytes(maxBodyBytes).shutdownGrace(grace).build())
              .host(host)
              .port(port)
              .workflowsDir(workflowsDir)
              .openTelemetry(tracing.openTelemetry())
              .build();
      return new Running(store, server, server.start(), tracing);
    } catch (RuntimeException e) {
      store.close();
      tracing.close();
      throw e;
    }
  }

  /**
   * A started server: its bound port; closing drains it, then closes the database pool and flushes
   * the spans.
   */
  public record Running(JdbcStore store, DagflowServer server, int port, Tracing tracing)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        server.stop();
      } finally {
        try {
          store.close();
        } finally {
          tracing.close();
        }
      }
    }
  }

  private ApiTokens tokens() throws IOException {
    if (authTokensFile != null) {
      return ApiTokens.parse(Files.readString(authTokensFile));
    }
    String env = System.getenv("DAGFLOW_API_TOKENS");
    return env == null || env.isBlank() ? ApiTokens.none() : ApiTokens.parse(env);
  }

  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "dagflow";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
