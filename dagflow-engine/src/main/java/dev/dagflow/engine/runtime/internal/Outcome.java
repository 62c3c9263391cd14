package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.RetryPolicy;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.runtime.Jitter;
import dev.dagflow.engine.store.FencedUpdate;
import dev.dagflow.engine.store.StoreSession;
import java.time.Instant;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one attempt's outcome does to its node: the new row, written fenced by the attempt's lease
 * ({@link #fenced}), and, once written, its event, its output in the context and the dependents it
 * settles ({@link #apply}). A success ends the node; a failure retries it within its budget (with
 * backoff) or ends it; a wait parks it for a decision under the approval lease.
 *
 * <pre>{@code
 * Outcome o = Outcome.of(state, completion, now, jitter);
 * if (o != null && tx.updateNodesFenced(List.of(o.fenced()))[0]) o.apply(tx, now, events, effects);
 * }</pre>
 */
record Outcome(
    RunState state,
    Completion completion,
    NodeRecord updated,
    EventType type,
    ObjectNode data,
    Instant retryAt) {
  private static final Instant FAR_FUTURE = Instant.parse("2999-01-01T00:00:00Z");

  /** The row a completion leads to, or null when its node already ended (nothing to write). */
  static Outcome of(RunState state, Completion c, Instant now, Jitter jitter) {
    NodeRecord known = state.node(c.key().nodeId());
    if (known == null || known.status().isTerminal()) {
      return null;
    }
    // the row as claimed: the fenced write checks that it is still what the database holds
    NodeRecord cur = c.row();
    NodeDefinition def = state.graph().node(cur.nodeId());
    RunRecord run = state.run();
    NodeRecord.Builder b = cur.toBuilder().lease(null, null).nextAttemptAt(null);
    return switch (c.outcome()) {
      case AttemptOutcome.Succeeded s -> {
        NodeRecord updated =
            b.status(NodeStatus.SUCCESS)
                .finishedAt(now)
                .output(s.output())
                .qualityScore(s.qualityScore())
                .artifacts(s.artifacts())
                .error(null)
                .build();
        yield new Outcome(
            state,
            c,
            updated,
            EventType.NODE_SUCCEEDED,
            EventData.nodeFinished(updated, cur.startedAt(), now, s.contracts()),
            null);
      }
      case AttemptOutcome.Waiting w -> {
        Instant until = def.timeout() != null ? cur.startedAt().plus(def.timeout()) : FAR_FUTURE;
        if (run.deadline() != null && run.deadline().isBefore(until)) {
          until = run.deadline();
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("attempt", cur.attempts());
        if (until.isBefore(FAR_FUTURE)) {
          data.put("timeout_at", until.toString());
        }
        yield new Outcome(
            state,
            c,
            cur.toBuilder().lease(Transitions.APPROVAL_OWNER, until).build(),
            EventType.NODE_WAITING,
            data,
            null);
      }
      case AttemptOutcome.Failed f -> {
        RetryPolicy retry = def.retry() == null ? RetryPolicy.NONE : def.retry();
        // the budget counts from the run's last retry (attempt numbers go on counting)
        int used = cur.attempts() - cur.attemptBase();
        if (!f.isFinal() && used < retry.maxAttempts()) {
          Instant next = now.plus(Backoff.delay(retry, used, jitter));
          NodeRecord updated =
              b.status(NodeStatus.RETRYING)
                  .nextAttemptAt(next)
                  .qualityScore(f.qualityScore())
                  .error(f.reason())
                  .build();
          ObjectNode data = EventData.nodeFinished(updated, cur.startedAt(), now, f.contracts());
          data.put("next_attempt_at", next.toString());
          yield new Outcome(state, c, updated, EventType.NODE_RETRYING, data, next);
        }
        NodeRecord updated =
            b.status(NodeStatus.FAILURE)
                .finishedAt(now)
                .qualityScore(f.qualityScore())
                .error(f.reason())
                .build();
        yield new Outcome(
            state,
            c,
            updated,
            EventType.NODE_FAILED,
            EventData.nodeFinished(updated, cur.startedAt(), now, f.contracts()),
            null);
      }
    };
  }

  /** The fenced write: applied only if the row is still running under the attempt's lease. */
  FencedUpdate fenced() {
    return new FencedUpdate(updated, completion.owner(), completion.attempt());
  }

  /** What the written outcome means: its event, its output in the context, its dependents. */
  void apply(StoreSession tx, Instant now, EventBatch events, Effects effects) {
    state.written(updated);
    if (retryAt != null) {
      effects.retryAt.add(retryAt);
    }
    // an empty output ({} of noop and friends) is not worth a write; the node row has it too
    if (updated.status() == NodeStatus.SUCCESS
        && !(updated.output().isObject() && updated.output().isEmpty())) {
      tx.saveContext(
          state.run().runId(), "nodes." + updated.nodeId() + ".output", updated.output());
    }
    events.node(type, state.run(), updated, now, data);
    if (updated.status() == NodeStatus.SUCCESS) {
      state.onSuccess(updated.nodeId());
    } else if (updated.status() == NodeStatus.FAILURE) {
      state.onFinalFailure(updated.nodeId());
    }
  }
}
