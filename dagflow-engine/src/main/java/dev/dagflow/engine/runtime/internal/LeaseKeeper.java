package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The lease side of an instance: renews the leases of its running attempts (and stops those it
 * lost), and recovers the work of instances that stopped renewing theirs (an expired lease is a
 * failed attempt) and of runs past their deadline.
 *
 * <pre>{@code
 * LeaseKeeper leases = new LeaseKeeper("i-1", lease, store, transitions, executions, queued, scheduler::handle);
 * timer.scheduleWithFixedDelay(leases::heartbeat, 10, 10, TimeUnit.SECONDS);
 * }</pre>
 */
final class LeaseKeeper {
  private static final int CHUNK = 64;
  private static final int BATCH = 256;

  private final String owner;
  private final Duration lease;
  private final Store store;
  private final Transitions transitions;
  private final Executions executions;
  private final CompletionLanes queued;
  private final Consumer<Effects> handle;

  LeaseKeeper(
      String owner,
      Duration lease,
      Store store,
      Transitions transitions,
      Executions executions,
      CompletionLanes queued,
      Consumer<Effects> handle) {
    this.owner = owner;
    this.lease = lease;
    this.store = store;
    this.transitions = transitions;
    this.executions = executions;
    this.queued = queued;
    this.handle = handle;
  }

  /**
   * Extends the leases of the running attempts; one whose lease is gone (its run ended elsewhere,
   * or it expired) is stopped, unless its outcome is already queued.
   */
  void heartbeat() {
    if (executions.isEmpty()) {
      return;
    }
    // in small transactions, so row locks are held briefly; the store writes each chunk's rows in
    // the one order every multi-row node write uses, so this never deadlocks with a completion
    List<NodeKey> keys = executions.keys();
    for (int from = 0; from < keys.size(); from += CHUNK) {
      List<NodeKey> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
      Instant until = Instant.now().plus(lease);
      Set<NodeKey> held = store.transaction(tx -> tx.renewLeases(owner, chunk, until));
      for (NodeKey k : chunk) {
        if (!held.contains(k) && !queued.contains(k)) {
          executions.find(k).ifPresent(e -> e.stop("lease lost", true));
        }
      }
    }
  }

  /** Fails the attempts whose lease expired and the runs past their deadline. */
  void sweep() {
    Instant now = Instant.now();
    List<NodeRecord> expired = store.read(tx -> tx.findExpiredLeases(now, BATCH));
    if (!expired.isEmpty()) {
      List<Completion> batch =
          Transitions.expired(
              expired,
              n ->
                  transitions
                      .graph(store.read(tx -> tx.findRun(n.runId())).orElseThrow())
                      .node(n.nodeId())
                      .timeout());
      handle.accept(transitions.complete(batch));
    }
    for (RunRecord run : store.read(tx -> tx.findOverdueRuns(now, BATCH))) {
      handle.accept(transitions.timeOut(run.runId()));
    }
  }
}
