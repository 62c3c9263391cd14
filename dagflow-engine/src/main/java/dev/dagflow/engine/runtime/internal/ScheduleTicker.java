package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.OverlapPolicy;
import dev.dagflow.engine.definition.ScheduleSpec;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.ScheduleRecord;
import dev.dagflow.engine.schedule.CronClock;
import dev.dagflow.engine.schedule.FireOutcome;
import dev.dagflow.engine.schedule.ScheduleFire;
import dev.dagflow.engine.schedule.ScheduleListener;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due schedules, beside the node scheduler. Each tick locks the due schedule rows with {@code
 * SKIP LOCKED}, so every due schedule is handled by one instance; in the same transaction it queues
 * the runs of its fire times (each under a unique (workflow, schedule, fire time) key) and moves
 * the row's next fire time on. A fire time therefore starts at most one run however many instances
 * tick, and none is lost when an instance dies: the row stays due until a commit moves it.
 *
 * <pre>{@code
 * ScheduleTicker ticker = new ScheduleTicker(store, runs, listeners, scheduler::requestAdmission,
 *     engine::cancelQuietly, Duration.ofSeconds(1), Clock.systemUTC());
 * ticker.start();
 * }</pre>
 */
public final class ScheduleTicker {
  private static final Logger log = LoggerFactory.getLogger(ScheduleTicker.class);
  private static final int ROWS_PER_TICK = 50;
  private static final int FIRES_PER_ROW = 10_000;
  private static final int MAX_ROUNDS = 100;

  private final Store store;
  private final ScheduledRuns runs;
  private final List<ScheduleListener> listeners;
  private final Runnable onQueued;
  private final Consumer<UUID> cancel;
  private final Duration interval;
  private final Clock clock;
  private ScheduledExecutorService timer;

  ScheduleTicker(
      Store store,
      ScheduledRuns runs,
      List<ScheduleListener> listeners,
      Runnable onQueued,
      Consumer<UUID> cancel,
      Duration interval,
      Clock clock) {
    this.store = store;
    this.runs = runs;
    this.listeners = listeners;
    this.onQueued = onQueued;
    this.cancel = cancel;
    this.interval = interval;
    this.clock = clock;
  }

  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("dagflow-schedules").factory());
    timer.scheduleWithFixedDelay(
        Threads.guard(this::tick), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  /** Handles every schedule due now; returns what became of each fire time. */
  public List<ScheduleFire> tick() {
    List<ScheduleFire> all = new ArrayList<>();
    // a full batch may hide more due rows; rows that stay due (a fire time buffered behind an
    // active run) come back in every batch, so a round that fired nothing ends the tick
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      Tick tick = store.transaction(tx -> handleDue(tx, now));
      all.addAll(tick.fires());
      publish(tick);
      if (tick.rows() < ROWS_PER_TICK || tick.fires().isEmpty()) {
        break;
      }
    }
    return all;
  }

  private record Tick(int rows, List<ScheduleFire> fires, List<UUID> toCancel) {}

  private Tick handleDue(StoreSession tx, Instant now) {
    List<ScheduleFire> fires = new ArrayList<>();
    List<UUID> toCancel = new ArrayList<>();
    List<ScheduleRecord> due = tx.schedules().lockDue(now, ROWS_PER_TICK);
    for (ScheduleRecord row : due) {
      Optional<ScheduledRuns.Target> target = runs.find(tx, row.workflowId(), row.scheduleId());
      if (target.isEmpty()) {
        tx.schedules().delete(row.workflowId(), row.scheduleId()); // its workflow went away
        continue;
      }
      tx.schedules().update(handle(tx, row, target.get(), now, fires, toCancel));
    }
    return new Tick(due.size(), fires, toCancel);
  }

  private ScheduleRecord handle(
      StoreSession tx,
      ScheduleRecord row,
      ScheduledRuns.Target target,
      Instant now,
      List<ScheduleFire> fires,
      List<UUID> toCancel) {
    ScheduleSpec spec = target.spec();
    List<UUID> active =
        new ArrayList<>(tx.schedules().findActiveRuns(row.workflowId(), row.scheduleId()));
    ScheduleRecord state = row;
    if (state.bufferedFireAt() != null && active.isEmpty()) {
      Instant buffered = state.bufferedFireAt();
      state = start(tx, state.withBuffered(null), target, buffered, now, fires, active);
    }
    DueFires due =
        DueFires.collect(
            CronClock.of(spec.cron(), spec.timezone()),
            state.nextFireAt(),
            now,
            spec.maxLateness(),
            spec.catchup(),
            FIRES_PER_ROW);
    for (Instant missed : due.missed()) {
      fires.add(fire(row, missed, FireOutcome.MISSED, null, null));
    }
    for (Instant fireTime : due.start()) {
      if (active.isEmpty() || spec.overlap() == OverlapPolicy.ALLOW) {
        state = start(tx, state, target, fireTime, now, fires, active);
        continue;
      }
      switch (spec.overlap()) {
        case SKIP -> fires.add(fire(row, fireTime, FireOutcome.SKIPPED, null, null));
        case BUFFER_ONE -> {
          if (state.bufferedFireAt() != null) {
            fires.add(fire(row, state.bufferedFireAt(), FireOutcome.SKIPPED, null, null));
          }
          state = state.withBuffered(fireTime);
          fires.add(fire(row, fireTime, FireOutcome.BUFFERED, null, null));
        }
        case CANCEL_OTHER -> {
          toCancel.addAll(active);
          active.clear();
          state = start(tx, state, target, fireTime, now, fires, active);
        }
        case ALLOW -> throw new IllegalStateException("handled above");
      }
    }
    return due.start().isEmpty() && due.missed().isEmpty()
        ? state
        : state.withNextFireAt(due.next());
  }

  private ScheduleRecord start(
      StoreSession tx,
      ScheduleRecord state,
      ScheduledRuns.Target target,
      Instant fireTime,
      Instant now,
      List<ScheduleFire> fires,
      List<UUID> active) {
    Optional<RunRecord> run = runs.start(tx, target, fireTime, now);
    if (run.isEmpty()) {
      fires.add(fire(state, fireTime, FireOutcome.SKIPPED, null, null));
      return state;
    }
    UUID runId = run.get().runId();
    active.add(runId);
    fires.add(fire(state, fireTime, FireOutcome.STARTED, Duration.between(fireTime, now), runId));
    return state.withLastRun(fireTime, runId);
  }

  private static ScheduleFire fire(
      ScheduleRecord row, Instant fireTime, FireOutcome outcome, Duration lag, UUID runId) {
    return new ScheduleFire(row.workflowId(), row.scheduleId(), fireTime, outcome, lag, runId);
  }

  private void publish(Tick tick) {
    for (UUID runId : tick.toCancel()) {
      cancel.accept(runId);
    }
    if (tick.fires().stream().anyMatch(f -> f.outcome() == FireOutcome.STARTED)) {
      onQueued.run();
    }
    for (ScheduleFire fire : tick.fires()) {
      for (ScheduleListener listener : listeners) {
        try {
          listener.onFire(fire);
        } catch (RuntimeException e) {
          log.warn("schedule listener failed on {}", fire, e);
        }
      }
    }
  }
}
