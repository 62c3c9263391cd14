package dev.dagflow.store;

import static dev.dagflow.store.Records.T0;
import static dev.dagflow.store.Records.event;
import static dev.dagflow.store.Records.node;
import static dev.dagflow.store.Records.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.EngineErrorKind;
import dev.dagflow.engine.error.UndecodableRowException;
import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.store.RunQuery;
import dev.dagflow.store.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rows the store would never write, written with SQL around it: reads name the run and what is
 * wrong ({@link UndecodableRowException}) instead of throwing a parser's exception; list pages
 * never break on one bad row; a run can be failed by id without decoding it.
 */
abstract class PoisonRowContractTest extends StoreTestBase {

  /** A value of a JSON column the params decoder rejects (H2 holds any text; jsonb only JSON). */
  abstract String badParams();

  private RunRecord poisoned(String set) {
    RunRecord r = run("wf", T0);
    insert(r, node(r.runId(), "a", NodeStatus.SUCCESS), node(r.runId(), "b", NodeStatus.PENDING));
    TestStores.execute(store, "UPDATE runs SET " + set + " WHERE run_id = '" + r.runId() + "'");
    return r;
  }

  private UndecodableRowException readFails(RunRecord r) {
    return catchThrowableOfType(
        UndecodableRowException.class, () -> store.read(tx -> tx.findRun(r.runId()).orElseThrow()));
  }

  @Test
  void aRunsRowWithAnUnknownStatusNamesTheRunAndTheStatus() {
    RunRecord r = poisoned("status = 'bogus'");
    UndecodableRowException e = readFails(r);
    assertThat(e.runId()).isEqualTo(r.runId());
    assertThat(e.kind()).isEqualTo(EngineErrorKind.UNDECODABLE_RUN);
    assertThat(e.reason()).isEqualTo("run cannot be decoded: runs row: unknown status 'bogus'");
  }

  @Test
  void aRunsRowWithBadParamsNamesTheColumn() {
    RunRecord r = poisoned("params = " + badParams());
    assertThat(readFails(r).reason()).startsWith("run cannot be decoded: runs row: params is not");
  }

  @Test
  void aListPageShowsTheBadRowFailedWithItsReasonAndTheOthersAsTheyAre() {
    RunRecord good = insert(run("wf", T0.plusSeconds(1)));
    RunRecord bad = poisoned("params = " + badParams());
    RunRecord badStatus = poisoned("status = 'bogus'");
    Map<Object, RunRecord> page =
        store.read(tx -> tx.listRuns(new RunQuery(null, null, 10, null))).items().stream()
            .collect(Collectors.toMap(RunRecord::runId, x -> x));
    assertThat(page).hasSize(3);
    assertThat(page.get(good.runId()).status()).isEqualTo(RunStatus.QUEUED);
    assertThat(page.get(bad.runId()).status()).isEqualTo(RunStatus.FAILURE);
    assertThat(page.get(bad.runId()).error()).startsWith("run cannot be decoded: runs row: params");
    assertThat(page.get(badStatus.runId()).error())
        .isEqualTo("run cannot be decoded: runs row: unknown status 'bogus'");
  }

  @Test
  void nodeRowsWithAnUnknownStatusOrBadArtifactsNameTheNode() {
    RunRecord r = run("wf", T0);
    insert(r, node(r.runId(), "a", NodeStatus.PENDING));
    RunRecord r2 = run("wf", T0);
    insert(r2, node(r2.runId(), "a", NodeStatus.PENDING));
    TestStores.execute(
        store,
        "UPDATE nodes SET status = 'bogus' WHERE run_id = '" + r.runId() + "'",
        "UPDATE nodes SET artifacts = '\"oops\"' WHERE run_id = '" + r2.runId() + "'");
    UndecodableRowException e =
        catchThrowableOfType(
            UndecodableRowException.class, () -> store.read(tx -> tx.findNodes(r.runId())));
    assertThat(e.kind()).isEqualTo(EngineErrorKind.UNDECODABLE_NODE);
    assertThat(e.reason())
        .isEqualTo("run cannot be decoded: nodes row 'a': unknown status 'bogus'");
    UndecodableRowException e2 =
        catchThrowableOfType(
            UndecodableRowException.class, () -> store.read(tx -> tx.findNodes(r2.runId())));
    assertThat(e2.detail()).isEqualTo("nodes row 'a': artifacts are not a JSON array of objects");
  }

  @Test
  void failingAnUndecodableRunNeedsNoDecodingAndLeavesItReadableAsTheFailure() {
    RunRecord r = poisoned("params = " + badParams() + ", status = 'running'");
    TestStores.execute(
        store,
        "UPDATE nodes SET status = 'bogus' WHERE node_id = 'b' AND run_id = '" + r.runId() + "'");
    String reason = "run cannot be decoded: runs row: params is not valid";
    Instant now = Instant.now();
    Optional<String> first = store.transaction(tx -> tx.failUndecodableRun(r.runId(), reason, now));
    assertThat(first).contains("wf");
    // once failed, it is not failed again
    Optional<String> again = store.transaction(tx -> tx.failUndecodableRun(r.runId(), reason, now));
    assertThat(again).isEmpty();

    RunRecord read = store.read(tx -> tx.findRun(r.runId()).orElseThrow());
    assertThat(read.status()).isEqualTo(RunStatus.FAILURE);
    assertThat(read.error()).isEqualTo(reason);
    assertThat(read.params().isEmpty()).isTrue();
    Map<String, NodeRecord> nodes =
        store.read(tx -> tx.findNodes(r.runId())).stream()
            .collect(Collectors.toMap(NodeRecord::nodeId, n -> n));
    assertThat(nodes.get("a").status()).isEqualTo(NodeStatus.SUCCESS);
    assertThat(nodes.get("b").status()).isEqualTo(NodeStatus.CANCELLED);
    assertThat(nodes.get("b").error()).isEqualTo(reason);
  }

  @Test
  void runningRunsWithANodeOfUnknownStatusAreFound() {
    RunRecord r = poisoned("status = 'running'");
    RunRecord queued = poisoned("status = 'queued'");
    TestStores.execute(
        store,
        "UPDATE nodes SET status = 'bogus' WHERE node_id = 'b' AND run_id IN ('"
            + r.runId()
            + "', '"
            + queued.runId()
            + "')");
    List<UUID> found = store.read(tx -> tx.findRunsWithUnknownNodeStatus(10));
    assertThat(found).containsExactly(r.runId());
  }

  @Test
  void anEventOfAnUnknownTypeIsLeftOutOfPagesAndTheOthersRead() {
    RunRecord r = insert(run("wf", T0));
    store.transaction(
        tx ->
            tx.appendEvents(
                List.of(
                    event(r, EventType.RUN_STARTED, null),
                    event(r, EventType.NODE_STARTED, "a"),
                    event(r, EventType.NODE_SUCCEEDED, "a"))));
    // a type number no release knows (types are stored as numbers since V22)
    TestStores.execute(store, "UPDATE events SET type = 99 WHERE seq = 2");
    List<EventRecord> run = store.read(tx -> tx.listEvents(r.runId(), 0, 10));
    assertThat(run).extracting(EventRecord::seq).containsExactly(1L, 3L);
    // the global reader stops below the oldest open transaction of the whole database server,
    // which another session may hold for a moment
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<EventRecord> all = store.read(tx -> tx.listEvents(EventCursor.START, 10));
              assertThat(all).extracting(EventRecord::seq).containsExactly(1L, 3L);
            });
  }

  /** Optional: a dialect that can hold text that is not JSON in a JSON column. */
  Optional<String> notJson() {
    return Optional.empty();
  }

  @Test
  void eventDataThatIsNotJsonReadsAsUndecodableWithTheReason() {
    if (notJson().isEmpty()) {
      return; // jsonb holds only JSON
    }
    RunRecord r = insert(run("wf", T0));
    store.transaction(tx -> tx.appendEvents(List.of(event(r, EventType.RUN_STARTED, null))));
    TestStores.execute(store, "UPDATE events SET data = " + notJson().get());
    EventRecord e = store.read(tx -> tx.listEvents(r.runId(), 0, 10)).getFirst();
    assertThat(e.type()).isEqualTo(EventType.RUN_STARTED);
    assertThat(e.data().get("undecodable").asString())
        .startsWith("run cannot be decoded: events row 1: data is not JSON");
  }
}
