package dev.dagflow.server.internal;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four probes: {@code /health} (every check), {@code /health/live}, {@code /health/ready}
 * (database, engine, migrations; 503 while draining) and {@code /health/startup}.
 *
 * <pre>{@code
 * curl -s localhost:8003/health/ready   # {"ready":true,"checks":{"database":true,...}}
 * }</pre>
 */
public final class HealthRoutes {
  private final Health health;
  private final Json json;

  public HealthRoutes(Health health, Json json) {
    this.health = health;
    this.json = json;
  }

  public void install(RoutesConfig routes) {
    routes.get("/health", this::overall);
    routes.get("/health/live", ctx -> ctx.json(Map.of("live", true)));
    routes.get("/health/ready", this::ready);
    routes.get("/health/startup", this::startup);
  }

  private void overall(Context ctx) {
    Health.Report r = health.readiness();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", r.healthy() ? "UP" : "DOWN");
    body.put("draining", health.isDraining());
    body.put("checks", r.checks());
    ctx.status(r.healthy() ? 200 : 503).json(body);
  }

  private void ready(Context ctx) {
    Health.Report r = health.readiness();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ready", r.healthy());
    body.put("draining", health.isDraining());
    body.put("checks", r.checks());
    ctx.status(r.healthy() ? 200 : 503).json(body);
  }

  private void startup(Context ctx) {
    boolean started = health.isStarted();
    ctx.status(started ? 200 : 503).json(Map.of("started", started));
  }
}
