package dev.dagflow.store;

import static dev.dagflow.store.Records.at;
import static dev.dagflow.store.Records.event;
import static dev.dagflow.store.Records.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.error.StoreException;
import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NewEvent;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.store.StoreSession;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The event log, event sinks and transaction retries, on every dialect. */
abstract class EventContractTest extends StoreTestBase {

  private List<EventRecord> append(NewEvent... events) {
    return store.transaction(tx -> tx.appendEvents(List.of(events)));
  }

  @Test
  void eachRunNumbersItsEventsOneTwoThreeAcrossTransactions() {
    RunRecord run = insert(run("etl", at(0)));
    RunRecord other = insert(run("etl", at(1)));

    List<EventRecord> first =
        append(event(run, EventType.RUN_QUEUED, null), event(run, EventType.RUN_STARTED, null));
    append(event(other, EventType.RUN_QUEUED, null));
    List<EventRecord> second = append(event(run, EventType.NODE_STARTED, "a"));

    assertThat(concat(first, second)).extracting(EventRecord::seq).containsExactly(1L, 2L, 3L);
    assertThat(store.read((StoreSession tx) -> tx.listEvents(run.runId(), 0, 10)))
        .isEqualTo(concat(first, second));
    assertThat(store.read((StoreSession tx) -> tx.listEvents(other.runId(), 0, 10)))
        .extracting(EventRecord::seq)
        .containsExactly(1L);
  }

  @Test
  void listsOneRunAfterASeqAndAllRunsAfterACursor() {
    RunRecord a = insert(run("a", at(0)));
    RunRecord b = insert(run("b", at(0)));
    EventRecord a1 = append(event(a, EventType.RUN_QUEUED, null)).getFirst();
    EventRecord b1 = append(event(b, EventType.RUN_QUEUED, null)).getFirst();
    EventRecord a2 = append(event(a, EventType.NODE_SUCCEEDED, "x")).getFirst();

    assertThat(store.read((StoreSession tx) -> tx.listEvents(a.runId(), a1.seq(), 10)))
        .containsExactly(a2);
    // global reads stop at the horizon; on PostgreSQL it is cluster-wide, so another session's
    // open transaction (another test suite on the same server) may hold it for a moment
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(store.read((StoreSession tx) -> tx.listEvents(EventCursor.START, 10)))
                    .containsExactly(a1, b1, a2));
    assertThat(store.read((StoreSession tx) -> tx.listEvents(a1.cursor(), 10)))
        .containsExactly(b1, a2);
    assertThat(store.read((StoreSession tx) -> tx.listEvents(EventCursor.START, 2)))
        .containsExactly(a1, b1);
    assertThat(EventCursor.parse(a2.cursor().toString())).isEqualTo(a2.cursor());
    assertThat(a2.data().get("attempt").asInt()).isEqualTo(1);
  }

  @Test
  void theHeadCursorSkipsTheHistoryAndMissesNothingThatCommitsAfterIt() {
    RunRecord run = insert(run("etl", at(0)));
    EventRecord old = append(event(run, EventType.RUN_QUEUED, null)).getFirst();
    // the horizon may wait for another session's open transaction on PostgreSQL: the head passes
    // the committed event once it does
    EventCursor head =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> store.read((StoreSession tx) -> tx.headCursor()),
                h -> h.compareTo(old.cursor()) >= 0);
    assertThat(store.read((StoreSession tx) -> tx.listEvents(head, 10))).doesNotContain(old);

    EventRecord next = append(event(run, EventType.RUN_STARTED, null)).getFirst();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(store.read((StoreSession tx) -> tx.listEvents(head, 10)))
                    .containsExactly(next));
  }

  @Test
  void concurrentTransactionsOnOneRunGetDenseSeqsAndSinksGetEachEventOnce() {
    RunRecord run = insert(run("etl", at(0)));
    List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    store.addEventSink(events -> events.forEach(e -> seen.add(e.seq())));
    Runnable appender =
        () ->
            IntStream.range(0, 20)
                .forEach(
                    i ->
                        append(
                            event(run, EventType.NODE_STARTED, "n" + i),
                            event(run, EventType.NODE_SUCCEEDED, "n" + i)));

    CompletableFuture.allOf(
            IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.runAsync(appender, THREADS))
                .toArray(CompletableFuture[]::new))
        .join();

    List<Long> stored =
        store.read((StoreSession tx) -> tx.listEvents(run.runId(), 0, 1000)).stream()
            .map(EventRecord::seq)
            .toList();
    assertThat(stored).isEqualTo(LongStream.rangeClosed(1, 160).boxed().toList());
    assertThat(seen)
        .hasSize(160)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(stored);
  }

  @Test
  void aTransactionHeldOpenOnOneRunDelaysNoOtherRunAndHoldsTheGlobalHorizon() {
    RunRecord a = insert(run("a", at(0)));
    RunRecord b = insert(run("b", at(0)));
    CountDownLatch appended = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<EventRecord> held =
        CompletableFuture.supplyAsync(
            () ->
                store.transaction(
                    tx -> {
                      tx.lockRun(a.runId());
                      EventRecord e =
                          tx.appendEvents(List.of(event(a, EventType.RUN_STARTED, null)))
                              .getFirst();
                      appended.countDown();
                      awaitQuietly(release);
                      return e;
                    }),
            THREADS);
    try {
      awaitQuietly(appended);

      // run B commits while run A's transaction is open: nothing of A's is in its way
      EventRecord later =
          CompletableFuture.supplyAsync(
                  () ->
                      store.transaction(
                          tx -> {
                            tx.lockRun(b.runId());
                            return tx.appendEvents(List.of(event(b, EventType.RUN_STARTED, null)))
                                .getFirst();
                          }),
                  THREADS)
              .orTimeout(5, TimeUnit.SECONDS)
              .join();

      // global readers stop before A's open transaction: B's event waits behind the horizon
      assertThat(store.read((StoreSession tx) -> tx.listEvents(EventCursor.START, 10))).isEmpty();
      assertThat(store.read((StoreSession tx) -> tx.listEvents(b.runId(), 0, 10)))
          .containsExactly(later);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> store.eventHorizonAge().compareTo(Duration.ofMillis(20)) > 0);

      release.countDown();
      EventRecord first = held.orTimeout(5, TimeUnit.SECONDS).join();

      // (await: on PostgreSQL the horizon is cluster-wide, and other sessions come and go)
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(store.read((StoreSession tx) -> tx.listEvents(EventCursor.START, 10)))
                      .containsExactly(first, later));
      await().atMost(Duration.ofSeconds(30)).until(() -> store.eventHorizonAge().isZero());
    } finally {
      release.countDown();
    }
  }

  @Test
  void sinksGetNothingFromARolledBackTransactionAndTheOrderLockIsReleased() {
    RunRecord run = insert(run("etl", at(0)));
    List<EventRecord> seen = Collections.synchronizedList(new ArrayList<>());
    store.addEventSink(seen::addAll);

    assertThatThrownBy(
            () ->
                store.transaction(
                    tx -> {
                      tx.appendEvents(List.of(event(run, EventType.RUN_STARTED, null)));
                      throw new IllegalStateException("work failed after appending");
                    }))
        .isInstanceOf(IllegalStateException.class);
    // Another thread can append at once: the process-local order lock was released.
    EventRecord later =
        CompletableFuture.supplyAsync(
                () -> append(event(run, EventType.RUN_FAILED, null)).getFirst(), THREADS)
            .orTimeout(5, TimeUnit.SECONDS)
            .join();

    assertThat(seen).containsExactly(later);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(store.read((StoreSession tx) -> tx.listEvents(EventCursor.START, 10)))
                    .containsExactly(later));
  }

  @Test
  void aSerializationFailureIsRetriedAndOnlyTheCommittedAttemptIsPublished() {
    RunRecord run = insert(run("etl", at(0)));
    List<EventRecord> seen = Collections.synchronizedList(new ArrayList<>());
    store.addEventSink(seen::addAll);
    AtomicInteger attempts = new AtomicInteger();

    List<EventRecord> committed =
        store.transaction(
            tx -> {
              List<EventRecord> appended =
                  tx.appendEvents(List.of(event(run, EventType.RUN_STARTED, null)));
              if (attempts.incrementAndGet() == 1) {
                throw new StoreException(
                    "simulated", new SQLException("could not serialize access", "40001"));
              }
              return appended;
            });

    assertThat(attempts).hasValue(2);
    assertThat(seen).isEqualTo(committed);
    assertThat(store.read((StoreSession tx) -> tx.listEvents(run.runId(), 0, 10)))
        .isEqualTo(committed);
  }

  @Test
  void aRealDeadlockBetweenTwoTransactionsIsRetriedUntilBothCommit() {
    RunRecord a = insert(run("etl", at(0)));
    RunRecord b = insert(run("etl", at(1)));
    CyclicBarrier bothHoldOneLock = new CyclicBarrier(2);
    AtomicInteger attempts = new AtomicInteger();
    Function<List<RunRecord>, CompletableFuture<Void>> lockInOrder =
        order ->
            CompletableFuture.runAsync(
                () ->
                    store.transaction(
                        tx -> {
                          tx.lockRun(order.get(0).runId());
                          if (attempts.incrementAndGet() <= 2) {
                            awaitQuietly(bothHoldOneLock);
                          }
                          tx.lockRun(order.get(1).runId());
                          return tx.appendEvents(
                              List.of(event(order.get(1), EventType.RUN_STARTED, null)));
                        }),
                THREADS);

    CompletableFuture.allOf(lockInOrder.apply(List.of(a, b)), lockInOrder.apply(List.of(b, a)))
        .orTimeout(30, TimeUnit.SECONDS)
        .join();

    assertThat(attempts).hasValueGreaterThanOrEqualTo(3);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(store.read((StoreSession tx) -> tx.listEvents(EventCursor.START, 10)))
                    .hasSize(2));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CyclicBarrier barrier) {
    try {
      barrier.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (BrokenBarrierException | TimeoutException e) {
      // The other transaction already moved on; the test then proves less but stays correct.
    }
  }

  @Test
  void persistentConflictsGiveUpWithAStoreException() {
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                store.transaction(
                    tx -> {
                      attempts.incrementAndGet();
                      throw new StoreException(
                          "simulated", new SQLException("deadlock detected", "40P01"));
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("after 5 attempts");
    assertThat(attempts).hasValue(5);
  }

  @Test
  void otherErrorsAreNotRetriedAndSqlErrorsBecomeStoreExceptions() {
    AtomicInteger attempts = new AtomicInteger();
    RunRecord run = insert(run("etl", at(0)));

    assertThatThrownBy(
            () ->
                store.transaction(
                    tx -> {
                      attempts.incrementAndGet();
                      throw new IllegalArgumentException("bad input");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> insert(run))
        .isInstanceOf(StoreException.class)
        .satisfies(e -> assertThat(((StoreException) e).httpStatus()).isEqualTo(503));
    assertThat(attempts).hasValue(1);
  }

  @Test
  void anInterruptWhileBackingOffEndsTheRetriesAndRestoresTheFlag() {
    try {
      assertThatThrownBy(
              () ->
                  store.transaction(
                      tx -> {
                        Thread.currentThread().interrupt();
                        throw new StoreException(
                            "simulated", new SQLException("conflict", "40001"));
                      }))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void anInterruptedCallerStillGetsItsTransactionAndKeepsTheFlag() {
    RunRecord run = insert(run("etl", at(0)));
    Thread.currentThread().interrupt();
    try {
      List<EventRecord> appended = append(event(run, EventType.RUN_CANCELLED, null));
      store.contextStore().save(run.runId(), "params", Records.json("{}"));

      assertThat(appended).hasSize(1);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  private static List<EventRecord> concat(List<EventRecord> a, List<EventRecord> b) {
    List<EventRecord> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
