package dev.dagflow.engine.model;

import java.time.Instant;
import java.util.UUID;

/**
 * A schedule's stored state: its cron and zone as registered, whether it is enabled (by the
 * definition) and paused (by the API), the next fire time to handle, the last one that started a
 * run, and a fire time held back by {@code overlap: buffer_one}. Nullable: {@code nextFireAt} (the
 * expression never fires again), {@code lastFireAt}, {@code lastRunId}, {@code bufferedFireAt}.
 */
public record ScheduleRecord(
    String workflowId,
    String scheduleId,
    String cron,
    String timezone,
    boolean enabled,
    boolean paused,
    Instant nextFireAt,
    Instant lastFireAt,
    UUID lastRunId,
    Instant bufferedFireAt) {

  public ScheduleRecord withNextFireAt(Instant next) {
    return new ScheduleRecord(
        workflowId,
        scheduleId,
        cron,
        timezone,
        enabled,
        paused,
        next,
        lastFireAt,
        lastRunId,
        bufferedFireAt);
  }

  public ScheduleRecord withPaused(boolean nowPaused, Instant next) {
    return new ScheduleRecord(
        workflowId,
        scheduleId,
        cron,
        timezone,
        enabled,
        nowPaused,
        next,
        lastFireAt,
        lastRunId,
        null);
  }

  public ScheduleRecord withLastRun(Instant fireTime, UUID runId) {
    return new ScheduleRecord(
        workflowId,
        scheduleId,
        cron,
        timezone,
        enabled,
        paused,
        nextFireAt,
        fireTime,
        runId,
        bufferedFireAt);
  }

  public ScheduleRecord withBuffered(Instant fireTime) {
    return new ScheduleRecord(
        workflowId,
        scheduleId,
        cron,
        timezone,
        enabled,
        paused,
        nextFireAt,
        lastFireAt,
        lastRunId,
        fireTime);
  }

  /** The definition's cron, zone and enabled flag, keeping the state. */
  public ScheduleRecord withDefinition(String newCron, String newZone, boolean nowEnabled) {
    return new ScheduleRecord(
        workflowId,
        scheduleId,
        newCron,
        newZone,
        nowEnabled,
        paused,
        nextFireAt,
        lastFireAt,
        lastRunId,
        bufferedFireAt);
  }
}
