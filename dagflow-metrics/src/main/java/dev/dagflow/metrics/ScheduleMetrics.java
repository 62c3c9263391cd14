package dev.dagflow.metrics;

import static dev.dagflow.metrics.MetricNames.OUTCOME;
import static dev.dagflow.metrics.MetricNames.SCHEDULE_FIRES;
import static dev.dagflow.metrics.MetricNames.SCHEDULE_FIRE_OUTCOMES;
import static dev.dagflow.metrics.MetricNames.SCHEDULE_ID;
import static dev.dagflow.metrics.MetricNames.SCHEDULE_LAG;
import static dev.dagflow.metrics.MetricNames.SCHEDULE_LAG_BUCKETS;
import static dev.dagflow.metrics.MetricNames.SCHEDULE_NEXT_FIRE;
import static dev.dagflow.metrics.MetricNames.WORKFLOW_NAME;

import dev.dagflow.metrics.internal.LabelGuard;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The schedule metrics: fire times by outcome, the lag from fire time to queued run, and each
 * schedule's next fire time. Label values are registered workflow and schedule ids only, under the
 * same cardinality guard as every other labelled metric.
 *
 * <pre>{@code
 * ScheduleMetrics schedules = dagMetrics.schedules();
 * schedules.registerSchedules("report", List.of("nightly"));   // counters at 0
 * schedules.recordFire("report", "nightly", "started", 0.03);
 * }</pre>
 */
public final class ScheduleMetrics {
  private final LabelGuard<CounterDataPoint> fires;
  private final LabelGuard<DistributionDataPoint> lag;
  private final LabelGuard<GaugeDataPoint> nextFire;

  ScheduleMetrics(DagMetrics owner) {
    fires =
        owner.register(
            Counter.builder()
                .name(SCHEDULE_FIRES)
                .help("Schedule fire times by outcome (started, skipped, buffered, missed)")
                .labelNames(WORKFLOW_NAME, SCHEDULE_ID, OUTCOME)
                .withoutExemplars()
                .build(),
            SCHEDULE_FIRES,
            3);
    lag =
        owner.register(
            Histogram.builder()
                .name(SCHEDULE_LAG)
                .help("Time from a schedule's fire time to its run being queued, in seconds")
                .unit(Unit.SECONDS)
                .labelNames(WORKFLOW_NAME)
                .classicOnly()
                .classicUpperBounds(SCHEDULE_LAG_BUCKETS)
                .withoutExemplars()
                .build(),
            SCHEDULE_LAG,
            1);
    nextFire =
        owner.register(
            Gauge.builder()
                .name(SCHEDULE_NEXT_FIRE)
                .help("Next fire time of a schedule, in Unix seconds")
                .labelNames(WORKFLOW_NAME, SCHEDULE_ID)
                .withoutExemplars()
                .build(),
            SCHEDULE_NEXT_FIRE,
            2);
  }

  /** Starts the fire counters of a workflow's schedules at 0 and forgets removed schedules. */
  public synchronized void registerSchedules(String workflowName, Collection<String> scheduleIds) {
    Set<String> keep = Set.copyOf(scheduleIds);
    Predicate<String[]> gone = v -> v[0].equals(workflowName) && !keep.contains(v[1]);
    fires.removeIf(gone);
    nextFire.removeIf(gone);
    for (String id : scheduleIds) {
      for (String outcome : SCHEDULE_FIRE_OUTCOMES) {
        fires.labelValues(workflowName, id, outcome);
      }
    }
  }

  /** Counts one fire time; {@code lagSeconds} is observed when it is a number (started fires). */
  public void recordFire(
      String workflowName, String scheduleId, String outcome, double lagSeconds) {
    fires.labelValues(workflowName, scheduleId, outcome).inc();
    if (!Double.isNaN(lagSeconds)) {
      lag.labelValues(workflowName).observe(Math.max(0, lagSeconds));
    }
  }

  /** Sets a schedule's next fire time in Unix seconds (NaN: it never fires again). */
  public void setNextFire(String workflowName, String scheduleId, double epochSeconds) {
    nextFire.labelValues(workflowName, scheduleId).set(epochSeconds);
  }

  /** Drops a schedule's next fire time: paused and disabled schedules are not due. */
  public void clearNextFire(String workflowName, String scheduleId) {
    nextFire.removeIf(v -> v[0].equals(workflowName) && v[1].equals(scheduleId));
  }

  /** Removes a deleted workflow's schedule series. */
  public synchronized void removeWorkflow(String workflowName) {
    Predicate<String[]> byWorkflow = v -> v[0].equals(workflowName);
    fires.removeIf(byWorkflow);
    lag.removeIf(byWorkflow);
    nextFire.removeIf(byWorkflow);
  }
}
