package dev.dagflow.server.internal;

import dev.dagflow.engine.schedule.ScheduleFire;
import dev.dagflow.engine.schedule.ScheduleListener;
import dev.dagflow.metrics.MetricsCollector;

/**
 * Counts this instance's fire times in {@code dag_schedule_fires_total} and their lag in {@code
 * dag_schedule_lag_seconds}.
 *
 * <pre>{@code
 * engine.schedules().addListener(new ScheduleMetricsListener(collector));
 * }</pre>
 */
public final class ScheduleMetricsListener implements ScheduleListener {
  private final MetricsCollector metrics;

  public ScheduleMetricsListener(MetricsCollector metrics) {
    this.metrics = metrics;
  }

  @Override
  public void onFire(ScheduleFire fire) {
    double lag = fire.lag() == null ? Double.NaN : fire.lag().toNanos() / 1e9;
    metrics
        .metrics()
        .schedules()
        .recordFire(fire.workflowId(), fire.scheduleId(), fire.outcome().label(), lag);
  }
}
