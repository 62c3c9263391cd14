package dev.dagflow.store;

import static dev.dagflow.store.Records.at;
import static dev.dagflow.store.Records.event;
import static dev.dagflow.store.Records.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NewEvent;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.store.StoreSession;
import dev.dagflow.store.testing.TestStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Events of runs that had finished: a finished run keeps no event head (docs/engine.md, "Event
 * order"), and one that gets events again (a retry) goes on from its last seq, on every dialect.
 */
abstract class FinishedRunEventContractTest extends StoreTestBase {

  /** One transaction that holds the runs' locks, as the engine's transitions do. */
  private List<EventRecord> appendLocked(NewEvent... events) {
    return store.transaction(
        tx -> {
          for (NewEvent e : events) {
            tx.lockRun(e.runId());
          }
          return tx.appendEvents(List.of(events));
        });
  }

  private List<EventRecord> eventsOf(RunRecord run, long afterSeq, int limit) {
    return store.read((StoreSession tx) -> tx.listEvents(run.runId(), afterSeq, limit));
  }

  @Test
  void aFinishedRunThatGetsEventsAgainGoesOnFromItsLastSeqWithoutAGapOrARepeat() {
    RunRecord run = insert(run("etl", at(0)));
    RunRecord other = insert(run("etl", at(1)));
    appendLocked(event(run, EventType.RUN_QUEUED, null), event(run, EventType.RUN_STARTED, null));
    appendLocked(
        event(run, EventType.NODE_SUCCEEDED, "a"),
        event(run, EventType.RUN_FAILED, null),
        event(other, EventType.RUN_QUEUED, null));

    // the retry's transaction also appends to a run that never finished, listed first: the
    // transaction's events still get their global positions in the order given
    List<EventRecord> retry =
        appendLocked(
            event(other, EventType.RUN_STARTED, null),
            event(run, EventType.RUN_RETRIED, null),
            event(run, EventType.NODE_STARTED, "a"));
    appendLocked(
        event(run, EventType.NODE_SUCCEEDED, "a"), event(run, EventType.RUN_SUCCEEDED, null));
    appendLocked(event(run, EventType.RUN_CANCELLED, null)); // a late event of a finished run

    assertThat(retry).extracting(EventRecord::seq).containsExactly(2L, 5L, 6L);
    assertThat(retry)
        .extracting(EventRecord::cursor)
        .isSortedAccordingTo(EventCursor::compareTo)
        .doesNotHaveDuplicates();
    List<EventRecord> all = eventsOf(run, 0, 100);
    assertThat(all)
        .extracting(EventRecord::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(all)
        .extracting(EventRecord::type)
        .containsExactly(
            EventType.RUN_QUEUED,
            EventType.RUN_STARTED,
            EventType.NODE_SUCCEEDED,
            EventType.RUN_FAILED,
            EventType.RUN_RETRIED,
            EventType.NODE_STARTED,
            EventType.NODE_SUCCEEDED,
            EventType.RUN_SUCCEEDED,
            EventType.RUN_CANCELLED);
    assertEveryReaderSeesEachEventOnce(run, all);
  }

  @Test
  void concurrentTransactionsThatEachFinishTheRunAgainGetDenseSeqs() {
    RunRecord run = insert(run("etl", at(0)));
    appendLocked(event(run, EventType.RUN_QUEUED, null), event(run, EventType.RUN_FAILED, null));
    Runnable retrier =
        () ->
            IntStream.range(0, 10)
                .forEach(
                    i ->
                        appendLocked(
                            event(run, EventType.RUN_RETRIED, null),
                            event(run, EventType.NODE_FAILED, "n" + i),
                            event(run, EventType.RUN_FAILED, null)));

    CompletableFuture.allOf(
            IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.runAsync(retrier, THREADS))
                .toArray(CompletableFuture[]::new))
        .orTimeout(60, TimeUnit.SECONDS)
        .join();

    List<EventRecord> all = eventsOf(run, 0, 1000);
    assertThat(all)
        .extracting(EventRecord::seq)
        .isEqualTo(LongStream.rangeClosed(1, 2 + 4 * 10 * 3).boxed().toList());
    assertEveryReaderSeesEachEventOnce(run, all);
  }

  @Test
  void anAppendWaitingForARunThatEndsMeanwhileGoesOnAfterTheEnd() throws Exception {
    RunRecord run = insert(run("etl", at(0)));
    appendLocked(event(run, EventType.RUN_QUEUED, null), event(run, EventType.RUN_STARTED, null));
    CountDownLatch ended = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<List<EventRecord>> ending =
        CompletableFuture.supplyAsync(
            () ->
                store.transaction(
                    tx -> {
                      tx.lockRun(run.runId());
                      List<EventRecord> e =
                          tx.appendEvents(List.of(event(run, EventType.RUN_SUCCEEDED, null)));
                      ended.countDown();
                      awaitQuietly(release);
                      return e;
                    }),
            THREADS);
    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    // an append that does not take the run's lock (as a claim does) waits for the run's head
    CompletableFuture<List<EventRecord>> late =
        CompletableFuture.supplyAsync(
            () ->
                store.transaction(
                    tx -> tx.appendEvents(List.of(event(run, EventType.NODE_STARTED, "a")))),
            THREADS);
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> late.isDone() || TestStores.sessionsWaitingForALock(store) > 0);
    } finally {
      release.countDown();
    }

    assertThat(ending.get(10, TimeUnit.SECONDS)).extracting(EventRecord::seq).containsExactly(3L);
    assertThat(late.get(10, TimeUnit.SECONDS)).extracting(EventRecord::seq).containsExactly(4L);
    List<EventRecord> all = eventsOf(run, 0, 100);
    assertThat(all).extracting(EventRecord::seq).containsExactly(1L, 2L, 3L, 4L);
    assertEveryReaderSeesEachEventOnce(run, all);
  }

  @Test
  void aFinishedRunKeepsNoEventHeadAndARetriedOneKeepsOneUntilItEndsAgain() {
    RunRecord done = insert(run("etl", at(0)));
    RunRecord running = insert(run("etl", at(1)));
    appendLocked(
        event(done, EventType.RUN_QUEUED, null), event(running, EventType.RUN_QUEUED, null));
    appendLocked(event(done, EventType.RUN_SUCCEEDED, null));
    assertThat(TestStores.queryLong(store, "SELECT count(*) FROM event_heads")).isEqualTo(1);

    appendLocked(event(done, EventType.RUN_RETRIED, null));
    assertThat(TestStores.queryLong(store, "SELECT count(*) FROM event_heads")).isEqualTo(2);
    appendLocked(event(done, EventType.RUN_CANCELLED, null));
    assertThat(TestStores.queryLong(store, "SELECT count(*) FROM event_heads")).isEqualTo(1);
  }

  /**
   * A reader that resumes after any seq, reading pages of any size, gets every later event once, in
   * seq order.
   */
  private void assertEveryReaderSeesEachEventOnce(RunRecord run, List<EventRecord> all) {
    for (int after = 0; after <= all.size(); after++) {
      for (int limit : new int[] {1, 2, 3, 100}) {
        List<EventRecord> read = new ArrayList<>();
        long cursor = after;
        for (List<EventRecord> page = eventsOf(run, cursor, limit);
            !page.isEmpty();
            page = eventsOf(run, cursor, limit)) {
          read.addAll(page);
          cursor = page.getLast().seq();
        }
        assertThat(read).isEqualTo(all.subList(after, all.size()));
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
