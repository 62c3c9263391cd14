package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.RunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What a committed transaction asks of this instance: claim, launch, interrupt, wake at, admit. */
public final class Effects {
  public final List<NodeKey> readied = new ArrayList<>();
  public final List<NodeKey> stopped = new ArrayList<>();
  public final List<RunRecord> finishedRuns = new ArrayList<>();
  public final List<Instant> retryAt = new ArrayList<>();

  /** How many queued runs the transaction admitted. */
  public int admitted;

  /** An admission found every active slot taken, or took the last free one. */
  public boolean slotsFull;

  /** Completions whose run another transaction held: to apply again shortly. */
  public final List<Completion> deferred = new ArrayList<>();

  /** Nodes the transaction started for this instance (leased to it): launch them. */
  public final List<Claimed> started = new ArrayList<>();

  /** The run states the transaction wrote (this instance remembers their rows after commit). */
  final List<RunState> states = new ArrayList<>();

  void add(RunState state) {
    states.add(state);
    readied.addAll(state.readied());
    stopped.addAll(state.stoppedRunning());
    if (state.runChanged() && state.run().status().isTerminal()) {
      finishedRuns.add(state.run());
    }
  }
}
