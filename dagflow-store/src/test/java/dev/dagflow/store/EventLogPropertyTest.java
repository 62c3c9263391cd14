package dev.dagflow.store;

import static dev.dagflow.store.Records.at;
import static dev.dagflow.store.Records.event;
import static dev.dagflow.store.Records.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NewEvent;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.store.StoreSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The event log under concurrent writers on many runs, random rollbacks and one transaction held
 * open: a reader tailing the global order, resuming from every cursor it got, and a run reader
 * resuming from any {@code seq} see every committed event exactly once, in order.
 */
abstract class EventLogPropertyTest extends StoreTestBase {
  private static final int RUNS = 6;
  private static final int WRITERS = 6;
  private static final int TRANSACTIONS_PER_WRITER = 30;

  @RepeatedTest(3)
  void everyCommittedEventIsReadExactlyOnceInOrder() throws Exception {
    List<RunRecord> runs =
        IntStream.range(0, RUNS).mapToObj(i -> insert(run("w" + i, at(i)))).toList();
    Set<EventRecord> committed = Collections.synchronizedSet(new java.util.HashSet<>());
    AtomicBoolean writing = new AtomicBoolean(true);

    // one writer holds its transaction open while the others commit around it
    CountDownLatch heldAppended = new CountDownLatch(1);
    CountDownLatch releaseHeld = new CountDownLatch(1);
    CompletableFuture<List<EventRecord>> held =
        CompletableFuture.supplyAsync(
            () ->
                store.transaction(
                    tx -> {
                      List<EventRecord> e =
                          tx.appendEvents(List.of(event(runs.get(0), EventType.RUN_STARTED, null)));
                      heldAppended.countDown();
                      await(releaseHeld);
                      return e;
                    }),
            THREADS);
    await(heldAppended);

    List<EventRecord> tailed = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> tail =
        CompletableFuture.runAsync(
            () -> {
              EventCursor after = EventCursor.START;
              // until the writers are done and all they committed has been read: on PostgreSQL
              // the horizon is cluster-wide, so other sessions may hold it back for a while
              while (writing.get() || tailed.size() < committed.size()) {
                EventCursor from = after;
                List<EventRecord> page = store.read((StoreSession s) -> s.listEvents(from, 7));
                tailed.addAll(page);
                if (!page.isEmpty()) {
                  after = page.getLast().cursor();
                }
              }
            },
            THREADS);

    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      Random random = new Random(w * 31L + System.nanoTime());
      writers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
                  write(random, runs, committed);
                }
              },
              THREADS));
    }
    CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new))
        .orTimeout(60, TimeUnit.SECONDS)
        .join();
    releaseHeld.countDown();
    committed.addAll(held.orTimeout(10, TimeUnit.SECONDS).join());
    writing.set(false);
    tail.orTimeout(60, TimeUnit.SECONDS).join();

    List<EventRecord> all = readAll(EventCursor.START);
    assertThat(all).containsExactlyInAnyOrderElementsOf(List.copyOf(committed));
    assertThat(tailed).as("tailing reader").isEqualTo(all);
    assertThat(all).extracting(EventRecord::cursor).isSorted().doesNotHaveDuplicates();
    Random pick = new Random();
    for (int i = 0; i < 20; i++) {
      int k = pick.nextInt(all.size());
      assertThat(readAll(all.get(k).cursor())).isEqualTo(all.subList(k + 1, all.size()));
    }

    Map<UUID, List<EventRecord>> byRun =
        all.stream().collect(Collectors.groupingBy(EventRecord::runId));
    for (RunRecord run : runs) {
      List<EventRecord> ofRun = store.read((StoreSession s) -> s.listEvents(run.runId(), 0, 1000));
      assertThat(ofRun)
          .extracting(EventRecord::seq)
          .isEqualTo(LongStream.rangeClosed(1, ofRun.size()).boxed().toList());
      assertThat(Set.copyOf(ofRun))
          .isEqualTo(Set.copyOf(byRun.getOrDefault(run.runId(), List.of())));
      if (!ofRun.isEmpty()) {
        int k = pick.nextInt(ofRun.size());
        assertThat(store.read((StoreSession s) -> s.listEvents(run.runId(), k, 1000)))
            .isEqualTo(ofRun.subList(k, ofRun.size()));
      }
    }
  }

  /** Appends 1-3 events on 1-2 random runs; one transaction in five rolls back. */
  private void write(Random random, List<RunRecord> runs, Set<EventRecord> committed) {
    List<NewEvent> events = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      // not run 0: the held transaction has it, and a run's transactions take turns
      RunRecord run = runs.get(1 + random.nextInt(runs.size() - 1));
      events.add(event(run, EventType.NODE_STARTED, "n" + i));
    }
    boolean rollBack = random.nextInt(5) == 0;
    try {
      List<EventRecord> appended =
          store.transaction(
              tx -> {
                List<EventRecord> e = tx.appendEvents(events);
                if (rollBack) {
                  throw new IllegalStateException("rolled back on purpose");
                }
                return e;
              });
      committed.addAll(appended);
    } catch (IllegalStateException expected) {
      // nothing of it may ever be read
    }
  }

  private List<EventRecord> readAll(EventCursor from) {
    List<EventRecord> all = new ArrayList<>();
    EventCursor after = from;
    while (true) {
      EventCursor page = after;
      List<EventRecord> batch = store.read((StoreSession s) -> s.listEvents(page, 50));
      if (batch.isEmpty()) {
        return all;
      }
      all.addAll(batch);
      after = batch.getLast().cursor();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
