package dev.dagflow.store;

import static dev.dagflow.store.Records.at;
import static dev.dagflow.store.Records.json;
import static dev.dagflow.store.Records.node;
import static dev.dagflow.store.Records.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.store.StoreSession;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The values nearly every run and node row holds (empty params, a name equal to the node id,
 * attempt base 0, a succeeded node's empty output, a ready time equal to the start) read back
 * exactly, through every write path, on every dialect.
 */
abstract class UsualValuesContractTest extends StoreTestBase {

  private List<NodeRecord> nodesOf(RunRecord run) {
    return store.read((StoreSession tx) -> tx.findNodes(run.runId()));
  }

  private List<NodeRecord> claim(Instant now, List<NodeKey> only) {
    return store.transaction(tx -> tx.claimNodes("i1", now, now.plusSeconds(30), 10, only));
  }

  private void update(NodeRecord... nodes) {
    store.transaction(
        tx -> {
          tx.updateNodes(List.of(nodes));
          return null;
        });
  }

  @Test
  void aRunWithoutParamsAndNodesWithTheirUsualValuesReadBackAsWritten() {
    RunRecord run = withParams(run("etl", at(0)), json("{}"));
    NodeRecord named = node(run.runId(), "a", NodeStatus.PENDING);
    NodeRecord renamed =
        NodeRecord.pending(run.runId(), "b", "noop", "Build the app").toBuilder()
            .attemptBase(2)
            .build();
    insert(run, named, renamed);
    NodeRecord done =
        named.toBuilder()
            .status(NodeStatus.SUCCESS)
            .attempts(1)
            .readyAt(at(1))
            .startedAt(at(1))
            .finishedAt(at(2))
            .output(json("{}"))
            .build();
    NodeRecord failed =
        renamed.toBuilder()
            .status(NodeStatus.FAILURE)
            .attempts(3)
            .readyAt(at(1))
            .startedAt(at(3))
            .finishedAt(at(4))
            .output(json("{}")) // an empty output of a node that did not succeed stays one
            .error("exit 1")
            .build();
    update(done, failed);

    assertThat(store.read((StoreSession tx) -> tx.findRun(run.runId()))).contains(run);
    assertThat(store.contextStore().load(run.runId(), "params")).contains(json("{}"));
    assertThat(nodesOf(run)).containsExactly(done, failed);
  }

  @Test
  void aNodeStartedAsItBecameReadyKeepsThatReadyTimeWhenItIsClaimedAgain() {
    RunRecord run = run("etl", at(0));
    insert(run, startedAsReadyThenRetrying(run));
    RunRecord other = run("etl", at(0));
    insert(other, startedAsReadyThenRetrying(other));

    NodeRecord claimedByKey = claim(at(10), List.of(new NodeKey(other.runId(), "a"))).getFirst();
    NodeRecord claimed = claim(at(11), null).getFirst();

    assertThat(claimed.readyAt()).isEqualTo(at(1));
    assertThat(claimed.startedAt()).isEqualTo(at(11));
    assertThat(nodesOf(run)).containsExactly(claimed);
    assertThat(claimedByKey.readyAt()).isEqualTo(at(1));
    assertThat(claimedByKey.startedAt()).isEqualTo(at(10));
    assertThat(nodesOf(other)).containsExactly(claimedByKey);
  }

  @Test
  void claimsTheLongestReadyFirstWhetherOrNotItStartedAsItBecameReady() {
    RunRecord run = run("etl", at(0));
    insert(
        run,
        node(run.runId(), "late", NodeStatus.READY).toBuilder().readyAt(at(3)).build(),
        node(run.runId(), "early", NodeStatus.RETRYING).toBuilder()
            .attempts(1)
            .readyAt(at(1))
            .startedAt(at(1))
            .nextAttemptAt(at(2))
            .build());

    List<NodeRecord> claimed =
        store.transaction((StoreSession tx) -> tx.claimNodes("i1", at(10), at(40), 1, null));
    assertThat(claimed).extracting(NodeRecord::nodeId).containsExactly("early");
  }

  /** A node whose first attempt started when it became ready, at 1 s, and failed. */
  private static NodeRecord startedAsReadyThenRetrying(RunRecord run) {
    return node(run.runId(), "a", NodeStatus.RETRYING).toBuilder()
        .attempts(1)
        .readyAt(at(1))
        .startedAt(at(1))
        .nextAttemptAt(at(5))
        .error("timed out")
        .build();
  }

  private static RunRecord withParams(RunRecord r, JsonNode params) {
    return new RunRecord(
        r.runId(),
        r.workflowId(),
        r.workflowVersion(),
        r.status(),
        params,
        r.queuedAt(),
        r.startedAt(),
        r.finishedAt(),
        r.deadline(),
        r.error(),
        r.idempotencyKey(),
        r.requestHash());
  }
}
