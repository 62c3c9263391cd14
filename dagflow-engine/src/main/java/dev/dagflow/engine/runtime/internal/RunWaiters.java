package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.RunRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Callers waiting for runs to end. A run that ends on this instance wakes its waiters at once
 * ({@link #ended}); a bounded wait re-reads the row for runs that another instance finishes.
 *
 * <pre>{@code
 * RunWaiters waiters = new RunWaiters();
 * RunRecord run = waiters.await(runId, Duration.ofSeconds(30), this::readRun);
 * }</pre>
 */
public final class RunWaiters {
  private final Map<UUID, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();

  /** The run as {@code read} finds it once it is terminal, or when {@code timeout} has passed. */
  public RunRecord await(UUID runId, Duration timeout, Function<UUID, RunRecord> read) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Set<CompletableFuture<Void>> set =
        waiters.computeIfAbsent(runId, k -> ConcurrentHashMap.newKeySet());
    set.add(done);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        RunRecord run = read.apply(runId);
        long left = deadline - System.nanoTime();
        if (run.status().isTerminal() || left <= 0) {
          return run;
        }
        try {
          done.get(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // re-read below
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return read.apply(runId);
    } finally {
      set.remove(done);
      waiters.computeIfPresent(runId, (k, s) -> s.isEmpty() ? null : s);
    }
  }

  /** The run ended on this instance: its waiters read it now. */
  public void ended(UUID runId) {
    Set<CompletableFuture<Void>> set = waiters.get(runId);
    if (set != null) {
      set.forEach(f -> f.complete(null));
    }
  }
}
