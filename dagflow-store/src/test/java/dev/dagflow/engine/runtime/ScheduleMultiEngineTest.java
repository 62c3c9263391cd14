package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.Trigger;
import dev.dagflow.engine.schedule.FireOutcome;
import dev.dagflow.engine.schedule.ScheduleFire;
import dev.dagflow.engine.store.RunQuery;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two engines on one database tick the same 1-second schedule: every fire time in the window has
 * exactly one run — no duplicates (the unique run key and the SKIP LOCKED claim) and no gaps.
 */
abstract class ScheduleMultiEngineTest {
  private static final Logger log = LoggerFactory.getLogger(ScheduleMultiEngineTest.class);
  private static final String FLOW =
      "id: every_second\nschedules:\n"
          + "  - {id: tick, cron: \"* * * * * *\", overlap: allow}\n"
          + "nodes:\n  - {id: a, type: noop}\n";

  @TempDir Path work;

  abstract JdbcStore newStore();

  /** How long both engines tick. */
  abstract Duration window();

  @Test
  void twoEnginesStartExactlyOneRunPerFireTimeWithoutGaps() {
    List<ScheduleFire> fires = new CopyOnWriteArrayList<>();
    try (JdbcStore first = newStore();
        JdbcStore second = TestStores.sameDatabase(first)) {
      try (EngineHarness a = new EngineHarness(first, work, b -> b.scheduleTick(tick()));
          EngineHarness b = new EngineHarness(second, work, c -> c.scheduleTick(tick()))) {
        a.engine.schedules().addListener(fires::add);
        b.engine.schedules().addListener(fires::add);
        a.engine.register(FLOW, "f.yaml");
        b.engine.register(FLOW, "f.yaml");
        sleep(window());
      }
      Map<UUID, Trigger> triggers = triggers(first);
      List<Instant> fireTimes =
          triggers.values().stream().map(t -> ((Trigger.Schedule) t).fireTime()).sorted().toList();
      TreeSet<Instant> distinct = new TreeSet<>(fireTimes);
      long span = Duration.between(distinct.first(), distinct.last()).toSeconds() + 1;
      List<ScheduleFire> started =
          fires.stream().filter(f -> f.outcome() == FireOutcome.STARTED).toList();
      double maxLag =
          started.stream().mapToDouble(f -> f.lag().toNanos() / 1e9).max().orElse(Double.NaN);
      long distinctRuns = started.stream().map(ScheduleFire::runId).distinct().count();
      log.info(
          "schedule test: {} runs over {} s, {} distinct fire times spanning {} s,"
              + " {} fire events (outcomes {}), max lag {} s",
          fireTimes.size(),
          window().toSeconds(),
          distinct.size(),
          span,
          fires.size(),
          fires.stream().map(ScheduleFire::outcome).distinct().toList(),
          maxLag);

      assertThat(fireTimes).as("no duplicate runs").hasSize(distinct.size());
      assertThat((long) distinct.size()).as("no gaps").isEqualTo(span);
      assertThat(distinct.size()).isGreaterThanOrEqualTo((int) window().toSeconds() - 3);
      assertThat(started).hasSize(fireTimes.size());
      assertThat(distinctRuns).isEqualTo(fireTimes.size());
      assertThat(fires).allMatch(f -> f.outcome() == FireOutcome.STARTED);
    }
  }

  private static Duration tick() {
    return Duration.ofMillis(100);
  }

  private static Map<UUID, Trigger> triggers(JdbcStore store) {
    List<UUID> runIds = new ArrayList<>();
    String cursor = null;
    do {
      RunQuery query = new RunQuery("every_second", null, 200, cursor);
      Page<RunRecord> page = store.read(tx -> tx.listRuns(query));
      page.items().forEach(r -> runIds.add(r.runId()));
      cursor = page.nextCursor();
    } while (cursor != null);
    Map<UUID, Trigger> triggers = store.read(tx -> tx.schedules().findTriggers(runIds));
    assertThat(triggers).hasSize(runIds.size());
    return triggers;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d); // the test's subject is wall-clock time: fire times once a second
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
