package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.Durations;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.RetryPolicy;
import dev.dagflow.engine.error.ConflictException;
import dev.dagflow.engine.error.RunNotFoundException;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.Jitter;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every state change of runs and nodes, each in one short transaction that locks the run rows it
 * changes (in id order), writes the rows and appends the events last.
 */
public final class Transitions {
  /** The lease owner of an approval node waiting for a decision; no instance renews it. */
  public static final String APPROVAL_OWNER = "approval";

  private static final Instant FAR_FUTURE = Instant.parse("2999-01-01T00:00:00Z");

  private final Store store;
  private final Definitions definitions;
  private final Evaluation evaluation;
  private final EventDispatcher dispatcher;
  private final Jitter jitter;

  public Transitions(
      Store store,
      Definitions definitions,
      Evaluation evaluation,
      EventDispatcher dispatcher,
      Jitter jitter) {
    this.store = store;
    this.definitions = definitions;
    this.evaluation = evaluation;
    this.dispatcher = dispatcher;
    this.jitter = jitter;
  }

  /** Admits queued runs while fewer than {@code maxActive} run cluster-wide. */
  public Effects admit(int maxActive, int batch) {
    return inTransaction(
        (tx, events, effects) -> {
          tx.lockAdmission();
          long slots = maxActive - tx.countRuns(RunStatus.RUNNING);
          if (slots <= 0) {
            return;
          }
          Instant now = Instant.now();
          for (RunRecord run : tx.lockQueuedRuns((int) Math.min(slots, batch))) {
            RunState state = load(tx, run, now, events);
            Duration timeout = state.graph().definition().timeout();
            state.start(timeout == null ? null : now.plus(timeout));
            write(tx, state, effects);
          }
        });
  }

  /**
   * The permits a completion may take (at most {@code max}, from this instance's {@code permits})
   * to start the nodes it readies, leased to {@code owner}. It counts what it holds across the
   * store's retries; the caller {@link #settle}s after the transaction.
   */
  public static final class StartBudget {
    public static final StartBudget NONE = new StartBudget(null, Duration.ZERO, null, 0);

    private final String owner;
    private final Duration lease;
    private final Semaphore permits;
    private final int max;
    private int held;

    public StartBudget(String owner, Duration lease, Semaphore permits, int max) {
      this.owner = owner;
      this.lease = lease;
      this.permits = permits;
      this.max = max;
    }

    private int take(int wanted) {
      int n = 0;
      while (permits != null && n < wanted && held < max && permits.tryAcquire()) {
        n++;
        held++;
      }
      return n;
    }

    private void giveBack(int n) {
      if (n > 0) {
        permits.release(n);
        held -= n;
      }
    }

    /** Keeps {@code launched} permits (one per started node) and returns the rest. */
    public void settle(int launched) {
      giveBack(held - launched);
      held = 0;
    }
  }

  /** Applies attempt outcomes; a completion whose lease was lost is dropped (fenced). */
  public Effects complete(List<Completion> completions) {
    return complete(completions, StartBudget.NONE);
  }

  /**
   * Applies attempt outcomes and starts the nodes they make ready (as many as {@code budget}
   * allows) in the same transaction (so a hop costs one commit, not two); the caller launches
   * {@link Effects#started} after commit.
   */
  public Effects complete(List<Completion> completions, StartBudget budget) {
    Map<UUID, List<Completion>> byRun = new TreeMap<>();
    for (Completion c : completions) {
      byRun.computeIfAbsent(c.key().runId(), k -> new ArrayList<>()).add(c);
    }
    return inTransaction(
        (tx, events, effects) -> {
          Instant now = Instant.now();
          budget.settle(0); // returns the permits of an earlier, failed try
          for (Map.Entry<UUID, List<Completion>> e : byRun.entrySet()) {
            RunRecord run = tx.lockRun(e.getKey()).orElse(null);
            if (run == null || run.status() != RunStatus.RUNNING) {
              continue;
            }
            RunState state = load(tx, run, now, events);
            for (Completion c : e.getValue()) {
              apply(tx, state, c, now, events, effects);
            }
            state.finishIfDone();
            int granted = state.readied().isEmpty() ? 0 : budget.take(state.readied().size());
            if (granted > 0) {
              List<NodeRecord> started =
                  state.startReadied(granted, budget.owner, now.plus(budget.lease));
              budget.giveBack(granted - started.size());
              for (NodeRecord n : started) {
                effects.started.add(
                    new Claimed(n, state.run(), state.graph(), state.dependencyRows(n.nodeId())));
              }
            }
            write(tx, state, effects);
          }
        });
  }

  /**
   * Cancels a queued or running run; unfinished nodes end cancelled. The cancelled run is in the
   * effects' {@code finishedRuns}.
   */
  public Effects cancel(UUID runId) {
    return inTransaction(
        (tx, events, effects) -> {
          RunRecord run =
              tx.lockRun(runId).orElseThrow(() -> new RunNotFoundException(runId.toString()));
          if (run.status().isTerminal()) {
            throw new ConflictException("run " + runId + " already ended " + run.status().label());
          }
          RunState state = load(tx, run, Instant.now(), events);
          state.finish(RunStatus.CANCELLED, "cancelled");
          write(tx, state, effects);
        });
  }

  /** Fails a running run whose deadline passed. */
  public Effects timeOut(UUID runId) {
    return inTransaction(
        (tx, events, effects) -> {
          RunRecord run = tx.lockRun(runId).orElse(null);
          Instant now = Instant.now();
          if (run == null
              || run.status() != RunStatus.RUNNING
              || run.deadline() == null
              || run.deadline().isAfter(now)) {
            return;
          }
          RunState state = load(tx, run, now, events);
          Duration timeout = state.graph().definition().timeout();
          state.finish(
              RunStatus.FAILURE,
              "run timed out after "
                  + (timeout == null ? "its deadline" : Durations.format(timeout)));
          write(tx, state, effects);
        });
  }

  /** Completions for nodes whose lease expired: a failed attempt each (an approval times out). */
  public static List<Completion> expired(
      List<NodeRecord> nodes, Function<NodeRecord, Duration> timeoutOf) {
    List<Completion> out = new ArrayList<>();
    for (NodeRecord n : nodes) {
      AttemptOutcome outcome =
          APPROVAL_OWNER.equals(n.leaseOwner())
              ? new AttemptOutcome.Failed(
                  "timed out after " + format(timeoutOf.apply(n)), true, List.of())
              : AttemptOutcome.Failed.retryable(
                  "lease expired: instance " + n.leaseOwner() + " stopped renewing it", List.of());
      out.add(new Completion(n.key(), n.leaseOwner(), n.attempts(), outcome));
    }
    return out;
  }

  /** The graph of a run's workflow version. */
  public Graph graph(RunRecord run) {
    return definitions.get(run.workflowId(), run.workflowVersion());
  }

  private static String format(Duration d) {
    return d == null ? "its deadline" : Durations.format(d);
  }

  private void apply(
      StoreSession tx,
      RunState state,
      Completion c,
      Instant now,
      EventBatch events,
      Effects effects) {
    NodeRecord cur = state.node(c.key().nodeId());
    if (cur == null
        || cur.status() != NodeStatus.RUNNING
        || !Objects.equals(cur.leaseOwner(), c.owner())
        || cur.attempts() != c.attempt()) {
      return;
    }
    NodeDefinition def = state.graph().node(cur.nodeId());
    RunRecord run = state.run();
    NodeRecord.Builder b = cur.toBuilder().lease(null, null).nextAttemptAt(null);
    NodeRecord updated;
    EventType type;
    ObjectNode data;
    switch (c.outcome()) {
      case AttemptOutcome.Succeeded s -> {
        updated =
            b.status(NodeStatus.SUCCESS)
                .finishedAt(now)
                .output(s.output())
                .qualityScore(s.qualityScore())
                .artifacts(s.artifacts())
                .error(null)
                .build();
        type = EventType.NODE_SUCCEEDED;
        data = EventData.nodeFinished(updated, cur.startedAt(), now, s.contracts());
      }
      case AttemptOutcome.Waiting w -> {
        Instant until = def.timeout() != null ? cur.startedAt().plus(def.timeout()) : FAR_FUTURE;
        if (run.deadline() != null && run.deadline().isBefore(until)) {
          until = run.deadline();
        }
        updated = cur.toBuilder().lease(APPROVAL_OWNER, until).build();
        if (tx.updateNodeFenced(updated, c.owner(), c.attempt())) {
          state.written(updated);
        }
        return;
      }
      case AttemptOutcome.Failed f -> {
        RetryPolicy retry = def.retry() == null ? RetryPolicy.NONE : def.retry();
        if (!f.isFinal() && cur.attempts() < retry.maxAttempts()) {
          Instant next = now.plus(Backoff.delay(retry, cur.attempts(), jitter));
          updated = b.status(NodeStatus.RETRYING).nextAttemptAt(next).error(f.reason()).build();
          type = EventType.NODE_RETRYING;
          data = EventData.nodeFinished(updated, cur.startedAt(), now, f.contracts());
          data.put("next_attempt_at", next.toString());
          effects.retryAt.add(next);
        } else {
          updated = b.status(NodeStatus.FAILURE).finishedAt(now).error(f.reason()).build();
          type = EventType.NODE_FAILED;
          data = EventData.nodeFinished(updated, cur.startedAt(), now, f.contracts());
        }
      }
    }
    if (!tx.updateNodeFenced(updated, c.owner(), c.attempt())) {
      return;
    }
    state.written(updated);
    // an empty output ({} of noop and friends) is not worth a write; the node row has it too
    if (updated.status() == NodeStatus.SUCCESS
        && !(updated.output().isObject() && updated.output().isEmpty())) {
      tx.saveContext(run.runId(), "nodes." + updated.nodeId() + ".output", updated.output());
    }
    events.node(type, run, updated, now, data);
    if (updated.status() == NodeStatus.SUCCESS) {
      state.onSuccess(updated.nodeId());
    } else if (updated.status() == NodeStatus.FAILURE) {
      state.onFinalFailure(updated.nodeId());
    }
  }

  private RunState load(StoreSession tx, RunRecord run, Instant now, EventBatch events) {
    Map<String, NodeRecord> nodes = new HashMap<>();
    for (NodeRecord n : tx.findNodes(run.runId())) {
      nodes.put(n.nodeId(), n);
    }
    return new RunState(graph(run), run, nodes, now, events, evaluation);
  }

  private static void write(StoreSession tx, RunState state, Effects effects) {
    List<NodeRecord> changed = state.changedNodes();
    if (!changed.isEmpty()) {
      tx.updateNodes(changed);
    }
    if (state.runChanged()) {
      tx.updateRun(state.run());
    }
    effects.add(state);
  }

  /** The body of one transaction; it fills {@code events} and {@code effects}. */
  @FunctionalInterface
  interface Work {
    void run(StoreSession tx, EventBatch events, Effects effects);
  }

  private Effects inTransaction(Work work) {
    return store.transaction(
        (Function<StoreSession, Effects>)
            tx -> {
              // fresh per try: the store may run this again after a serialization failure
              EventBatch events = new EventBatch();
              Effects effects = new Effects();
              work.run(tx, events, effects);
              events.append(tx, dispatcher);
              return effects;
            });
  }
}
