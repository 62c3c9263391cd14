package dev.dagflow.store;

import static dev.dagflow.store.Records.at;
import static dev.dagflow.store.Records.event;
import static dev.dagflow.store.Records.node;
import static dev.dagflow.store.Records.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.store.FinishedRun;
import dev.dagflow.engine.store.StoreSession;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What retention reads, locks and deletes, and the purge lease, on every dialect. */
abstract class RetentionContractTest extends StoreTestBase {

  private RunRecord finished(String workflowId, RunStatus status, long finishedAt) {
    RunRecord r = run(workflowId, at(finishedAt - 5));
    return new RunRecord(
        r.runId(),
        workflowId,
        1,
        status,
        r.params(),
        r.queuedAt(),
        at(finishedAt - 4),
        at(finishedAt),
        null,
        null,
        "key-" + r.runId(),
        "hash");
  }

  private List<UUID> lockFinished(String workflowId, List<String> except, Instant cutoff) {
    return store.transaction(
        tx ->
            tx.lockFinishedRuns(workflowId, except, cutoff, 100).stream()
                .map(FinishedRun::runId)
                .toList());
  }

  @Test
  void findsOnlyRunsThatFinishedBeforeTheCutoff() {
    RunRecord oldSuccess = insert(finished("etl", RunStatus.SUCCESS, 10));
    RunRecord oldFailure = insert(finished("etl", RunStatus.FAILURE, 20));
    RunRecord oldCancelled = insert(finished("etl", RunStatus.CANCELLED, 30));
    insert(finished("etl", RunStatus.SUCCESS, 100));
    RunRecord running = run("etl", at(0)).withStatus(RunStatus.RUNNING);
    insert(running);
    insert(run("etl", at(0)));

    assertThat(lockFinished(null, List.of(), at(50)))
        .containsExactly(oldSuccess.runId(), oldFailure.runId(), oldCancelled.runId());
  }

  @Test
  void selectsOneWorkflowOrEveryWorkflowButSome() {
    RunRecord etl = insert(finished("etl", RunStatus.SUCCESS, 10));
    RunRecord audit = insert(finished("audit", RunStatus.SUCCESS, 11));
    RunRecord report = insert(finished("report", RunStatus.SUCCESS, 12));

    assertThat(lockFinished("audit", List.of(), at(50))).containsExactly(audit.runId());
    assertThat(lockFinished(null, List.of("audit"), at(50)))
        .containsExactly(etl.runId(), report.runId());
    assertThat(lockFinished(null, List.of("audit", "etl"), at(50))).containsExactly(report.runId());
  }

  @Test
  void deletesARunWithItsNodesEventsContextAndIdempotencyKey() {
    RunRecord gone = finished("etl", RunStatus.SUCCESS, 10);
    RunRecord kept = finished("etl", RunStatus.SUCCESS, 11);
    for (RunRecord r : List.of(gone, kept)) {
      insert(r, node(r.runId(), "a", NodeStatus.SUCCESS));
      store.transaction(
          tx -> {
            tx.saveContext(r.runId(), "params", Records.json("{}"));
            return tx.appendEvents(List.of(event(r, EventType.RUN_SUCCEEDED, null)));
          });
    }

    int deleted = store.transaction(tx -> tx.deleteRuns(List.of(gone.runId(), UUID.randomUUID())));

    assertThat(deleted).isEqualTo(1);
    assertThat(stored(gone)).containsExactly(false, false, false, false, false);
    assertThat(stored(kept)).containsExactly(true, true, true, true, true);
  }

  /** Whether the run's row, nodes, events, idempotency key and context are stored. */
  private List<Boolean> stored(RunRecord r) {
    return store.read(
        tx ->
            List.of(
                tx.findRun(r.runId()).isPresent(),
                !tx.findNodes(r.runId()).isEmpty(),
                !tx.listEvents(r.runId(), 0, 10).isEmpty(),
                tx.findRunByIdempotencyKey(r.idempotencyKey()).isPresent(),
                store.contextStore().load(r.runId(), "params").isPresent()));
  }

  @Test
  void passesOverRunsThatAnotherTransactionHolds() throws Exception {
    RunRecord held = insert(finished("etl", RunStatus.SUCCESS, 10));
    RunRecord free = insert(finished("etl", RunStatus.SUCCESS, 11));
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(
            () ->
                store.transaction(
                    tx -> {
                      tx.lockRun(held.runId());
                      locked.countDown();
                      await(release);
                      return null;
                    }),
            THREADS);
    try {
      assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(lockFinished(null, List.of(), at(50))).containsExactly(free.runId());
    } finally {
      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
    }
    assertThat(lockFinished(null, List.of(), at(50))).containsExactly(held.runId(), free.runId());
  }

  @Test
  void oneOwnerHoldsThePurgeLeaseUntilItExpiresOrIsReleased() {
    Instant now = at(0);
    assertThat(claim("a", now, now.plusSeconds(60))).isTrue();
    assertThat(claim("b", now.plusSeconds(1), now.plusSeconds(61))).isFalse();
    assertThat(claim("a", now.plusSeconds(2), now.plusSeconds(62))).as("renewed").isTrue();
    assertThat(claim("b", now.plusSeconds(61), now.plusSeconds(121))).as("not yet").isFalse();
    assertThat(claim("b", now.plusSeconds(63), now.plusSeconds(123))).as("expired").isTrue();

    store.transaction(
        tx -> {
          tx.releasePurgeLease("a"); // not a's any more: nothing changes
          return null;
        });
    assertThat(claim("a", now.plusSeconds(64), now.plusSeconds(124))).isFalse();
    store.transaction(
        tx -> {
          tx.releasePurgeLease("b");
          return null;
        });
    assertThat(claim("a", now.plusSeconds(65), now.plusSeconds(125))).isTrue();
  }

  private boolean claim(String owner, Instant now, Instant until) {
    return store.transaction((StoreSession tx) -> tx.claimPurgeLease(owner, now, until));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
