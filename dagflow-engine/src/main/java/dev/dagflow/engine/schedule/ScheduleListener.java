package dev.dagflow.engine.schedule;

/**
 * Hears every fire time this instance handled, after its transaction committed (the server counts
 * them in {@code dag_schedule_fires_total} and {@code dag_schedule_lag_seconds}).
 *
 * <pre>{@code
 * engine.schedules().addListener(fire -> log.info("{} {}", fire.scheduleId(), fire.outcome()));
 * }</pre>
 */
@FunctionalInterface
public interface ScheduleListener {
  void onFire(ScheduleFire fire);
}
