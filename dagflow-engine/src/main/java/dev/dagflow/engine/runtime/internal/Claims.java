package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims ready nodes for this instance ({@code FOR UPDATE SKIP LOCKED} in the store), appends their
 * {@code node.started} events, and reads what their attempts need: the run's params and, for nodes
 * with dependencies, their dependencies' rows (the upstream outputs; all rows for templates). Also
 * hands nodes back on shutdown, without counting the attempt.
 */
public final class Claims {
  private static final int MAX_CACHED_RUNS = 10_000;

  private final Store store;
  private final Transitions transitions;
  private final EventDispatcher dispatcher;
  private final String owner;
  private final Duration lease;
  // running runs' rows: their params, version and deadline never change while they run
  private final Map<UUID, RunRecord> runs = new ConcurrentHashMap<>();

  public Claims(
      Store store,
      Transitions transitions,
      EventDispatcher dispatcher,
      String owner,
      Duration lease) {
    this.store = store;
    this.transitions = transitions;
    this.dispatcher = dispatcher;
    this.owner = owner;
    this.lease = lease;
  }

  public List<Claimed> claim(int limit, Collection<NodeKey> only) {
    if (limit <= 0) {
      return List.of();
    }
    return store.transaction(
        tx -> {
          EventBatch events = new EventBatch();
          List<Claimed> out = claimIn(tx, events, limit, only);
          events.append(tx, dispatcher);
          return out;
        });
  }

  /**
   * {@link #claim} inside the caller's transaction: records the {@code node.started} events in
   * {@code events}, which the caller appends.
   */
  List<Claimed> claimIn(StoreSession tx, EventBatch events, int limit, Collection<NodeKey> only) {
    if (limit <= 0) {
      return List.of();
    }
    Instant now = Instant.now();
    List<NodeRecord> rows = tx.claimNodes(owner, now, now.plus(lease), limit, only);
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<UUID, List<NodeRecord>> byRun = new LinkedHashMap<>();
    for (NodeRecord n : rows) {
      byRun.computeIfAbsent(n.runId(), k -> new ArrayList<>()).add(n);
    }
    List<Claimed> out = new ArrayList<>(rows.size());
    for (Map.Entry<UUID, List<NodeRecord>> e : byRun.entrySet()) {
      RunRecord run = runs.get(e.getKey());
      if (run == null) {
        run = tx.findRun(e.getKey()).orElseThrow();
        remember(run);
      }
      Graph graph = transitions.graph(run);
      graph.requireNodes(run.runId(), e.getValue().stream().map(NodeRecord::nodeId).toList());
      List<NodeRecord> runNodes = rowsFor(tx, run, graph, e.getValue());
      for (NodeRecord n : e.getValue()) {
        events.node(EventType.NODE_STARTED, run, n, now, EventData.nodeStarted(n));
        out.add(new Claimed(n, run, graph, runNodes));
      }
    }
    return out;
  }

  /**
   * Inside a completion's transaction: claims the named nodes that found no permit when they became
   * ready, as far as {@code budget} goes, into {@code effects.started}; those no permit was left
   * for go back to {@code effects.readied} (hints for later), the rest were taken elsewhere.
   */
  void claimWaiting(
      StoreSession tx,
      EventBatch events,
      Effects effects,
      StartBudget budget,
      List<NodeKey> waiting) {
    int granted = waiting.isEmpty() ? 0 : budget.take(waiting.size());
    List<Claimed> claimed = claimIn(tx, events, granted, waiting);
    budget.giveBack(granted - claimed.size());
    effects.started.addAll(claimed);
    if (granted < waiting.size()) {
      Set<NodeKey> taken = new HashSet<>();
      claimed.forEach(c -> taken.add(c.node().key()));
      waiting.stream().filter(k -> !taken.contains(k)).forEach(effects.readied::add);
    }
  }

  /**
   * What the claimed nodes' attempts read: nothing for roots, their dependencies' rows (upstream
   * outputs) otherwise, every row of the run when one has templates (they may name any node).
   */
  private static List<NodeRecord> rowsFor(
      StoreSession tx, RunRecord run, Graph graph, List<NodeRecord> claimed) {
    Set<String> deps = new LinkedHashSet<>();
    for (NodeRecord n : claimed) {
      if (graph.templated(n.nodeId())) {
        return tx.findNodes(run.runId());
      }
      deps.addAll(graph.node(n.nodeId()).dependsOn());
    }
    return deps.isEmpty() ? List.of() : tx.findNodes(run.runId(), deps);
  }

  /** Forgets the cached row of a run that ended. */
  void forget(UUID runId) {
    runs.remove(runId);
  }

  /** Forgets the cached rows of runs that ended. */
  public void forget(Collection<RunRecord> ended) {
    ended.forEach(r -> runs.remove(r.runId()));
  }

  private void remember(RunRecord run) {
    if (run.status() == RunStatus.RUNNING) {
      if (runs.size() > MAX_CACHED_RUNS) {
        runs.clear(); // runs ended on other instances are never forgotten otherwise
      }
      runs.put(run.runId(), run);
    }
  }

  /**
   * Sets nodes this instance still holds back to {@code ready}, lease cleared, attempt uncounted.
   */
  public int release(Collection<NodeRecord> claimed) {
    if (claimed.isEmpty()) {
      return 0;
    }
    return store.transaction(
        tx -> {
          int released = 0;
          Map<NodeKey, NodeRecord> unique = new HashMap<>();
          claimed.forEach(n -> unique.put(n.key(), n));
          for (NodeRecord n : unique.values()) {
            NodeRecord back =
                n.toBuilder()
                    .status(NodeStatus.READY)
                    .attempts(n.attempts() - 1)
                    .startedAt(null)
                    .lease(null, null)
                    .build();
            if (tx.updateNodeFenced(back, owner, n.attempts())) {
              released++;
            }
          }
          return released;
        });
  }
}
