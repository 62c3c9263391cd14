package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;

/**
 * An attempt's outcome to apply, fenced by the row it ran under: the node as claimed ({@code
 * running}, leased to {@link #owner()} at {@link #attempt()}). {@code deferrals} counts how often
 * it was put back because another transaction held its run.
 */
public record Completion(NodeRecord row, AttemptOutcome outcome, int deferrals) {
  public Completion(NodeRecord row, AttemptOutcome outcome) {
    this(row, outcome, 0);
  }

  Completion deferred() {
    return new Completion(row, outcome, deferrals + 1);
  }

  /** How long to wait before trying again: 10 ms, doubling up to a second. */
  long retryDelayMillis() {
    return Math.min(1000, 10L << Math.min(deferrals, 7));
  }

  public NodeKey key() {
    return row.key();
  }

  public String owner() {
    return row.leaseOwner();
  }

  public int attempt() {
    return row.attempts();
  }
}
