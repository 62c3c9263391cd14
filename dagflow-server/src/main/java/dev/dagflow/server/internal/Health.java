package dev.dagflow.server.internal;

import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.store.Store;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The server's health: the database answers a ping within the readiness timeout, the engine runs,
 * start-up (migrations and registration of the workflows directory) is done, and the server is not
 * draining. Every evaluation reports each check to {@code onCheck} ({@code
 * dag_health_check_status{check_type}}).
 *
 * <pre>{@code
 * Health.Report r = health.readiness();
 * ctx.status(r.healthy() ? 200 : 503);
 * }</pre>
 */
public final class Health {
  private final Store store;
  private final WorkflowEngine engine;
  private final Duration pingTimeout;
  private final BiConsumer<String, Boolean> onCheck;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean draining = new AtomicBoolean();

  public Health(
      Store store,
      WorkflowEngine engine,
      Duration pingTimeout,
      BiConsumer<String, Boolean> onCheck) {
    this.store = store;
    this.engine = engine;
    this.pingTimeout = pingTimeout;
    this.onCheck = onCheck;
  }

  /** The outcome of every check, in a stable order. */
  public record Report(boolean healthy, Map<String, Boolean> checks) {}

  public void markStarted() {
    started.set(true);
  }

  /** From now on readiness fails, so load balancers stop sending work before shutdown. */
  public void markDraining() {
    draining.set(true);
  }

  public boolean isStarted() {
    return started.get();
  }

  public boolean isDraining() {
    return draining.get();
  }

  /** Database, engine and start-up checks; unhealthy while draining. */
  public Report readiness() {
    Map<String, Boolean> checks = new LinkedHashMap<>();
    checks.put("database", check("database", safePing()));
    checks.put("engine", check("engine", engine.isRunning()));
    checks.put("migrations", check("migrations", started.get()));
    boolean healthy = !draining.get() && !checks.containsValue(false);
    return new Report(healthy, checks);
  }

  private boolean safePing() {
    try {
      return store.ping(pingTimeout);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private boolean check(String name, boolean ok) {
    onCheck.accept(name, ok);
    return ok;
  }
}
