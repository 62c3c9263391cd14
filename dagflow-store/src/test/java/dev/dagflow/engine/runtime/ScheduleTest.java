package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagflow.engine.error.ScheduleNotFoundException;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.model.ScheduleRecord;
import dev.dagflow.engine.model.Trigger;
import dev.dagflow.engine.runtime.internal.ScheduleControl;
import dev.dagflow.engine.schedule.CronClock;
import dev.dagflow.engine.schedule.FireOutcome;
import dev.dagflow.engine.schedule.ScheduleFire;
import dev.dagflow.store.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules on a real store: registration keeps their state, due fire times start one run each with
 * their trigger, catch-up and overlap policies, and pause/resume/trigger across a restart. The
 * ticker's own timer is set to an hour so each test drives ticks itself.
 */
abstract class ScheduleTest {
  @TempDir Path work;

  abstract JdbcStore newStore();

  private static String flow(String schedule, String node) {
    return "id: sched\nparams:\n  who: {type: string, default: api}\nschedules:\n  - "
        + schedule
        + "\nnodes:\n  - "
        + node
        + "\n";
  }

  private static String every(String cron, String extra) {
    return flow(
        "{id: tick, cron: \"" + cron + "\", params: {who: cron}" + extra + "}",
        "{id: a, type: noop}");
  }

  private EngineHarness harness(JdbcStore store) {
    return new EngineHarness(store, work, b -> b.scheduleTick(Duration.ofHours(1)));
  }

  private static List<ScheduleFire> tick(EngineHarness h) {
    return ((ScheduleControl) h.engine.schedules()).ticker().tick();
  }

  /** Moves the schedule's next fire time back, as if no instance ran since {@code at}. */
  private static void rewind(EngineHarness h, Instant at) {
    h.store.transaction(
        tx -> {
          ScheduleRecord row = tx.schedules().lock("sched", "tick").orElseThrow();
          tx.schedules().update(row.withNextFireAt(at));
          return null;
        });
  }

  /** As Object: AssertJ has no overload for a sealed interface that is not ambiguous. */
  private static Object trigger(JdbcStore store, UUID runId) {
    return store.read(tx -> tx.schedules().findTrigger(runId));
  }

  private static List<FireOutcome> outcomes(List<ScheduleFire> fires) {
    return fires.stream().map(ScheduleFire::outcome).toList();
  }

  @Test
  void registeringStoresSchedulesAndRegisteringAgainKeepsTheirState() {
    try (JdbcStore store = newStore();
        EngineHarness h = harness(store)) {
      String nightly =
          flow("{id: tick, cron: \"30 2 * * *\", timezone: Europe/Berlin}", "{id: a, type: noop}");
      Instant before = Instant.now();
      h.engine.register(nightly, "f.yaml");
      ScheduleRecord row = h.engine.schedules().list().getFirst();
      assertThat(row.timezone()).isEqualTo("Europe/Berlin");
      assertThat(row.nextFireAt())
          .isEqualTo(
              CronClock.of("30 2 * * *", ZoneId.of("Europe/Berlin"))
                  .nextAfter(before)
                  .orElseThrow());

      h.engine.schedules().pause("sched", "tick");
      h.engine.register(nightly, "f.yaml");
      assertThat(h.engine.schedules().list()).singleElement().matches(ScheduleRecord::paused);

      h.engine.register(nightly.replace("30 2", "0 4"), "f.yaml");
      ScheduleRecord moved = h.engine.schedules().list().getFirst();
      assertThat(moved.cron()).isEqualTo("0 4 * * *");
      assertThat(moved.paused()).isTrue();

      h.engine.register(flow("{id: other, cron: \"0 4 * * *\"}", "{id: a, type: noop}"), "f");
      assertThat(h.engine.schedules().list())
          .extracting(ScheduleRecord::scheduleId)
          .containsExactly("other");

      h.engine.delete("sched");
      assertThat(h.engine.schedules().list()).isEmpty();
    }
  }

  @Test
  void eachDueFireTimeStartsOneRunCarryingItsTriggerAndParams() {
    try (JdbcStore store = newStore();
        EngineHarness h = harness(store)) {
      h.engine.register(every("* * * * * *", ", overlap: allow"), "f.yaml");
      Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3);
      rewind(h, first);

      List<ScheduleFire> fires = tick(h);

      assertThat(fires).hasSizeGreaterThanOrEqualTo(4);
      assertThat(outcomes(fires)).containsOnly(FireOutcome.STARTED);
      assertThat(fires.getFirst().fireTime()).isEqualTo(first);
      assertThat(fires).allSatisfy(f -> assertThat(f.lag().isNegative()).isFalse());
      for (ScheduleFire fire : fires) {
        RunRecord run = h.await(fire.runId());
        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.params().get("who").asString()).isEqualTo("cron");
        assertThat(trigger(store, run.runId()))
            .isEqualTo(new Trigger.Schedule("tick", fire.fireTime()));
      }
      ScheduleRecord row = h.engine.schedules().list().getFirst();
      assertThat(row.nextFireAt()).isAfter(fires.getLast().fireTime());
      assertThat(row.lastRunId()).isEqualTo(fires.getLast().runId());

      // the same fire times again: the unique run key refuses a second run for each
      rewind(h, first);
      List<ScheduleFire> again = tick(h);
      assertThat(again.stream().filter(f -> !f.fireTime().isAfter(fires.getLast().fireTime())))
          .allMatch(f -> f.outcome() == FireOutcome.SKIPPED);
    }
  }

  @Test
  void catchupNoneLastAndAllTreatLateFireTimes() {
    for (String policy : List.of("none", "last", "all")) {
      try (JdbcStore store = newStore();
          EngineHarness h = harness(store)) {
        h.engine.register(
            every("* * * * *", ", overlap: allow, max_lateness: 1ms, catchup: " + policy), "f");
        Instant down = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(9));
        rewind(h, down);

        List<FireOutcome> outcomes = outcomes(tick(h));

        long started = outcomes.stream().filter(o -> o == FireOutcome.STARTED).count();
        long missed = outcomes.stream().filter(o -> o == FireOutcome.MISSED).count();
        assertThat(started + missed).as(policy).isEqualTo(10);
        switch (policy) {
          case "none" -> assertThat(started).as(policy).isZero();
          case "last" -> assertThat(started).as(policy).isEqualTo(1);
          default -> assertThat(missed).as(policy).isZero();
        }
      }
    }
  }

  private static final String WAITS = "{id: a, type: approval}";

  @Test
  void overlapSkipStartsNothingWhileItsRunIsActive() {
    try (JdbcStore store = newStore();
        EngineHarness h = harness(store)) {
      h.engine.register(flow("{id: tick, cron: \"* * * * * *\", overlap: skip}", WAITS), "f");
      rewind(h, Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2));

      List<FireOutcome> outcomes = outcomes(tick(h));

      assertThat(outcomes.getFirst()).isEqualTo(FireOutcome.STARTED);
      assertThat(outcomes.subList(1, outcomes.size())).containsOnly(FireOutcome.SKIPPED);
    }
  }

  @Test
  void overlapBufferOneStartsTheLatestHeldFireTimeWhenTheActiveRunEnds() {
    try (JdbcStore store = newStore();
        EngineHarness h = harness(store)) {
      h.engine.register(flow("{id: tick, cron: \"* * * * * *\", overlap: buffer_one}", WAITS), "f");
      rewind(h, Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2));

      List<ScheduleFire> fires = tick(h);
      assertThat(outcomes(fires))
          .startsWith(FireOutcome.STARTED, FireOutcome.BUFFERED)
          .endsWith(FireOutcome.BUFFERED);
      Instant held = fires.getLast().fireTime();
      assertThat(h.engine.schedules().list().getFirst().bufferedFireAt()).isEqualTo(held);

      h.engine.cancel(fires.getFirst().runId());
      List<ScheduleFire> next = tick(h);
      assertThat(next.getFirst().outcome()).isEqualTo(FireOutcome.STARTED);
      assertThat(next.getFirst().fireTime()).isEqualTo(held);
      // fire times that came due meanwhile wait behind the run just started
      assertThat(next.subList(1, next.size())).allMatch(f -> f.outcome() == FireOutcome.BUFFERED);
      Instant buffered = h.engine.schedules().list().getFirst().bufferedFireAt();
      assertThat(buffered == null || buffered.isAfter(held)).isTrue();
    }
  }

  @Test
  void overlapCancelOtherCancelsTheActiveRunAndStartsTheNewOne() {
    try (JdbcStore store = newStore();
        EngineHarness h = harness(store)) {
      h.engine.register(
          flow("{id: tick, cron: \"* * * * * *\", overlap: cancel_other}", WAITS), "f");
      rewind(h, Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1));

      List<ScheduleFire> fires = tick(h);

      assertThat(outcomes(fires)).hasSizeGreaterThanOrEqualTo(2).containsOnly(FireOutcome.STARTED);
      for (ScheduleFire older : fires.subList(0, fires.size() - 1)) {
        assertThat(h.await(older.runId()).status()).isEqualTo(RunStatus.CANCELLED);
      }
      UUID newest = fires.getLast().runId();
      assertThat(store.read(tx -> tx.findRun(newest)).orElseThrow().status().isTerminal())
          .isFalse();
    }
  }

  @Test
  void pauseResumeAndTriggerAreStoredAndSurviveARestart() {
    try (JdbcStore store = newStore()) {
      try (EngineHarness h = harness(store)) {
        h.engine.register(every("0 3 * * *", ""), "f.yaml");
        assertThat(h.engine.schedules().pause("sched", "tick").paused()).isTrue();
      }
      try (EngineHarness h = harness(store)) {
        ScheduleRecord row = h.engine.schedules().list().getFirst();
        assertThat(row.paused()).isTrue();

        RunRecord run = h.engine.schedules().trigger("sched", "tick");
        assertThat(h.await(run.runId()).status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(trigger(store, run.runId()))
            .isInstanceOfSatisfying(
                Trigger.Schedule.class, t -> assertThat(t.scheduleId()).isEqualTo("tick"));

        Instant before = Instant.now();
        ScheduleRecord resumed = h.engine.schedules().resume("sched", "tick");
        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.nextFireAt()).isAfter(before);
        assertThat(resumed.lastRunId()).isEqualTo(run.runId());
      }
      try (EngineHarness h = harness(store)) {
        assertThat(h.engine.schedules().list().getFirst().paused()).isFalse();
        assertThatThrownBy(() -> h.engine.schedules().pause("sched", "nope"))
            .isInstanceOf(ScheduleNotFoundException.class)
            .hasMessage("schedule not found: sched/nope");
      }
    }
  }

  @Test
  void apiRunsHaveTheApiTrigger() {
    try (JdbcStore store = newStore();
        EngineHarness h = harness(store)) {
      RunRecord run = h.run(every("0 3 * * *", ""), Map.of());
      assertThat(trigger(store, run.runId())).isEqualTo(Trigger.API);
    }
  }
}
