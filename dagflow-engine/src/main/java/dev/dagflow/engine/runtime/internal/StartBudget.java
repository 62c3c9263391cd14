package dev.dagflow.engine.runtime.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The permits a transition may take (at most {@code max}, from this instance's {@code permits}) to
 * start the nodes it readies in the same transaction, leased to {@code owner}. It counts what it
 * holds across the store's retries; the caller {@link #settle}s after the transaction.
 *
 * <p>{@code var budget = new StartBudget("i-1", Duration.ofSeconds(30), permits, 256); effects =
 * transitions.complete(batch, budget); budget.settle(effects.started.size());}
 */
public final class StartBudget {
  public static final StartBudget NONE = new StartBudget(null, Duration.ZERO, null, 0);

  final String owner;
  final Duration lease;
  private final Semaphore permits;
  private final int max;
  private int held;

  public StartBudget(String owner, Duration lease, Semaphore permits, int max) {
    this.owner = owner;
    this.lease = lease;
    this.permits = permits;
    this.max = max;
  }

  int take(int wanted) {
    int n = 0;
    while (permits != null && n < wanted && held < max && permits.tryAcquire()) {
      n++;
      held++;
    }
    return n;
  }

  void giveBack(int n) {
    if (n > 0) {
      permits.release(n);
      held -= n;
    }
  }

  /**
   * Runs {@code transition} with this budget: keeps one permit per node it started and gives back
   * the rest, all of them if it fails.
   */
  public Effects spend(Function<StartBudget, Effects> transition) {
    Effects effects;
    try {
      effects = transition.apply(this);
    } catch (RuntimeException e) {
      settle(0);
      throw e;
    }
    settle(effects.started.size());
    return effects;
  }

  /** Keeps {@code launched} permits (one per started node) and returns the rest. */
  public void settle(int launched) {
    giveBack(held - launched);
    held = 0;
  }
}
