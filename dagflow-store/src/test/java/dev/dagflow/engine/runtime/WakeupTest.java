package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.internal.SlotNotices;
import dev.dagflow.engine.store.ForwardingStore;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.Store.WorkNotice;
import dev.dagflow.engine.store.StoreSession;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wake-ups between instances (docs/engine.md, "Several instances"): a notice names its sender and
 * says whether it announced ready nodes or only admission slots; an instance admits on either but
 * scans for nodes only on the first, and shares its completer lanes with the instances it hears.
 * PostgreSQL has the wake-ups ({@code LISTEN/NOTIFY}); on H2 none arrive and nothing changes.
 */
abstract class WakeupTest {
  private static final String CHAIN =
      """
      id: wake-chain
      nodes:
        - {id: a, type: noop}
        - {id: b, type: noop, depends_on: [a]}
      """;

  private static final String GATED =
      """
      id: wake-gated
      nodes:
        - {id: approve, type: approval}
      """;

  @TempDir Path work;

  abstract JdbcStore newStore();

  /** Whether this store carries wake-ups between instances. */
  abstract boolean wakeups();

  @Test
  void aNoticeNamesItsSenderAndWhatItAnnounced() throws InterruptedException {
    try (JdbcStore first = newStore();
        JdbcStore second = TestStores.sameDatabase(first)) {
      List<WorkNotice> heardBySecond = new CopyOnWriteArrayList<>();
      List<WorkNotice> heardByFirst = new CopyOnWriteArrayList<>();
      second.onWorkNotice(heardBySecond::add);
      first.onWorkNotice(heardByFirst::add);
      Thread.sleep(300); // the listeners are connected
      first.notifySlots();
      if (!wakeups()) {
        Thread.sleep(500);
        assertThat(heardBySecond).isEmpty();
        return;
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> !heardBySecond.isEmpty());
      WorkNotice slots = heardBySecond.getFirst();
      assertThat(slots.nodes()).isFalse();
      assertThat(slots.sender()).isNotNull();
      heardBySecond.clear();
      first.notifyWork();
      await().atMost(Duration.ofSeconds(5)).until(() -> !heardBySecond.isEmpty());
      assertThat(heardBySecond.getFirst()).isEqualTo(new WorkNotice(slots.sender(), true));
      // an instance never hears itself; the other hears it under another name
      second.notifyWork();
      await().atMost(Duration.ofSeconds(5)).until(() -> heardByFirst.size() == 1);
      Thread.sleep(300);
      assertThat(heardBySecond).hasSize(1);
      assertThat(heardByFirst.getFirst().sender()).isNotEqualTo(slots.sender());
    }
  }

  @Test
  void aSlotsOnlyNoticeMakesAnIdleEngineAdmitButNotScanForNodes() throws InterruptedException {
    try (JdbcStore first = newStore();
        JdbcStore second = TestStores.sameDatabase(first);
        EngineHarness idle = new EngineHarness(new Counted(second), work)) {
      Counted counted = (Counted) idle.store;
      Thread.sleep(1_500); // the start's own admission and scan are over
      long admissions = counted.admissions.get();
      long scans = counted.scans.get();
      for (int i = 0; i < 8; i++) {
        first.notifySlots(); // what a run's end on another instance sends
        Thread.sleep(120);
      }
      long admitted = counted.admissions.get() - admissions;
      long scanned = counted.scans.get() - scans;
      // the fallback poll (once a second) admits and scans on its own, whatever was heard
      if (wakeups()) {
        assertThat(admitted).isGreaterThanOrEqualTo(4);
      } else {
        assertThat(admitted).isLessThanOrEqualTo(2);
      }
      assertThat(scanned).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void submitsWhileEverySlotIsTakenRunNoAdmissionAndTheBacklogStartsWhenTheSlotFrees()
      throws InterruptedException {
    try (JdbcStore store = newStore();
        EngineHarness h =
            new EngineHarness(new Counted(store), work, b -> b.maxActiveWorkflows(1))) {
      Counted counted = (Counted) h.store;
      RunRecord gated = takeTheOnlySlot(h, store);
      Thread.sleep(300); // the admission that started it is over
      long admissions = counted.admissions.get();
      long started = System.nanoTime();
      List<RunRecord> backlog = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        backlog.add(h.submit(CHAIN, Map.of()));
      }
      Thread.sleep(300);
      // the fallback poll (once a second) admits on its own; the submits themselves never do
      long fallbacks = 1 + (System.nanoTime() - started) / 1_000_000_000L;
      assertThat(counted.admissions.get() - admissions).isLessThanOrEqualTo(fallbacks);
      assertThat(store.read(tx -> tx.findRun(backlog.getFirst().runId())).orElseThrow().status())
          .isEqualTo(RunStatus.QUEUED);

      h.engine.cancel(gated.runId()); // frees the slot: each run's end admits the next
      for (RunRecord r : backlog) {
        assertThat(h.await(r.runId()).status()).isEqualTo(RunStatus.SUCCESS);
      }
    }
  }

  @Test
  void aRunEndWhoseSlotAQueuedRunTakesTellsNoOtherInstance() {
    try (JdbcStore store = newStore();
        EngineHarness h =
            new EngineHarness(new Counted(store), work, b -> b.maxActiveWorkflows(1))) {
      Counted counted = (Counted) h.store;
      RunRecord gated = takeTheOnlySlot(h, store);
      List<RunRecord> backlog = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        backlog.add(h.submit(CHAIN, Map.of()));
      }
      long notices = counted.slotNotices.get();
      long started = System.nanoTime();

      h.engine.cancel(gated.runId()); // 21 run ends, each slot taken by the next queued run
      for (RunRecord r : backlog) {
        assertThat(h.await(r.runId()).status()).isEqualTo(RunStatus.SUCCESS);
      }
      // the first run end is told (the others hear this instance), the last leaves its slot free;
      // in between, one at most every SlotNotices.EVERY
      await().atMost(Duration.ofSeconds(5)).until(() -> counted.slotNotices.get() - notices >= 2);
      long intervals = (System.nanoTime() - started) / SlotNotices.EVERY.toNanos();
      assertThat(counted.slotNotices.get() - notices).isBetween(2L, 2 + intervals);
    }
  }

  @Test
  void twoEnginesShareTheirCompleterLanesOnceTheyHearEachOther() {
    try (JdbcStore first = newStore();
        JdbcStore second = TestStores.sameDatabase(first);
        EngineHarness a = new EngineHarness(first, work, b -> b.completers(4));
        EngineHarness b = new EngineHarness(second, work, x -> x.completers(4))) {
      assertThat(a.engine.completerLanesInUse()).isEqualTo(4);
      List<RunRecord> runs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        runs.add((i % 2 == 0 ? a : b).submit(CHAIN, Map.of()));
      }
      for (RunRecord r : runs) {
        assertThat(a.await(r.runId()).status()).isEqualTo(RunStatus.SUCCESS);
      }
      if (wakeups()) {
        // each run's end tells the other instance: both now use half of their lanes
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> a.engine.completerLanesInUse() == 2 && b.engine.completerLanesInUse() == 2);
      } else {
        assertThat(a.engine.completerLanesInUse()).isEqualTo(4);
        assertThat(b.engine.completerLanesInUse()).isEqualTo(4);
      }
    }
  }

  /** Submits a run that holds its admission slot until cancelled; returns once it runs. */
  private static RunRecord takeTheOnlySlot(EngineHarness h, JdbcStore store) {
    RunRecord gated = h.submit(GATED, Map.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                store.read(tx -> tx.findRun(gated.runId())).orElseThrow().status()
                    == RunStatus.RUNNING);
    return gated;
  }

  /**
   * The real store, counting admission passes, claim scans (claims not of named nodes) and the
   * slots notices sent to other instances.
   */
  private static final class Counted extends ForwardingStore {
    private final AtomicLong admissions = new AtomicLong();
    private final AtomicLong scans = new AtomicLong();
    private final AtomicLong slotNotices = new AtomicLong();

    Counted(Store delegate) {
      super(delegate);
    }

    @Override
    public void notifySlots() {
      slotNotices.incrementAndGet();
      super.notifySlots();
    }

    @Override
    public <T> T transaction(Function<StoreSession, T> work) {
      return super.transaction(tx -> work.apply(observed(tx)));
    }

    private StoreSession observed(StoreSession real) {
      return (StoreSession)
          Proxy.newProxyInstance(
              StoreSession.class.getClassLoader(),
              new Class<?>[] {StoreSession.class},
              (proxy, method, args) -> {
                if (method.getName().equals("lockAdmission")) {
                  admissions.incrementAndGet();
                } else if (method.getName().equals("claimNodes") && args[4] == null) {
                  scans.incrementAndGet();
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }
}
