package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.error.LimitExceededException;
import dev.dagflow.engine.error.ScheduleNotFoundException;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.ScheduleRecord;
import dev.dagflow.engine.schedule.CronClock;
import dev.dagflow.engine.schedule.ScheduleListener;
import dev.dagflow.engine.schedule.Schedules;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The engine's {@link Schedules}: stored pause and resume, a trigger route that fires now, and the
 * {@link ScheduleTicker} that fires due schedules.
 *
 * <pre>{@code
 * ScheduleControl schedules = new ScheduleControl(store, definitions, submissions,
 *     scheduler::requestAdmission, cancel, Duration.ofSeconds(1));
 * schedules.ticker().start();
 * }</pre>
 */
public final class ScheduleControl implements Schedules {
  private final Store store;
  private final ScheduledRuns runs;
  private final Runnable onQueued;
  private final Clock clock = Clock.systemUTC();
  private final List<ScheduleListener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduleTicker ticker;

  public ScheduleControl(
      Store store,
      Definitions definitions,
      Submissions submissions,
      Runnable onQueued,
      Consumer<UUID> cancel,
      Duration tickInterval) {
    this.store = store;
    this.runs = new ScheduledRuns(definitions, submissions);
    this.onQueued = onQueued;
    this.ticker = new ScheduleTicker(store, runs, listeners, onQueued, cancel, tickInterval, clock);
  }

  public ScheduleTicker ticker() {
    return ticker;
  }

  /** Brings the stored schedules of a just-registered definition in line with it. */
  public void sync(StoreSession tx, dev.dagflow.engine.definition.WorkflowDefinition def) {
    ScheduleSync.sync(tx, def, clock.instant());
  }

  /** Removes a deleted workflow's schedules. */
  public void remove(StoreSession tx, String workflowId) {
    tx.schedules().deleteByWorkflow(workflowId);
  }

  @Override
  public List<ScheduleRecord> list() {
    return store.read(tx -> tx.schedules().list());
  }

  @Override
  public ScheduleRecord pause(String workflowId, String scheduleId) {
    return store.transaction(
        tx -> {
          ScheduleRecord row = locked(tx, workflowId, scheduleId);
          ScheduleRecord paused = row.withPaused(true, row.nextFireAt());
          tx.schedules().update(paused);
          return paused;
        });
  }

  @Override
  public ScheduleRecord resume(String workflowId, String scheduleId) {
    return store.transaction(
        tx -> {
          ScheduleRecord row = locked(tx, workflowId, scheduleId);
          if (!row.paused()) {
            return row;
          }
          Instant next =
              CronClock.of(row.cron(), ZoneId.of(row.timezone()))
                  .nextAfter(clock.instant())
                  .orElse(null);
          ScheduleRecord resumed = row.withPaused(false, next);
          tx.schedules().update(resumed);
          return resumed;
        });
  }

  @Override
  public RunRecord trigger(String workflowId, String scheduleId) {
    RunRecord run =
        store.transaction(
            tx -> {
              ScheduleRecord row = locked(tx, workflowId, scheduleId);
              var target =
                  runs.find(tx, workflowId, scheduleId)
                      .orElseThrow(() -> new ScheduleNotFoundException(workflowId, scheduleId));
              Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
              RunRecord started =
                  runs.start(tx, target, now, now)
                      .orElseThrow(
                          () ->
                              new LimitExceededException(
                                  429, "the admission queue is full; retry later", 1));
              tx.schedules().update(row.withLastRun(now, started.runId()));
              return started;
            });
    onQueued.run();
    return run;
  }

  @Override
  public void addListener(ScheduleListener listener) {
    listeners.add(listener);
  }

  private static ScheduleRecord locked(StoreSession tx, String workflowId, String scheduleId) {
    return tx.schedules()
        .lock(workflowId, scheduleId)
        .orElseThrow(() -> new ScheduleNotFoundException(workflowId, scheduleId));
  }
}
