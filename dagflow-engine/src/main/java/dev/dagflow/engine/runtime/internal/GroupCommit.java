package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.error.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Group commit: concurrent callers' writes share one transaction. The first caller to find no batch
 * in flight becomes the leader and writes everything queued, batch after batch, while the others
 * wait for their own write; with one caller it is a plain transaction. A batch that fails is
 * written again one item at a time, so one bad item fails only its own caller.
 *
 * <pre>{@code
 * GroupCommit<RunRecord> inserts = new GroupCommit<>(256, batch -> store.transaction(...));
 * inserts.write(run);   // returns once run is committed (alone or with others)
 * }</pre>
 *
 * @param <T> what one caller writes
 */
final class GroupCommit<T> {
  private record Pending<T>(T item, CompletableFuture<Void> done) {}

  private final int maxBatch;
  private final Consumer<List<T>> writeBatch;
  private final ConcurrentLinkedQueue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean leading = new AtomicBoolean();

  GroupCommit(int maxBatch, Consumer<List<T>> writeBatch) {
    this.maxBatch = maxBatch;
    this.writeBatch = writeBatch;
  }

  /** Writes {@code item} in some transaction; returns once it committed, or throws its error. */
  void write(T item) {
    Pending<T> mine = new Pending<>(item, new CompletableFuture<>());
    queue.add(mine);
    // whoever finds no leader writes what is queued; re-check after stepping down, so an item
    // queued just then is not left without one
    while (!queue.isEmpty() && leading.compareAndSet(false, true)) {
      try {
        drain();
      } finally {
        leading.set(false);
      }
    }
    try {
      mine.done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("group commit failed: " + e.getCause(), e.getCause());
    }
  }

  private void drain() {
    List<Pending<T>> batch = new ArrayList<>();
    for (Pending<T> p; (p = queue.poll()) != null; ) {
      batch.add(p);
      if (batch.size() == maxBatch) {
        commit(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      commit(batch);
    }
  }

  private void commit(List<Pending<T>> batch) {
    try {
      writeBatch.accept(batch.stream().map(Pending::item).toList());
      batch.forEach(p -> p.done.complete(null));
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.getFirst().done.completeExceptionally(e);
        return;
      }
      for (Pending<T> p : batch) {
        try {
          writeBatch.accept(List.of(p.item));
          p.done.complete(null);
        } catch (RuntimeException one) {
          p.done.completeExceptionally(one);
        }
      }
    }
  }
}
