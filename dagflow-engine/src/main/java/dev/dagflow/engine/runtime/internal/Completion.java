package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;

/**
 * An attempt's outcome to apply, fenced by the row it ran under: the node as claimed ({@code
 * running}, leased to {@link #owner()} at {@link #attempt()}).
 */
public record Completion(NodeRecord row, AttemptOutcome outcome) {
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
