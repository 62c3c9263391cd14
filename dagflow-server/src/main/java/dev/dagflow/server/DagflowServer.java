package dev.dagflow.server;

import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.error.LimitExceededException;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.store.Store;
import dev.dagflow.metrics.MetricsCollector;
import dev.dagflow.metrics.MetricsExposition;
import dev.dagflow.server.internal.ApiMetrics;
import dev.dagflow.server.internal.Auth;
import dev.dagflow.server.internal.BodyGate;
import dev.dagflow.server.internal.EngineMetrics;
import dev.dagflow.server.internal.EventSockets;
import dev.dagflow.server.internal.GraphRoutes;
import dev.dagflow.server.internal.Health;
import dev.dagflow.server.internal.HealthRoutes;
import dev.dagflow.server.internal.HttpSpans;
import dev.dagflow.server.internal.Json;
import dev.dagflow.server.internal.MapItemRoutes;
import dev.dagflow.server.internal.MetricsRoute;
import dev.dagflow.server.internal.Problems;
import dev.dagflow.server.internal.Registrar;
import dev.dagflow.server.internal.RequestIds;
import dev.dagflow.server.internal.RunRoutes;
import dev.dagflow.server.internal.ScheduleMetricsListener;
import dev.dagflow.server.internal.ScheduleRoutes;
import dev.dagflow.server.internal.SloRoutes;
import dev.dagflow.server.internal.UiRoutes;
import dev.dagflow.server.internal.Views;
import dev.dagflow.server.internal.WorkflowRoutes;
import dev.dagflow.ui.GraphLayout;
import dev.dagflow.ui.LayoutCache;
import io.javalin.Javalin;
import io.javalin.websocket.WsHandlerType;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dagflow HTTP API (docs/api.md) on Javalin 7 and virtual threads: REST routes, WebSocket event
 * streams, health probes and {@code /metrics}, every request measured.
 *
 * <pre>{@code
 * DagflowServer server = DagflowServer.builder()
 *     .store(store).engine(engine).metrics(collector)
 *     .port(0).workflowsDir(Path.of("examples"))
 *     .build();
 * int port = server.start();
 * ...
 * server.stop();   // readiness 503, engine drains, then Jetty stops
 * }</pre>
 */
public final class DagflowServer {
  private static final Logger log = LoggerFactory.getLogger(DagflowServer.class);

  private final Builder config;
  private final Json json = new Json();
  private final Health health;
  private final EngineMetrics engineMetrics;
  private final Registrar registrar;
  private final EventSockets sockets;
  // one low-priority platform thread lays graphs out: ELK is CPU-bound and must not hold the
  // carrier threads that the virtual-thread request handlers share
  private final ExecutorService layoutThread =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().daemon().name("dag-layout").priority(Thread.MIN_PRIORITY).factory());
  private final LayoutCache layouts = new LayoutCache(GraphLayout.standard(), 64, layoutThread);
  private Javalin app;

  private DagflowServer(Builder b) {
    this.config = b;
    MetricsCollector metrics = b.metrics;
    this.health =
        new Health(b.store, b.engine, b.limits.readinessTimeout(), metrics::updateHealthStatus);
    this.engineMetrics = new EngineMetrics(metrics, b.engine::findSpanContext);
    this.registrar = new Registrar(b.engine, b.store, metrics, this::layOutAhead);
    Views views = new Views(json.mapper());
    this.sockets =
        new EventSockets(
            b.store,
            views,
            json,
            b.limits,
            delta -> {
              if (delta > 0) {
                metrics.websocketConnected();
              } else {
                metrics.websocketDisconnected();
              }
            });
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers the workflows directory, starts the engine and the HTTP server; returns the bound
   * port.
   */
  public synchronized int start() {
    if (app != null) {
      throw new IllegalStateException("already started");
    }
    Builder b = config;
    b.engine.addListener(engineMetrics);
    b.engine.addPurgeListener(b.metrics::recordRunsPurged);
    b.engine.addErrorListener(kind -> b.metrics.recordEngineError(kind.label()));
    b.engine.schedules().addListener(new ScheduleMetricsListener(b.metrics));
    registrar.initialiseCounters();
    if (b.workflowsDir != null) {
      registrar.registerDirectory(b.workflowsDir);
    }
    if (!b.engine.isRunning()) {
      b.engine.start();
    }
    try {
      app = Javalin.create(cfg -> configure(cfg)).start(b.host, b.port);
    } catch (RuntimeException e) {
      b.engine.shutdown(Duration.ZERO); // e.g. the port is taken: do not leave the engine claiming
      throw e;
    }
    health.markStarted();
    warnWhenOpen();
    log.info("dagflow API listening on http://{}:{}", b.host, app.port());
    return app.port();
  }

  /** Readiness turns 503, the engine drains for the grace period, then the HTTP server stops. */
  public synchronized void stop() {
    long start = System.nanoTime();
    health.markDraining();
    try {
      config.engine.shutdown(config.limits.shutdownGrace());
    } finally {
      sockets.closeAll();
      layoutThread.shutdownNow();
      if (app != null) {
        app.stop();
      }
      log.info("dagflow API stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** The engine this server drives (for embedding and benchmarks). */
  public WorkflowEngine engine() {
    return config.engine;
  }

  /** The port bound by {@link #start()}. */
  public int port() {
    return app.port();
  }

  /** Every route as {@code "METHOD /template"}, WebSocket routes as {@code "WS /template"}. */
  public List<String> routes() {
    List<String> all = new ArrayList<>();
    for (var e : app.unsafe.internalRouter.allHttpHandlers()) {
      if (e.endpoint.method.isHttpMethod()) {
        all.add(e.endpoint.method.name() + " " + e.endpoint.path);
      }
    }
    for (var e : app.unsafe.internalRouter.allWsHandlers()) {
      if (e.getType() == WsHandlerType.WEBSOCKET) {
        all.add("WS " + e.getPath());
      }
    }
    return all;
  }

  private void configure(io.javalin.config.JavalinConfig cfg) {
    Builder b = config;
    cfg.concurrency.useVirtualThreads = true;
    cfg.jsonMapper(json.javalinMapper());
    cfg.http.maxRequestSize = b.limits.maxBodyBytes();
    cfg.startup.showJavalinBanner = false;
    cfg.jetty.modifyWebSocketServletFactory(f -> f.setIdleTimeout(Duration.ofMinutes(5)));

    var apiMetrics = new ApiMetrics(b.metrics);
    var auth = new Auth(b.tokens);
    var views = new Views(json.mapper());
    var r = cfg.routes;
    Problems.install(r, json);
    r.before(RequestIds::assign);
    var httpSpans = new HttpSpans(b.openTelemetry);
    r.before(httpSpans::begin);
    r.before(apiMetrics::begin);
    r.beforeMatched(auth::check);
    r.beforeMatched(ctx -> limitBody(ctx.contentLength(), b.limits.maxBodyBytes()));
    r.beforeMatched(BodyGate::check);
    r.after(apiMetrics::end);
    r.after(httpSpans::end);

    new HealthRoutes(health, json).install(r);
    var metricsRoute =
        new MetricsRoute(
            b.store,
            b.metrics,
            MetricsExposition.create(b.metrics.metrics().registry()),
            engineMetrics,
            health);
    r.get("/metrics", metricsRoute::handle);
    new WorkflowRoutes(registrar, b.engine, b.store, b.metrics, views, json, b.limits).install(r);
    new RunRoutes(b.engine, b.store, views, json, b.limits).install(r);
    new MapItemRoutes(b.engine, b.store, json, b.limits).install(r);
    new GraphRoutes(b.engine, b.store, layouts, json).install(r);
    UiRoutes.install(cfg);
    new ScheduleRoutes(b.engine, json).install(r);
    new SloRoutes(b.engine, b.store).install(r);
    sockets.install(r, auth);
    r.get(
        "/openapi.yaml",
        ctx -> {
          try (var in = DagflowServer.class.getResourceAsStream("openapi.yaml")) {
            ctx.contentType("application/yaml").result(Objects.requireNonNull(in).readAllBytes());
          }
        });
  }

  /** The first look at a big workflow's run page should not wait for ELK. */
  private void layOutAhead(StoredWorkflow wf) {
    try {
      layouts.prepare(wf, () -> config.engine.findDefinition(wf.id(), wf.version()).orElseThrow());
    } catch (RejectedExecutionException e) {
      log.debug("server stopping: no layout ahead for {} v{}", wf.id(), wf.version());
    }
  }

  private static void limitBody(long contentLength, long max) {
    if (contentLength > max) {
      throw new LimitExceededException(
          413,
          "request body of %d bytes exceeds the limit of %d bytes".formatted(contentLength, max),
          0);
    }
  }

  private void warnWhenOpen() {
    if (!config.tokens.isEmpty()) {
      return;
    }
    try {
      InetAddress address = InetAddress.getByName(config.host);
      if (!address.isLoopbackAddress()) {
        log.warn(
            "\n*****************************************************************************\n"
                + "* dagflow listens on {} WITHOUT API tokens: anyone who can reach this port\n"
                + "* can register workflows and start runs. Set --auth-tokens-file or\n"
                + "* DAGFLOW_API_TOKENS, or bind to 127.0.0.1.\n"
                + "*****************************************************************************",
            config.host);
      }
    } catch (UnknownHostException e) {
      log.warn("cannot resolve bind host {}: {}", config.host, e.getMessage());
    }
  }

  /** Configures a {@link DagflowServer}; {@link #build()} validates. */
  public static final class Builder {
    private Store store;
    private WorkflowEngine engine;
    private MetricsCollector metrics;
    private ApiTokens tokens = ApiTokens.none();
    private ServerLimits limits = ServerLimits.defaults();
    private String host = "0.0.0.0";
    private int port = 8003;
    private Path workflowsDir;
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();

    private Builder() {}

    /** Where HTTP server spans go (docs/monitoring.md, "Tracing"); default: the no-op API. */
    public Builder openTelemetry(OpenTelemetry v) {
      openTelemetry = Objects.requireNonNull(v, "openTelemetry");
      return this;
    }

    public Builder store(Store v) {
      store = v;
      return this;
    }

    public Builder engine(WorkflowEngine v) {
      engine = v;
      return this;
    }

    public Builder metrics(MetricsCollector v) {
      metrics = v;
      return this;
    }

    public Builder tokens(ApiTokens v) {
      tokens = v;
      return this;
    }

    public Builder limits(ServerLimits v) {
      limits = v;
      return this;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    /** 0 binds a free port. */
    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder workflowsDir(Path v) {
      workflowsDir = v;
      return this;
    }

    public DagflowServer build() {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(metrics, "metrics");
      Objects.requireNonNull(tokens, "tokens");
      Objects.requireNonNull(limits, "limits");
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535");
      }
      return new DagflowServer(this);
    }
  }
}
