package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.FailurePolicy;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.MapItem;
import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One run's rows inside a transaction that holds its lock, and the rules that move it on: readiness
 * and skip propagation ({@link #propagate}), failure policies and the run's end. It changes rows in
 * memory and records events; the caller writes {@link #changedNodes()} and {@link #run()}.
 */
public final class RunState {
  private final Graph graph;
  private final Map<String, NodeRecord> nodes;
  private final Instant now;
  private final EventBatch events;
  private final Evaluation evaluation;
  private final Set<String> changed = new LinkedHashSet<>();
  private final Set<String> inserted = new LinkedHashSet<>();
  final MapProgress maps = new MapProgress(this);
  private final List<NodeKey> readied = new ArrayList<>();
  private final List<NodeKey> stoppedRunning = new ArrayList<>();
  private final Settlement settlement = new Settlement(this);
  private final long version;
  private Supplier<? extends Collection<NodeRecord>> reread;
  private RunRecord run;
  private boolean runChanged;
  private Map<String, Object> vars;

  /**
   * {@code reread} is null when {@code nodes} were read in this transaction; otherwise they came
   * from this instance's cache at the version before the lock, exact for pending and finished nodes
   * but maybe behind a claim for the others, and {@code reread} reads them all again when that
   * matters.
   */
  public RunState(
      Graph graph,
      RunRecord run,
      long version,
      Map<String, NodeRecord> nodes,
      Supplier<? extends Collection<NodeRecord>> reread,
      Instant now,
      EventBatch events,
      Evaluation evaluation) {
    this.graph = graph;
    this.run = run;
    this.version = version;
    this.nodes = nodes;
    this.reread = reread;
    this.now = now;
    this.events = events;
    this.evaluation = evaluation;
  }

  public RunRecord run() {
    return run;
  }

  /** The run's version as this transaction holds it (after the lock moved it, if it did). */
  public long version() {
    return version;
  }

  /** Every row as this transaction leaves it (the caller must not change them). */
  Map<String, NodeRecord> nodes() {
    return nodes;
  }

  public boolean runChanged() {
    return runChanged;
  }

  public NodeRecord node(String id) {
    return nodes.get(id);
  }

  public Graph graph() {
    return graph;
  }

  /** Replaces a row (already written by the caller, e.g. fenced) without marking it changed. */
  public void written(NodeRecord n) {
    nodes.put(n.nodeId(), n);
  }

  public void put(NodeRecord n) {
    nodes.put(n.nodeId(), n);
    changed.add(n.nodeId());
  }

  /** Rows to update: changed, and not new in this transaction. */
  public List<NodeRecord> changedNodes() {
    return changed.stream().filter(id -> !inserted.contains(id)).map(nodes::get).toList();
  }

  /** Rows new in this transaction (items of mapped nodes), as they are now. */
  public List<NodeRecord> insertedNodes() {
    return inserted.stream().map(nodes::get).toList();
  }

  /** Adds a row that the caller inserts ({@link #insertedNodes()}). */
  void insert(NodeRecord n) {
    put(n);
    inserted.add(n.nodeId());
  }

  Instant now() {
    return now;
  }

  Evaluation evaluation() {
    return evaluation;
  }

  void nodeEvent(EventType type, NodeRecord n, tools.jackson.databind.node.ObjectNode data) {
    events.node(type, run, n, now, data);
  }

  /** Nodes this transaction made ready (the caller claims them at once). */
  public List<NodeKey> readied() {
    return readied;
  }

  /** Nodes that were running and are now cancelled (their executions must be interrupted). */
  public List<NodeKey> stoppedRunning() {
    return stoppedRunning;
  }

  /**
   * Starts up to {@code limit} of the nodes this transaction made ready, as a claim would: status
   * {@code running}, attempt + 1, {@code startedAt} now, leased to {@code owner} until {@code
   * leaseUntil}, {@code node.started} recorded. They leave {@link #readied()}; the caller launches
   * them after commit. Nodes with templates are left to a claim (their attempts read every row).
   */
  public List<NodeRecord> startReadied(int limit, String owner, Instant leaseUntil) {
    List<NodeRecord> started = new ArrayList<>();
    if (run.status() != RunStatus.RUNNING) {
      return started;
    }
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    Instant until = leaseUntil.truncatedTo(ChronoUnit.MICROS);
    for (Iterator<NodeKey> it = readied.iterator(); it.hasNext() && started.size() < limit; ) {
      NodeRecord n = nodes.get(it.next().nodeId());
      if (n.status() != NodeStatus.READY || graph.templated(n.nodeId())) {
        continue;
      }
      // readyAt at the store's precision: the queue wait is 0, never below
      NodeRecord running = n.starting(at, owner, until).readyAt(at).build();
      put(running);
      it.remove();
      events.node(EventType.NODE_STARTED, run, running, now, EventData.nodeStarted(running));
      started.add(running);
    }
    return started;
  }

  /** The rows of a started node's dependencies (its upstream outputs), as of this transaction. */
  public List<NodeRecord> dependencyRows(String nodeId) {
    return graph.node(nodeId).dependsOn().stream().map(nodes::get).toList();
  }

  /**
   * Marks the run started and readies (or skips) its roots; a retried run readies every pending
   * node whose dependencies succeeded (its successful nodes stay done).
   */
  public void start(Instant deadline) {
    run = run.started(now, deadline);
    runChanged = true;
    events.run(EventType.RUN_STARTED, run, now, EventData.runStarted(run));
    List<String> pending = new ArrayList<>();
    for (NodeDefinition def : graph.definition().nodes()) {
      if (nodes.get(def.id()).status() == NodeStatus.PENDING) {
        pending.add(def.id());
      }
    }
    propagate(pending.size() == nodes.size() ? graph.roots() : pending);
    finishIfDone();
  }

  /**
   * Queues a failed or cancelled run again: its failed, cancelled and skipped nodes become pending
   * with a fresh retry budget (their attempt numbers go on counting, so a sub-workflow node starts
   * a new child); successful nodes keep their rows and outputs. Records {@code run.retried}.
   */
  public void retry() {
    reread();
    List<String> again = new ArrayList<>();
    for (NodeDefinition def : graph.definition().nodes()) {
      NodeRecord n = nodes.get(def.id());
      if (n.status() == NodeStatus.SUCCESS) {
        continue;
      }
      put(n.pendingAgain());
      again.add(def.id());
    }
    run = run.retried(now);
    runChanged = true;
    events.run(EventType.RUN_RETRIED, run, now, EventData.runRetried(again));
  }

  /** Settles the pending candidates whose dependencies have all ended ({@link Settlement}). */
  public void propagate(Collection<String> candidates) {
    settlement.propagate(candidates);
  }

  /** The node (or item) becomes ready to be claimed. */
  void ready(NodeRecord n) {
    NodeRecord ready = n.toBuilder().status(NodeStatus.READY).readyAt(now).build();
    put(ready);
    readied.add(ready.key());
  }

  void skip(NodeRecord n, String reason) {
    NodeRecord skipped =
        n.toBuilder().status(NodeStatus.SKIPPED).finishedAt(now).error(null).build();
    put(skipped);
    events.node(EventType.NODE_SKIPPED, run, skipped, now, EventData.nodeSkipped(reason));
  }

  /** A node failed for good (already written): apply the failure policy and settle dependents. */
  public void onFinalFailure(String nodeId) {
    if (MapItem.isItem(nodeId)) {
      maps.itemEnded(MapItem.nodeOf(nodeId));
      return;
    }
    if (graph.definition().onFailure() == FailurePolicy.FAIL_FAST) {
      cancelUnfinished("cancelled: node " + nodeId + " failed");
    } else {
      propagate(graph.dependentsOf(nodeId));
    }
  }

  /** A node succeeded (already written): settle its dependents. */
  public void onSuccess(String nodeId) {
    if (MapItem.isItem(nodeId)) {
      maps.itemEnded(MapItem.nodeOf(nodeId));
      return;
    }
    vars = null;
    propagate(graph.dependentsOf(nodeId));
  }

  /** Every unfinished node ends {@code cancelled} with {@code reason}. */
  public void cancelUnfinished(String reason) {
    cancel(List.copyOf(nodes.values()), reason);
  }

  /** These items of a mapped node end {@code cancelled} unless they ended already. */
  void cancelItems(List<NodeRecord> items, String reason) {
    cancel(items, reason); // cancel reads each row again after rereading
  }

  private void cancel(List<NodeRecord> rows, String reason) {
    reread(); // the running ones are interrupted and rewritten whole: their rows must be exact
    for (NodeRecord listed : rows) {
      NodeRecord n = nodes.get(listed.nodeId());
      if (n.status().isTerminal()) {
        continue;
      }
      if (n.status() == NodeStatus.RUNNING) {
        stoppedRunning.add(n.key());
      }
      Instant started = n.status() == NodeStatus.RUNNING ? n.startedAt() : null;
      NodeRecord c = n.cancelled(now, reason);
      put(c);
      events.node(
          EventType.NODE_CANCELLED,
          run,
          c,
          now,
          EventData.nodeFinished(c, started, now, List.of()));
    }
  }

  /** Ends the run when every node is terminal: failure if any node failed, else success. */
  public void finishIfDone() {
    if (run.status().isTerminal()) {
      return;
    }
    maps.settle();
    if (run.status().isTerminal()) {
      return;
    }
    String firstFailure = null;
    for (NodeDefinition def : graph.definition().nodes()) {
      NodeRecord n = nodes.get(def.id());
      if (!n.status().isTerminal()) {
        return;
      }
      if (firstFailure == null && n.status() == NodeStatus.FAILURE) {
        firstFailure = "node " + n.nodeId() + " failed: " + n.error();
      }
    }
    finish(firstFailure == null ? RunStatus.SUCCESS : RunStatus.FAILURE, firstFailure);
  }

  /** Ends the run now; unfinished nodes are cancelled. */
  public void finish(RunStatus status, String reason) {
    if (status != RunStatus.SUCCESS) {
      cancelUnfinished(
          status == RunStatus.CANCELLED ? "run cancelled" : reason == null ? "run failed" : reason);
    }
    run = run.finished(status, now, reason);
    runChanged = true;
    events.run(EventType.runEnded(status), run, now, EventData.runFinished(run));
  }

  void fail(NodeRecord n, String reason) {
    NodeRecord failed =
        n.toBuilder().status(NodeStatus.FAILURE).finishedAt(now).error(reason).build();
    put(failed);
    events.node(
        EventType.NODE_FAILED,
        run,
        failed,
        now,
        EventData.nodeFinished(failed, null, now, List.of()));
    if (graph.definition().onFailure() == FailurePolicy.FAIL_FAST) {
      cancelUnfinished("cancelled: node " + n.nodeId() + " failed");
    }
  }

  /** Replaces remembered rows by the database's, keeping the ones this transaction changed. */
  private void reread() {
    if (reread == null) {
      return;
    }
    for (NodeRecord n : reread.get()) {
      if (!changed.contains(n.nodeId())) {
        nodes.put(n.nodeId(), n);
      }
    }
    reread = null;
  }

  Map<String, Object> vars() {
    if (vars == null) {
      reread(); // an expression may read any node's fields
      vars = evaluation.variables(run, nodes.values());
    }
    return vars;
  }
}
