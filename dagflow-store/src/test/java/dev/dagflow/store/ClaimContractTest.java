package dev.dagflow.store;

import static dev.dagflow.store.Records.at;
import static dev.dagflow.store.Records.node;
import static dev.dagflow.store.Records.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.model.Artifact;
import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.store.FencedUpdate;
import dev.dagflow.engine.store.StoreSession;
import dev.dagflow.store.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Claiming, leases and fenced completions of nodes, on every dialect. */
abstract class ClaimContractTest extends StoreTestBase {

  private List<NodeRecord> claim(String owner, Instant now, int limit, List<NodeKey> only) {
    return store.transaction(tx -> tx.claimNodes(owner, now, now.plusSeconds(30), limit, only));
  }

  @Test
  void claimsReadyNodesAndRetryingNodesThatAreDueOnly() {
    RunRecord run = run("etl", at(0));
    insert(
        run,
        node(run.runId(), "pending", NodeStatus.PENDING),
        node(run.runId(), "ready", NodeStatus.READY),
        node(run.runId(), "due", NodeStatus.RETRYING).toBuilder().nextAttemptAt(at(5)).build(),
        node(run.runId(), "later", NodeStatus.RETRYING).toBuilder().nextAttemptAt(at(50)).build(),
        node(run.runId(), "running", NodeStatus.RUNNING),
        node(run.runId(), "done", NodeStatus.SUCCESS));

    assertThat(claim("i1", at(10), 10, null))
        .extracting(NodeRecord::nodeId)
        .containsExactlyInAnyOrder("ready", "due");
    assertThat(claim("i1", at(10), 10, null)).isEmpty();
  }

  @Test
  void claimingSetsRunningTheNextAttemptTheStartAndTheLease() {
    RunRecord run = run("etl", at(0));
    insert(
        run,
        node(run.runId(), "a", NodeStatus.RETRYING).toBuilder()
            .attempts(1)
            .nextAttemptAt(at(1))
            .build());

    NodeRecord claimed = claim("i1", at(10), 1, null).getFirst();
    NodeRecord stored = store.read(tx -> tx.findNodes(run.runId())).getFirst();

    assertThat(claimed.status()).isEqualTo(NodeStatus.RUNNING);
    assertThat(claimed.attempts()).isEqualTo(2);
    assertThat(claimed.startedAt()).isEqualTo(at(10));
    assertThat(claimed.leaseOwner()).isEqualTo("i1");
    assertThat(claimed.leaseExpiresAt()).isEqualTo(at(40));
    assertThat(claimed.nextAttemptAt()).isNull();
    assertThat(stored).isEqualTo(claimed);
  }

  @Test
  void claimsOnlyAmongTheGivenNodesAndUpToTheLimit() {
    RunRecord run = run("etl", at(0));
    insert(
        run,
        IntStream.range(0, 5)
            .mapToObj(i -> node(run.runId(), "n" + i, NodeStatus.READY))
            .toArray(NodeRecord[]::new));
    List<NodeKey> only = List.of(new NodeKey(run.runId(), "n1"), new NodeKey(run.runId(), "n3"));

    assertThat(claim("i1", at(1), 10, only))
        .extracting(NodeRecord::nodeId)
        .containsExactlyInAnyOrder("n1", "n3");
    assertThat(claim("i1", at(1), 10, List.of())).isEmpty();
    assertThat(claim("i1", at(1), 2, null)).hasSize(2);
  }

  @Test
  void aNodeLockedByAnotherTransactionIsSkipped() {
    RunRecord run = run("etl", at(0));
    insert(run, node(run.runId(), "a", NodeStatus.READY), node(run.runId(), "b", NodeStatus.READY));

    List<NodeRecord> second =
        store.transaction(
            tx -> {
              assertThat(tx.claimNodes("i1", at(1), at(30), 1, null)).hasSize(1);
              return store.transaction(tx2 -> tx2.claimNodes("i2", at(1), at(30), 5, null));
            });

    assertThat(second).hasSize(1).allSatisfy(n -> assertThat(n.leaseOwner()).isEqualTo("i2"));
  }

  @Test
  void concurrentClaimersNeverClaimTheSameNode() throws Exception {
    RunRecord run = run("etl", at(0));
    insert(
        run,
        IntStream.range(0, 60)
            .mapToObj(i -> node(run.runId(), "n" + i, NodeStatus.READY))
            .toArray(NodeRecord[]::new));
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());
    CyclicBarrier start = new CyclicBarrier(2);
    Runnable claimer =
        () -> {
          String owner = Thread.currentThread().getName();
          try {
            start.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          List<NodeRecord> got;
          do {
            got = claim(owner, at(1), 3, null);
            got.forEach(n -> claimed.add(n.nodeId()));
          } while (!got.isEmpty());
        };

    CompletableFuture.allOf(
            CompletableFuture.runAsync(claimer, THREADS),
            CompletableFuture.runAsync(claimer, THREADS))
        .join();

    assertThat(claimed).hasSize(60).doesNotHaveDuplicates();
    assertThat(store.read((StoreSession tx) -> tx.findNodes(run.runId())))
        .allSatisfy(n -> assertThat(n.attempts()).isEqualTo(1));
  }

  @Test
  void aFencedUpdateAppliesOnlyForTheCurrentOwnerAndAttempt() {
    RunRecord run = run("etl", at(0));
    insert(run, node(run.runId(), "a", NodeStatus.READY));
    NodeRecord claimed = claim("i1", at(1), 1, null).getFirst();
    NodeRecord done =
        claimed.toBuilder().status(NodeStatus.SUCCESS).finishedAt(at(2)).lease(null, null).build();

    assertThat(store.transaction((StoreSession tx) -> tx.updateNodeFenced(done, "i2", 1)))
        .isFalse();
    assertThat(store.transaction((StoreSession tx) -> tx.updateNodeFenced(done, "i1", 2)))
        .isFalse();
    assertThat(store.transaction((StoreSession tx) -> tx.updateNodeFenced(done, "i1", 1))).isTrue();
    assertThat(store.transaction((StoreSession tx) -> tx.updateNodeFenced(done, "i1", 1)))
        .isFalse();
    assertThat(store.read((StoreSession tx) -> tx.findNodes(run.runId()))).containsExactly(done);
  }

  @Test
  void aBatchOfFencedUpdatesReportsWhichApplied() {
    RunRecord run = run("etl", at(0));
    insert(
        run,
        node(run.runId(), "a", NodeStatus.READY),
        node(run.runId(), "b", NodeStatus.READY),
        node(run.runId(), "c", NodeStatus.READY));
    List<NodeRecord> claimed = claim("i1", at(1), 3, null);
    List<NodeRecord> done =
        claimed.stream()
            .map(n -> n.toBuilder().status(NodeStatus.SUCCESS).lease(null, null).build())
            .toList();

    boolean[] applied =
        store.transaction(
            (StoreSession tx) ->
                tx.updateNodesFenced(
                    List.of(
                        new FencedUpdate(done.get(0), "i1", 1),
                        new FencedUpdate(done.get(1), "i2", 1),
                        new FencedUpdate(done.get(2), "i1", 2))));

    assertThat(applied).containsExactly(true, false, false);
    assertThat(store.read((StoreSession tx) -> tx.findNodes(run.runId())))
        .extracting(n -> n.nodeId() + ":" + n.status().label())
        .containsExactlyInAnyOrder(
            done.get(0).nodeId() + ":success",
            done.get(1).nodeId() + ":running",
            done.get(2).nodeId() + ":running");
    assertThat(store.transaction((StoreSession tx) -> tx.updateNodesFenced(List.of()))).isEmpty();
  }

  @Test
  void aFencedBatchAndLeaseRenewalsOverTheSameRowsNeverDeadlock() throws Exception {
    RunRecord run = run("etl", at(0));
    insert(run, node(run.runId(), "a", NodeStatus.READY), node(run.runId(), "b", NodeStatus.READY));
    List<NodeRecord> claimed = claim("i1", at(1), 2, null);
    NodeRecord a = claimed.stream().filter(n -> n.nodeId().equals("a")).findFirst().orElseThrow();
    NodeRecord b = claimed.stream().filter(n -> n.nodeId().equals("b")).findFirst().orElseThrow();
    AtomicInteger renewals = new AtomicInteger();
    AtomicInteger completions = new AtomicInteger();
    CountDownLatch renewerHoldsA = new CountDownLatch(1);

    // a heartbeat holds a's row and, once the completion waits for it, renews b
    CompletableFuture<Void> heartbeat =
        CompletableFuture.runAsync(
            () ->
                store.transaction(
                    tx -> {
                      renewals.incrementAndGet();
                      tx.renewLeases("i1", List.of(a.key()), at(100));
                      renewerHoldsA.countDown();
                      await()
                          .atMost(Duration.ofSeconds(10))
                          .until(() -> TestStores.sessionsWaitingForALock(store) > 0);
                      tx.renewLeases("i1", List.of(b.key()), at(100));
                      return null;
                    }),
            THREADS);
    assertThat(renewerHoldsA.await(10, TimeUnit.SECONDS)).isTrue();
    // the completion names b first: written in that order, it would hold b and wait for a
    CompletableFuture<boolean[]> completion =
        CompletableFuture.supplyAsync(
            () ->
                store.transaction(
                    (StoreSession tx) -> {
                      completions.incrementAndGet();
                      return tx.updateNodesFenced(
                          List.of(
                              new FencedUpdate(done(b), "i1", 1),
                              new FencedUpdate(done(a), "i1", 1)));
                    }),
            THREADS);

    heartbeat.get(30, TimeUnit.SECONDS);
    assertThat(completion.get(30, TimeUnit.SECONDS)).containsExactly(true, true);
    // a deadlock would have aborted one of them and run it again
    assertThat(renewals).hasValue(1);
    assertThat(completions).hasValue(1);
  }

  private static NodeRecord done(NodeRecord running) {
    return running.toBuilder()
        .status(NodeStatus.SUCCESS)
        .finishedAt(at(2))
        .lease(null, null)
        .build();
  }

  @Test
  void renewingReturnsOnlyTheLeasesTheOwnerStillHolds() {
    RunRecord run = run("etl", at(0));
    insert(
        run,
        node(run.runId(), "mine", NodeStatus.READY),
        node(run.runId(), "theirs", NodeStatus.READY));
    claim("i1", at(1), 1, List.of(new NodeKey(run.runId(), "mine")));
    claim("i2", at(1), 1, List.of(new NodeKey(run.runId(), "theirs")));
    NodeKey mine = new NodeKey(run.runId(), "mine");
    NodeKey gone = new NodeKey(run.runId(), "nonexistent");

    Set<NodeKey> held =
        store.transaction(
            tx ->
                tx.renewLeases(
                    "i1", List.of(mine, new NodeKey(run.runId(), "theirs"), gone), at(99)));

    assertThat(held).containsExactly(mine);
    assertThat(store.read((StoreSession tx) -> tx.findNodes(run.runId())))
        .extracting(n -> n.nodeId() + "@" + n.leaseExpiresAt())
        .containsExactly("mine@" + at(99), "theirs@" + at(31));
  }

  @Test
  void findsRunningNodesWhoseLeaseExpired() {
    RunRecord run = run("etl", at(0));
    insert(
        run,
        node(run.runId(), "a", NodeStatus.READY),
        node(run.runId(), "b", NodeStatus.READY),
        node(run.runId(), "c", NodeStatus.READY));
    store.transaction(
        tx -> tx.claimNodes("i1", at(1), at(10), 1, List.of(new NodeKey(run.runId(), "a"))));
    store.transaction(
        tx -> tx.claimNodes("i1", at(1), at(100), 1, List.of(new NodeKey(run.runId(), "b"))));

    assertThat(store.read((StoreSession tx) -> tx.findExpiredLeases(at(50), 10)))
        .extracting(NodeRecord::nodeId)
        .containsExactly("a");
  }

  @Test
  void updateNodesWritesEveryField() {
    RunRecord run = run("etl", at(0));
    NodeRecord a = node(run.runId(), "a", NodeStatus.READY);
    insert(run, a);
    NodeRecord done =
        a.toBuilder()
            .status(NodeStatus.SUCCESS)
            .attempts(3)
            .startedAt(at(1))
            .finishedAt(Instant.parse("2026-01-01T00:00:09.000001Z"))
            .output(
                Records.json(
                    "{\"files\": [\"a.txt\"], \"score\": 0.9,"
                        + " \"note\": \"a \\\"quoted\\\", {braced} NULL \\\\ back\\\\slash \u00fc\"}"))
            .qualityScore(0.87)
            .artifacts(List.of(new Artifact("report", "a, \"b\".txt", 1234, "file:///tmp/a.txt")))
            .error("retried \"twice\", {1,2} NULL")
            .build();

    store.transaction(
        tx -> {
          tx.updateNodes(List.of(done));
          return null;
        });

    assertThat(store.read((StoreSession tx) -> tx.findNodes(run.runId()))).containsExactly(done);
  }

  @Test
  void findsTheNamedNodesOfARunInIdOrderAcrossChunks() {
    RunRecord run = run("etl", at(0));
    RunRecord other = run("etl", at(0));
    NodeRecord[] nodes =
        IntStream.range(0, 70)
            .mapToObj(i -> node(run.runId(), "n%02d".formatted(i), NodeStatus.PENDING))
            .toArray(NodeRecord[]::new);
    insert(run, nodes);
    insert(other, node(other.runId(), "n01", NodeStatus.PENDING));
    List<String> wanted = new ArrayList<>();
    IntStream.range(0, 70)
        .filter(i -> i % 3 != 0)
        .forEach(i -> wanted.add("n%02d".formatted(69 - i)));
    wanted.add("n01"); // a repeat
    wanted.add("missing");

    List<NodeRecord> found = store.read((StoreSession tx) -> tx.findNodes(run.runId(), wanted));

    List<String> expected =
        wanted.stream().filter(id -> !id.equals("missing")).distinct().sorted().toList();
    assertThat(found).extracting(NodeRecord::nodeId).containsExactlyElementsOf(expected);
    assertThat(found).allMatch(n -> n.runId().equals(run.runId()));
  }
}
