package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.EngineErrorKind;
import dev.dagflow.engine.definition.Durations;
import dev.dagflow.engine.error.ConflictException;
import dev.dagflow.engine.error.InvalidDefinitionException;
import dev.dagflow.engine.error.RunNotFoundException;
import dev.dagflow.engine.error.UndecodableRowException;
import dev.dagflow.engine.error.WorkflowNotFoundException;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.Jitter;
import dev.dagflow.engine.store.LockedRun;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every state change of runs and nodes, each in one short transaction that locks the run rows it
 * changes (in id order), writes the rows and appends the events last.
 */
public final class Transitions {
  /** The lease owner of an approval node waiting for a decision; no instance renews it. */
  public static final String APPROVAL_OWNER = NodeRecord.DECISION_OWNER;

  /**
   * Node rows remembered across transitions (see {@link RunCache}); about 1 KB each, so at most a
   * tenth of the heap (200,000 rows with a 2 GiB heap), and never fewer than 1,000.
   */
  private static final long MAX_CACHED_ROWS =
      Math.max(1_000, Runtime.getRuntime().maxMemory() / 10 / 1024);

  private final Store store;
  private final Definitions definitions;
  private final Evaluation evaluation;
  private final EventDispatcher dispatcher;
  private final Jitter jitter;
  private final RunCache cache = new RunCache(MAX_CACHED_ROWS);

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
    return admit(maxActive, batch, StartBudget.NONE);
  }

  /**
   * Admits queued runs and starts their roots (as many as {@code budget} allows) in the same
   * transaction; the caller launches {@link Effects#started} after commit.
   */
  public Effects admit(int maxActive, int batch, StartBudget budget) {
    return inTransaction(
        (tx, events, effects) -> {
          tx.lockAdmission();
          long slots = maxActive - tx.countRuns(RunStatus.RUNNING);
          if (slots <= 0) {
            effects.slotsFull = true;
            return;
          }
          budget.settle(0); // returns the permits of an earlier, failed try
          Instant now = Instant.now();
          List<RunState> states = new ArrayList<>();
          for (RunRecord run : tx.lockQueuedRuns((int) Math.min(slots, batch))) {
            // a queued run's row was never written since its insert: version 0 (this lock does
            // not move it; the update that starts the run does)
            RunState state = load(tx, new LockedRun(run, 0), 0, now, events);
            Duration timeout = state.graph().definition().timeout();
            state.start(timeout == null ? null : now.plus(timeout));
            startReadied(state, budget, now, effects);
            states.add(state);
          }
          write(tx, states, effects);
          effects.admitted = states.size();
          effects.slotsFull = states.size() == slots; // it took the last free slot
        });
  }

  /** Applies attempt outcomes; a completion whose lease was lost is dropped (fenced). */
  public Effects complete(List<Completion> completions) {
    return complete(completions, StartBudget.NONE);
  }

  /**
   * Applies attempt outcomes and starts the nodes they make ready (as many as {@code budget}
   * allows) in the same transaction (so a hop costs one commit, not two); the caller launches
   * {@link Effects#started} after commit. Set-oriented: one statement locks every run, one batch
   * writes the fenced outcomes, one the other rows, whatever the number of completions.
   */
  public Effects complete(List<Completion> completions, StartBudget budget) {
    return complete(completions, budget, (tx, events, effects) -> {});
  }

  /** {@link #complete(List, StartBudget)}, then {@code then} in the same transaction. */
  Effects complete(List<Completion> completions, StartBudget budget, Work then) {
    Map<UUID, List<Completion>> byRun = new TreeMap<>();
    for (Completion c : completions) {
      byRun.computeIfAbsent(c.key().runId(), k -> new ArrayList<>()).add(c);
    }
    return inTransaction(
        (tx, events, effects) -> {
          Instant now = Instant.now();
          budget.settle(0); // returns the permits of an earlier, failed try
          List<RunState> states = new ArrayList<>();
          List<Outcome> outcomes = new ArrayList<>();
          // a run another transaction holds (even one left open) delays only its own outcomes:
          // they are deferred and tried again, never waited for (a deleted run's are dropped)
          List<LockedRun> lockedRuns = tx.lockRuns(byRun.keySet(), true);
          if (lockedRuns.size() < byRun.size()) {
            Set<UUID> got = new HashSet<>();
            lockedRuns.forEach(l -> got.add(l.run().runId()));
            byRun.forEach(
                (runId, cs) -> {
                  if (!got.contains(runId) && tx.findRun(runId).isPresent()) {
                    cs.forEach(c -> effects.deferred.add(c.deferred()));
                  }
                });
          }
          for (LockedRun locked : lockedRuns) {
            if (locked.run().status() != RunStatus.RUNNING) {
              continue;
            }
            RunState state = load(tx, locked, locked.version() + 1, now, events);
            states.add(state);
            for (Completion c : byRun.get(locked.run().runId())) {
              Outcome o = Outcome.of(state, c, now, jitter);
              if (o != null) {
                outcomes.add(o);
              }
            }
          }
          boolean[] applied = tx.updateNodesFenced(outcomes.stream().map(Outcome::fenced).toList());
          for (int i = 0; i < applied.length; i++) {
            if (applied[i]) {
              outcomes.get(i).apply(tx, now, events, effects);
            }
          }
          for (RunState state : states) {
            state.finishIfDone();
            startReadied(state, budget, now, effects);
          }
          write(tx, states, effects);
          then.run(tx, events, effects);
        });
  }

  /** Starts what {@code state} readied, as far as {@code budget} goes, for this instance. */
  private static void startReadied(
      RunState state, StartBudget budget, Instant now, Effects effects) {
    int granted = state.readied().isEmpty() ? 0 : budget.take(state.readied().size());
    if (granted > 0) {
      List<NodeRecord> started = state.startReadied(granted, budget.owner, now.plus(budget.lease));
      budget.giveBack(granted - started.size());
      for (NodeRecord n : started) {
        effects.started.add(
            new Claimed(n, state.run(), state.graph(), state.dependencyRows(n.nodeId())));
      }
    }
  }

  /**
   * Cancels a queued or running run; unfinished nodes end cancelled. The cancelled run is in the
   * effects' {@code finishedRuns}.
   */
  public Effects cancel(UUID runId) {
    return inTransaction(
        (tx, events, effects) -> {
          LockedRun locked =
              tx.lockRuns(List.of(runId)).stream()
                  .findFirst()
                  .orElseThrow(() -> new RunNotFoundException(runId.toString()));
          RunRecord run = locked.run();
          if (run.status().isTerminal()) {
            throw new ConflictException("run " + runId + " already ended " + run.status().label());
          }
          RunState state = load(tx, locked, locked.version() + 1, Instant.now(), events);
          state.finish(RunStatus.CANCELLED, "cancelled");
          write(tx, List.of(state), effects);
        });
  }

  /**
   * Queues a failed or cancelled run again ({@link RunState#retry}); 409 in any other state. The
   * run lock makes concurrent retries (on any instance) take turns: the second sees it queued.
   */
  public Effects retry(UUID runId) {
    return inTransaction(
        (tx, events, effects) -> {
          LockedRun locked =
              tx.lockRuns(List.of(runId)).stream()
                  .findFirst()
                  .orElseThrow(() -> new RunNotFoundException(runId.toString()));
          RunStatus status = locked.run().status();
          switch (status) {
            case FAILURE, CANCELLED -> {}
            case QUEUED, RUNNING, SUCCESS ->
                throw new ConflictException(
                    "run %s is %s: only a failed or cancelled run can be retried"
                        .formatted(runId, status.label()));
          }
          RunState state = load(tx, locked, locked.version() + 1, Instant.now(), events);
          state.retry();
          write(tx, List.of(state), effects);
        });
  }

  /** Fails a running run whose deadline passed. */
  public Effects timeOut(UUID runId) {
    return inTransaction(
        (tx, events, effects) -> {
          LockedRun locked = tx.lockRuns(List.of(runId)).stream().findFirst().orElse(null);
          RunRecord run = locked == null ? null : locked.run();
          Instant now = Instant.now();
          if (run == null
              || run.status() != RunStatus.RUNNING
              || run.deadline() == null
              || run.deadline().isAfter(now)) {
            return;
          }
          RunState state = load(tx, locked, locked.version() + 1, now, events);
          Duration timeout = state.graph().definition().timeout();
          state.finish(
              RunStatus.FAILURE,
              "run timed out after "
                  + (timeout == null ? "its deadline" : Durations.format(timeout)));
          write(tx, List.of(state), effects);
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
      out.add(new Completion(n, outcome));
    }
    return out;
  }

  /**
   * The graph of a run's workflow version; an {@link UndecodableRowException} when that version is
   * gone or no longer parses (a node type no longer registered): the run cannot go on.
   */
  public Graph graph(RunRecord run) {
    try {
      return definitions.get(run.workflowId(), run.workflowVersion());
    } catch (WorkflowNotFoundException | InvalidDefinitionException e) {
      String version = run.workflowId() + " v" + run.workflowVersion();
      throw new UndecodableRowException(
          run.runId(),
          EngineErrorKind.UNKNOWN_DEFINITION,
          e instanceof WorkflowNotFoundException
              ? "definition " + version + " no longer exists"
              : "definition " + version + " no longer parses: " + e.getMessage(),
          e);
    }
  }

  private static String format(Duration d) {
    return d == null ? "its deadline" : Durations.format(d);
  }

  /**
   * The run's state: from the rows this instance left at the locked version when it has them
   * (RunState reads again before it relies on rows of unfinished nodes), read otherwise.
   */
  private RunState load(
      StoreSession tx, LockedRun locked, long versionNow, Instant now, EventBatch events) {
    UUID runId = locked.run().runId();
    Graph graph = graph(locked.run());
    Map<String, NodeRecord> cached = cache.find(runId, locked.version());
    Map<String, NodeRecord> nodes;
    if (cached != null) {
      nodes = new HashMap<>(cached);
    } else {
      nodes = new HashMap<>();
      for (NodeRecord n : rows(tx, runId, graph)) {
        nodes.put(n.nodeId(), n);
      }
    }
    if (cached == null) {
      graph.requireNodes(runId, nodes.keySet()); // cached rows passed this when they were read
    }
    return new RunState(
        graph,
        locked.run(),
        versionNow,
        nodes,
        cached == null ? null : () -> rows(tx, runId, graph),
        now,
        events,
        evaluation);
  }

  /** A run's node rows and, when it has mapped nodes, their items' rows. */
  private static List<NodeRecord> rows(StoreSession tx, UUID runId, Graph graph) {
    List<NodeRecord> rows = tx.findNodes(runId);
    if (!graph.hasMappedNodes()) {
      return rows;
    }
    List<NodeRecord> all = new ArrayList<>(rows);
    all.addAll(tx.mapItems().findAll(runId));
    return all;
  }

  /**
   * Writes the states' changed rows in one batch, and the runs that changed (each such write moves
   * the version up once more; {@code lockRuns} already moved it for the lock).
   */
  private static void write(StoreSession tx, List<RunState> states, Effects effects) {
    List<NodeRecord> changed = new ArrayList<>();
    List<NodeRecord> inserted = new ArrayList<>();
    for (RunState state : states) {
      changed.addAll(state.changedNodes());
      inserted.addAll(state.insertedNodes());
      if (state.runChanged()) {
        tx.updateRun(state.run());
      }
    }
    if (!inserted.isEmpty()) {
      tx.mapItems().insert(inserted);
    }
    if (!changed.isEmpty()) {
      tx.updateNodes(changed);
    }
    states.forEach(effects::add);
  }

  /** The body of one transaction; it fills {@code events} and {@code effects}. */
  @FunctionalInterface
  interface Work {
    void run(StoreSession tx, EventBatch events, Effects effects);
  }

  private Effects inTransaction(Work work) {
    Effects committed =
        store.transaction(
            (Function<StoreSession, Effects>)
                tx -> {
                  // fresh per try: the store may run this again after a serialization failure
                  EventBatch events = new EventBatch();
                  Effects effects = new Effects();
                  work.run(tx, events, effects);
                  events.append(tx, dispatcher);
                  return effects;
                });
    for (RunState state : committed.states) {
      if (state.run().status().isTerminal()) {
        cache.forget(state.run().runId());
      } else {
        long version = state.version() + (state.runChanged() ? 1 : 0);
        cache.put(state.run().runId(), version, state.nodes());
      }
    }
    return committed;
  }
}
