package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.NodeKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempts running on this instance, by node: the scheduler adds them as it launches them and
 * forgets them as their completions are applied; the lease keeper renews what is here; a shutdown
 * waits for it to empty.
 *
 * <pre>{@code
 * executions.add(key, execution);
 * executions.find(key).ifPresent(e -> e.stop("cancelled", true));
 * executions.awaitEmpty(System.nanoTime() + grace.toNanos());
 * }</pre>
 */
final class Executions {
  private final Map<NodeKey, Execution> running = new ConcurrentHashMap<>();

  void add(NodeKey key, Execution e) {
    running.put(key, e);
  }

  Optional<Execution> find(NodeKey key) {
    return Optional.ofNullable(running.get(key));
  }

  /** The attempt's completion was applied (or abandoned): wakes a shutdown waiting for it. */
  void forget(NodeKey key) {
    running.remove(key);
    synchronized (this) {
      notifyAll();
    }
  }

  boolean isEmpty() {
    return running.isEmpty();
  }

  List<NodeKey> keys() {
    return List.copyOf(running.keySet());
  }

  List<Execution> all() {
    return List.copyOf(running.values());
  }

  /** Stops the attempts of {@code runId} (their completions are not applied). */
  void stopRun(UUID runId, String reason) {
    running.forEach(
        (key, e) -> {
          if (key.runId().equals(runId)) {
            e.stop(reason, true);
          }
        });
  }

  /** Waits until no attempt runs or {@code deadlineNanos} ({@link System#nanoTime()}) passes. */
  void awaitEmpty(long deadlineNanos) {
    synchronized (this) {
      while (!running.isEmpty() && System.nanoTime() < deadlineNanos) {
        try {
          wait(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
