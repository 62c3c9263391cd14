package dev.dagflow.store;

import static dev.dagflow.store.Records.at;
import static dev.dagflow.store.Records.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.error.StoreException;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.model.Trigger;
import dev.dagflow.engine.store.LockedRun;
import dev.dagflow.engine.store.QueryObserver.QueryKind;
import dev.dagflow.engine.store.RunQuery;
import dev.dagflow.engine.store.StoreSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The workflow, run, admission and context parts of the store contract, on every dialect. */
abstract class StoreContractTest extends StoreTestBase {

  @Test
  void savingTheSameSourceKeepsTheVersionAndAChangeAddsOne() {
    StoredWorkflow v1 = store.transaction(tx -> tx.saveWorkflow("etl", "a: 1"));
    StoredWorkflow again = store.transaction(tx -> tx.saveWorkflow("etl", "a: 1"));
    StoredWorkflow v2 = store.transaction(tx -> tx.saveWorkflow("etl", "a: 2"));

    assertThat(v1.version()).isEqualTo(1);
    assertThat(again).isEqualTo(v1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(store.read((StoreSession tx) -> tx.findWorkflow("etl")).orElseThrow()).isEqualTo(v2);
    assertThat(store.read((StoreSession tx) -> tx.findWorkflow("etl", 1)).orElseThrow().source())
        .isEqualTo("a: 1");
  }

  @Test
  void deletingHidesTheWorkflowButKeepsItsVersionsForRuns() {
    store.transaction(tx -> tx.saveWorkflow("etl", "a: 1"));

    assertThat(store.transaction((StoreSession tx) -> tx.deleteWorkflow("etl"))).isTrue();
    assertThat(store.transaction((StoreSession tx) -> tx.deleteWorkflow("etl"))).isFalse();
    assertThat(store.transaction((StoreSession tx) -> tx.deleteWorkflow("missing"))).isFalse();
    assertThat(store.read((StoreSession tx) -> tx.findWorkflow("etl"))).isEmpty();
    assertThat(store.read((StoreSession tx) -> tx.findWorkflow("etl", 1))).isPresent();
  }

  @Test
  void savingADeletedWorkflowAgainStartsANewVersion() {
    store.transaction(tx -> tx.saveWorkflow("etl", "a: 1"));
    store.transaction(tx -> tx.deleteWorkflow("etl"));

    StoredWorkflow back = store.transaction(tx -> tx.saveWorkflow("etl", "a: 1"));

    assertThat(back.version()).isEqualTo(2);
    assertThat(store.read((StoreSession tx) -> tx.findWorkflow("etl"))).contains(back);
  }

  @Test
  void listsLatestVersionsOfLiveWorkflowsByIdInPages() {
    for (String id : List.of("c", "a", "d", "b")) {
      store.transaction(tx -> tx.saveWorkflow(id, "v: 1"));
    }
    store.transaction(tx -> tx.saveWorkflow("b", "v: 2"));
    store.transaction(tx -> tx.deleteWorkflow("c"));

    Page<StoredWorkflow> first = store.read(tx -> tx.listWorkflows(2, null));
    Page<StoredWorkflow> second = store.read(tx -> tx.listWorkflows(2, first.nextCursor()));

    assertThat(first.items()).extracting(StoredWorkflow::id).containsExactly("a", "b");
    assertThat(first.items().get(1).version()).isEqualTo(2);
    assertThat(second.items()).extracting(StoredWorkflow::id).containsExactly("d");
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void insertedRunAndNodesReadBackFieldForField() {
    RunRecord run = run("etl", Instant.parse("2026-01-01T00:00:00.123456789Z"));
    insert(
        run,
        Records.node(run.runId(), "a", NodeStatus.READY),
        Records.node(run.runId(), "b", NodeStatus.PENDING));

    RunRecord found = store.read(tx -> tx.findRun(run.runId())).orElseThrow();

    assertThat(found.queuedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    assertThat(found).usingRecursiveComparison().ignoringFields("queuedAt").isEqualTo(run);
    assertThat(store.read((StoreSession tx) -> tx.findNodes(run.runId())))
        .extracting(n -> n.nodeId() + ":" + n.status().label())
        .containsExactly("a:ready", "b:pending");
  }

  @Test
  void runsInsertedTogetherReadBackWithTheirNodesAndTheirEventsCountFromOne() {
    List<RunRecord> runs = List.of(run("etl", at(0)), run("etl", at(1)), run("report", at(2)));
    List<NodeRecord> nodes = new ArrayList<>();
    for (RunRecord r : runs) {
      nodes.add(Records.node(r.runId(), "a", NodeStatus.READY));
      nodes.add(Records.node(r.runId(), "b", NodeStatus.PENDING));
    }

    List<EventRecord> events =
        store.transaction(
            tx -> {
              tx.insertRuns(runs, nodes);
              return tx.appendEvents(
                  runs.stream().map(r -> Records.event(r, EventType.RUN_QUEUED, null)).toList());
            });

    for (RunRecord r : runs) {
      assertThat(store.read((StoreSession tx) -> tx.findRun(r.runId())))
          .get()
          .usingRecursiveComparison()
          .ignoringFields("queuedAt")
          .isEqualTo(r);
      assertThat(store.read((StoreSession tx) -> tx.findNodes(r.runId())))
          .extracting(n -> n.nodeId() + ":" + n.status().label())
          .containsExactly("a:ready", "b:pending");
    }
    assertThat(events).extracting(EventRecord::seq).containsExactly(1L, 1L, 1L);
  }

  @Test
  void eventsOfRunsInsertedInTheSameTransactionGetDenseSeqsInTheOrderGiven() {
    RunRecord earlier = insert(run("etl", at(0)));
    RunRecord first = run("etl", at(1));
    RunRecord second = run("etl", at(2));

    List<EventRecord> written =
        store.transaction(
            tx -> {
              tx.insertRuns(List.of(first, second), List.of());
              List<EventRecord> out = new ArrayList<>();
              // the runs' first events; the first run gets two
              out.addAll(
                  tx.appendEvents(
                      List.of(
                          Records.event(first, EventType.RUN_QUEUED, null),
                          Records.event(second, EventType.RUN_QUEUED, null),
                          Records.event(first, EventType.RUN_STARTED, null))));
              // again in the same transaction, and mixed with a run inserted before it
              out.addAll(
                  tx.appendEvents(
                      List.of(
                          Records.event(first, EventType.NODE_STARTED, "a"),
                          Records.event(earlier, EventType.RUN_QUEUED, null))));
              return out;
            });
    store.transaction(
        tx -> tx.appendEvents(List.of(Records.event(second, EventType.RUN_STARTED, null))));

    assertThat(written)
        .extracting(e -> e.runId().equals(first.runId()) ? "first:" + e.seq() : "other:" + e.seq())
        .containsExactly("first:1", "other:1", "first:2", "first:3", "other:1");
    assertThat(written).extracting(EventRecord::cursor).isSorted();
    assertThat(seqsAndTypes(first))
        .containsExactly(
            "1:" + EventType.RUN_QUEUED,
            "2:" + EventType.RUN_STARTED,
            "3:" + EventType.NODE_STARTED);
    assertThat(store.read((StoreSession tx) -> tx.listEvents(second.runId(), 0, 10)))
        .extracting(EventRecord::seq)
        .containsExactly(1L, 2L);
  }

  @Test
  void runsInsertedTogetherKeepDenseSeqsWhetherTheirFirstEventsComeAloneEndTheRunOrNeverCome() {
    RunRecord alone = run("etl", at(1));
    RunRecord ended = run("etl", at(2));
    RunRecord silent = run("etl", at(3));

    store.transaction(
        tx -> {
          tx.insertRuns(List.of(alone, ended, silent), List.of());
          tx.appendEvents(List.of(Records.event(alone, EventType.RUN_QUEUED, null)));
          // an event that ends its run, in the same transaction that inserted it
          return tx.appendEvents(
              List.of(
                  Records.event(ended, EventType.RUN_QUEUED, null),
                  Records.event(ended, EventType.RUN_CANCELLED, null)));
        });
    store.transaction(
        tx ->
            tx.appendEvents(
                List.of(
                    Records.event(silent, EventType.RUN_QUEUED, null),
                    Records.event(alone, EventType.RUN_STARTED, null),
                    Records.event(ended, EventType.RUN_RETRIED, null))));

    assertThat(seqsAndTypes(alone))
        .containsExactly("1:" + EventType.RUN_QUEUED, "2:" + EventType.RUN_STARTED);
    assertThat(seqsAndTypes(ended))
        .containsExactly(
            "1:" + EventType.RUN_QUEUED,
            "2:" + EventType.RUN_CANCELLED,
            "3:" + EventType.RUN_RETRIED);
    assertThat(seqsAndTypes(silent)).containsExactly("1:" + EventType.RUN_QUEUED);
  }

  /** The run's stored events as {@code "seq:type"}, in seq order. */
  private List<String> seqsAndTypes(RunRecord run) {
    return store.read((StoreSession tx) -> tx.listEvents(run.runId(), 0, 10)).stream()
        .map(e -> e.seq() + ":" + e.type())
        .toList();
  }

  @Test
  void updateRunWritesEveryChangedField() {
    RunRecord run = insert(run("etl", at(0)));
    RunRecord done = run.started(at(1), at(60)).finished(RunStatus.FAILURE, at(2), "boom");

    store.transaction(
        tx -> {
          tx.updateRun(done);
          return null;
        });

    assertThat(store.read((StoreSession tx) -> tx.findRun(run.runId()))).contains(done);
  }

  @Test
  void findsARunByItsIdempotencyKey() {
    RunRecord run = insert(run("etl", at(0), "key-1"));
    insert(run("etl", at(1)));

    assertThat(store.read((StoreSession tx) -> tx.findRunByIdempotencyKey("key-1"))).contains(run);
    assertThat(store.read((StoreSession tx) -> tx.findRunByIdempotencyKey("key-2"))).isEmpty();
  }

  @Test
  void aSecondRunWithTheSameIdempotencyKeyIsAStoreError() {
    insert(run("etl", at(0), "key-1"));

    assertThatThrownBy(() -> insert(run("etl", at(1), "key-1"))).isInstanceOf(StoreException.class);
    assertThat(store.read((StoreSession tx) -> tx.countRuns(null))).isEqualTo(1);
  }

  @Test
  void listsRunsNewestFirstThroughOpaqueCursors() {
    List<RunRecord> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(insert(run("etl", at(i % 3)))); // equal queuedAt values are ordered by id
    }
    List<RunRecord> seen = new ArrayList<>();
    String cursor = null;
    do {
      String after = cursor;
      Page<RunRecord> page = store.read(tx -> tx.listRuns(new RunQuery(null, null, 2, after)));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
      seen.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);

    assertThat(seen).extracting(RunRecord::runId).doesNotHaveDuplicates().hasSize(5);
    assertThat(seen)
        .extracting(RunRecord::queuedAt)
        .isSortedAccordingTo(Collections.reverseOrder());
  }

  @Test
  void listRunsFiltersByWorkflowAndStatus() {
    RunRecord etl = insert(run("etl", at(0)));
    insert(run("other", at(1)));
    RunRecord running = insert(run("etl", at(2)));
    store.transaction(
        tx -> {
          tx.updateRun(running.started(at(3), null));
          return null;
        });

    assertThat(
            store
                .read((StoreSession tx) -> tx.listRuns(new RunQuery("etl", null, 10, null)))
                .items())
        .extracting(RunRecord::runId)
        .containsExactly(running.runId(), etl.runId());
    assertThat(
            store
                .read(
                    (StoreSession tx) ->
                        tx.listRuns(new RunQuery("etl", RunStatus.QUEUED, 10, null)))
                .items())
        .extracting(RunRecord::runId)
        .containsExactly(etl.runId());
    assertThat(store.read((StoreSession tx) -> tx.countRuns(RunStatus.QUEUED))).isEqualTo(2);
  }

  @Test
  void listsRunsQueuedInATimeRangeAndByTriggerType() {
    RunRecord early = insert(run("etl", at(0)));
    RunRecord scheduled = insert(run("etl", at(10)));
    RunRecord late = insert(run("etl", at(20)));
    RunRecord child = insert(run("etl", at(30)));
    store.transaction(
        tx -> {
          tx.schedules().insertTrigger(early.runId(), "etl", Trigger.API);
          tx.schedules()
              .insertTrigger(scheduled.runId(), "etl", new Trigger.Schedule("nightly", at(10)));
          tx.schedules()
              .insertTrigger(child.runId(), "etl", new Trigger.Parent(early.runId(), "sub", 1));
          return null; // late has no stored trigger: an API run from before triggers were kept
        });
    Function<RunQuery, List<UUID>> ids =
        q ->
            store.read((StoreSession tx) -> tx.listRuns(q)).items().stream()
                .map(RunRecord::runId)
                .toList();
    RunQuery all = new RunQuery("etl", null, 10, null);

    assertThat(ids.apply(all.withQueued(at(10), at(30))))
        .containsExactly(late.runId(), scheduled.runId());
    assertThat(ids.apply(all.withQueued(at(20), null)))
        .containsExactly(child.runId(), late.runId());
    assertThat(ids.apply(all.withQueued(null, at(10)))).containsExactly(early.runId());
    assertThat(ids.apply(all.withTrigger("schedule"))).containsExactly(scheduled.runId());
    assertThat(ids.apply(all.withTrigger("parent"))).containsExactly(child.runId());
    assertThat(ids.apply(all.withTrigger("api"))).containsExactly(late.runId(), early.runId());
    assertThat(ids.apply(all.withTrigger("api").withQueued(at(1), null)))
        .containsExactly(late.runId());
  }

  @Test
  void aForgedCursorIsAnInvalidRequest() {
    assertThatThrownBy(() -> store.read(tx -> tx.listRuns(new RunQuery(null, null, 2, "%%nope"))))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void lockQueuedRunsTakesTheOldestAndSkipsThoseLockedElsewhere() {
    RunRecord oldest = insert(run("etl", at(0)));
    RunRecord middle = insert(run("etl", at(1)));
    RunRecord newest = insert(run("etl", at(2)));

    List<RunRecord> other =
        store.transaction(
            tx -> {
              assertThat(tx.lockQueuedRuns(1))
                  .extracting(RunRecord::runId)
                  .containsExactly(oldest.runId());
              return store.transaction(tx2 -> tx2.lockQueuedRuns(5));
            });

    assertThat(other).extracting(RunRecord::runId).containsExactly(middle.runId(), newest.runId());
  }

  @Test
  void findsRunningRunsPastTheirDeadline() {
    RunRecord overdue = insert(run("etl", at(0)));
    RunRecord onTime = insert(run("etl", at(0)));
    insert(run("etl", at(0)));
    store.transaction(
        tx -> {
          tx.updateRun(overdue.started(at(1), at(10)));
          tx.updateRun(onTime.started(at(1), at(100)));
          return null;
        });

    assertThat(store.read((StoreSession tx) -> tx.findOverdueRuns(at(50), 10)))
        .extracting(RunRecord::runId)
        .containsExactly(overdue.runId());
  }

  @Test
  void lockRunSerialisesConcurrentTransitionsOfOneRun() {
    RunRecord run = insert(run("etl", at(0)));
    Runnable increments =
        () ->
            IntStream.range(0, 15)
                .forEach(
                    i ->
                        store.transaction(
                            tx -> {
                              RunRecord locked = tx.lockRun(run.runId()).orElseThrow();
                              int n = locked.error() == null ? 0 : Integer.parseInt(locked.error());
                              tx.updateRun(
                                  locked.finished(
                                      RunStatus.RUNNING, null, Integer.toString(n + 1)));
                              return null;
                            }));

    CompletableFuture.allOf(
            CompletableFuture.runAsync(increments, THREADS),
            CompletableFuture.runAsync(increments, THREADS))
        .join();

    assertThat(store.read((StoreSession tx) -> tx.findRun(run.runId())).orElseThrow().error())
        .isEqualTo("30");
    assertThat(store.transaction((StoreSession tx) -> tx.lockRun(java.util.UUID.randomUUID())))
        .isEmpty();
  }

  @Test
  void lockRunsLocksRunsInIdOrderAndEveryWriteAndLockMovesTheVersionUp() {
    List<RunRecord> runs = IntStream.range(0, 70).mapToObj(i -> insert(run("etl", at(i)))).toList();
    List<java.util.UUID> ids = new ArrayList<>(runs.stream().map(RunRecord::runId).toList());
    Collections.shuffle(ids);
    ids.add(java.util.UUID.randomUUID()); // no such run: left out

    List<LockedRun> locked = store.transaction((StoreSession tx) -> tx.lockRuns(ids));

    assertThat(locked).hasSize(70).allSatisfy(l -> assertThat(l.version()).isZero());
    assertThat(locked)
        .extracting(l -> l.run().runId())
        .isSortedAccordingTo(
            java.util.Comparator.<java.util.UUID>comparingLong(
                    u -> u.getMostSignificantBits() ^ Long.MIN_VALUE)
                .thenComparingLong(u -> u.getLeastSignificantBits() ^ Long.MIN_VALUE))
        .containsExactlyInAnyOrderElementsOf(runs.stream().map(RunRecord::runId).toList());
    assertThat(locked.getFirst().run())
        .isEqualTo(store.read(tx -> tx.findRun(locked.getFirst().run().runId())).orElseThrow());

    RunRecord first = runs.get(0);
    RunRecord second = runs.get(1);
    store.transaction(
        tx -> {
          tx.updateRun(first.started(at(100), null));
          tx.touchRuns(List.of(first.runId(), second.runId()));
          tx.touchRuns(List.of(second.runId()));
          return null;
        });

    // the first lock moved both to 1; then +2 for first (update, touch), +2 for second (touches)
    assertThat(
            store.transaction(
                (StoreSession tx) -> tx.lockRuns(List.of(second.runId(), first.runId()))))
        .extracting(l -> l.run().runId() + "@" + l.version())
        .containsExactlyInAnyOrder(first.runId() + "@3", second.runId() + "@3");
    assertThat(store.transaction((StoreSession tx) -> tx.lockRuns(List.of(first.runId()))))
        .extracting(LockedRun::version)
        .containsExactly(4L);
    assertThat(store.transaction((StoreSession tx) -> tx.lockRuns(List.of()))).isEmpty();
  }

  @Test
  void lockAdmissionIsHeldUntilCommit() {
    CompletableFuture<Void> second =
        store.transaction(
            tx -> {
              tx.lockAdmission();
              CompletableFuture<Void> waiting =
                  CompletableFuture.runAsync(
                      () ->
                          store.transaction(
                              tx2 -> {
                                tx2.lockAdmission();
                                return null;
                              }),
                      THREADS);
              await()
                  .during(Duration.ofMillis(300))
                  .atMost(Duration.ofSeconds(2))
                  .until(() -> !waiting.isDone());
              return waiting;
            });

    await().atMost(Duration.ofSeconds(5)).until(second::isDone);
    assertThat(second).isCompleted();
  }

  @Test
  void runParamsAnswerFromTheRunRowUntilANodeSavesItsOwn() {
    RunRecord run = run("etl", at(0));
    store.transaction(
        tx -> {
          tx.insertRun(run, List.of());
          return null;
        });

    assertThat(store.contextStore().load(run.runId(), "params")).contains(run.params());
    assertThat(store.contextStore().load(run.runId(), "other")).isEmpty();
    // one JSON copy per run: the params are not also a context row
    assertThat(store.contextStore().delete(run.runId())).isZero();

    store.contextStore().save(run.runId(), "params", Records.json("{\"n\": 2}"));
    assertThat(store.contextStore().load(run.runId(), "params"))
        .contains(Records.json("{\"n\": 2}"));
    assertThat(store.contextStore().load(java.util.UUID.randomUUID(), "params")).isEmpty();
  }

  @Test
  void contextStoreSavesLoadsDeletesAndReportsEachOperation() {
    List<String> operations = Collections.synchronizedList(new ArrayList<>());
    try (JdbcStore observed =
        open(b -> b.contextObserver((op, ok) -> operations.add(op + ":" + ok)))) {
      var context = observed.contextStore();
      java.util.UUID runId = java.util.UUID.randomUUID();
      context.save(runId, "params", Records.json("{\"x\": [1, 2]}"));
      context.save(runId, "params", Records.json("{\"x\": 3}"));
      context.save(runId, "nodes.a.output", Records.json("\"text\""));

      assertThat(context.load(runId, "params")).contains(Records.json("{\"x\": 3}"));
      assertThat(context.load(runId, "nodes.a.output")).contains(Records.json("\"text\""));
      assertThat(context.load(runId, "missing")).isEmpty();
      assertThat(context.delete(runId)).isEqualTo(2);
      assertThat(context.load(runId, "params")).isEmpty();
    }
    assertThat(operations)
        .containsExactly(
            "save:true",
            "save:true",
            "save:true",
            "load:true",
            "load:true",
            "load:true",
            "delete:true",
            "load:true");
  }

  @Test
  void readSessionsRefuseWrites() {
    assertThatThrownBy(() -> store.read(tx -> tx.saveWorkflow("etl", "a: 1")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void queryObserverSeesEveryKindOfQuery() {
    Set<QueryKind> kinds = Collections.synchronizedSet(EnumSet.noneOf(QueryKind.class));
    try (JdbcStore observed =
        open(
            b ->
                b.queryObserver(
                    (kind, nanos) -> {
                      assertThat(nanos).isPositive();
                      kinds.add(kind);
                    }))) {
      RunRecord run = run("etl", at(0));
      observed.transaction(
          tx -> {
            tx.insertRun(run, List.of());
            return null;
          });
      observed.transaction(
          tx -> {
            tx.updateRun(run.started(at(1), null));
            return tx.findRun(run.runId());
          });
      observed.contextStore().save(run.runId(), "params", Records.json("{}"));
      observed.contextStore().delete(run.runId());
    }
    assertThat(kinds).containsExactlyInAnyOrder(QueryKind.values());
  }

  @Test
  void contextSavedInATransactionCommitsWithItAndIsReportedAtItsEnd() {
    List<String> operations = Collections.synchronizedList(new ArrayList<>());
    try (JdbcStore observed =
        open(b -> b.contextObserver((op, ok) -> operations.add(op + ":" + ok)))) {
      java.util.UUID kept = java.util.UUID.randomUUID();
      java.util.UUID dropped = java.util.UUID.randomUUID();
      observed.transaction(
          tx -> {
            tx.saveContext(kept, "params", Records.json("{\"x\": 1}"));
            tx.saveContext(kept, "nodes.a.output", Records.json("[1]"));
            return null;
          });
      assertThatThrownBy(
              () ->
                  observed.transaction(
                      tx -> {
                        tx.saveContext(dropped, "params", Records.json("{}"));
                        throw new IllegalStateException("work failed");
                      }))
          .hasMessage("work failed");

      assertThat(observed.contextStore().load(kept, "nodes.a.output"))
          .contains(Records.json("[1]"));
      assertThat(observed.contextStore().load(dropped, "params")).isEmpty();
    }
    assertThat(operations)
        .containsExactly("save:true", "save:true", "save:false", "load:true", "load:true");
  }
}
