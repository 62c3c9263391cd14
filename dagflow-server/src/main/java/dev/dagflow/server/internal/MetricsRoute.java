package dev.dagflow.server.internal;

import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.model.ScheduleRecord;
import dev.dagflow.engine.store.Store;
import dev.dagflow.metrics.Exposition;
import dev.dagflow.metrics.MetricNames;
import dev.dagflow.metrics.MetricsCollector;
import dev.dagflow.metrics.MetricsExposition;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: refreshes the gauges that come from the shared database (running, queued
 * and stored runs, pool use, schedules' next fire times) and this instance's running attempts, then
 * writes the registry in the format the scraper asked for. A database outage does not fail the
 * scrape: the database gauges keep their last values and {@code
 * dag_health_check_status{check_type="database"}} says why.
 *
 * <pre>{@code
 * cfg.routes.get("/metrics", metricsRoute::handle);
 * }</pre>
 */
public final class MetricsRoute {
  private static final Logger log = LoggerFactory.getLogger(MetricsRoute.class);

  private final Store store;
  private final MetricsCollector metrics;
  private final MetricsExposition exposition;
  private final EngineMetrics engineMetrics;
  private final Health health;

  public MetricsRoute(
      Store store,
      MetricsCollector metrics,
      MetricsExposition exposition,
      EngineMetrics engineMetrics,
      Health health) {
    this.store = store;
    this.health = health;
    this.metrics = metrics;
    this.exposition = exposition;
    this.engineMetrics = engineMetrics;
  }

  public void handle(Context ctx) {
    refreshGauges();
    Exposition out = exposition.write(ctx.header("Accept"), ctx.header("Accept-Encoding"));
    ctx.contentType(out.contentType());
    out.contentEncoding().ifPresent(encoding -> ctx.header("Content-Encoding", encoding));
    ctx.disableCompression();
    ctx.result(out.body());
  }

  void refreshGauges() {
    // Health checks run at scrape time too, so dag_health_check_status (and the alerts on it)
    // stays current when nothing probes /health/ready.
    health.readiness();
    metrics.metrics().getGauge(MetricNames.ACTIVE_NODES).set(engineMetrics.activeNodes());
    var pool = store.poolStats();
    metrics.updateDatabaseMetrics(pool.active(), pool.maximum());
    try {
      long[] counts =
          store.read(
              s ->
                  new long[] {
                    s.countRuns(RunStatus.RUNNING), s.countRuns(RunStatus.QUEUED), s.countRuns(null)
                  });
      metrics.setActiveWorkflows(counts[0]);
      metrics.setQueueDepth(counts[1]);
      metrics.setRunsStored(counts[2]);
      metrics
          .metrics()
          .getGauge(MetricNames.EVENT_HORIZON_AGE)
          .set(store.eventHorizonAge().toNanos() / 1e9);
      refreshSchedules();
    } catch (RuntimeException e) {
      log.debug("database gauges not refreshed: {}", e.getMessage());
    }
  }

  /** Paused and disabled schedules have no next fire time to wait for (ScheduleOverdue). */
  private void refreshSchedules() {
    var gauges = metrics.metrics().schedules();
    for (ScheduleRecord s : store.read(tx -> tx.schedules().list())) {
      if (s.paused() || !s.enabled() || s.nextFireAt() == null) {
        gauges.clearNextFire(s.workflowId(), s.scheduleId());
      } else {
        gauges.setNextFire(s.workflowId(), s.scheduleId(), s.nextFireAt().toEpochMilli() / 1e3);
      }
    }
  }
}
