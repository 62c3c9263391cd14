package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.NodeKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The completers: a few threads that each apply the attempt outcomes of their share of the runs in
 * batches, one transaction per batch. Outcomes are routed by run id, so one run's outcomes are
 * applied in order by one thread, while different runs' transactions commit in parallel.
 *
 * <p>Fewer lanes than threads may be in use ({@link #useLanes}): when several instances share the
 * database, each routes its outcomes over its share of the lanes, so the cluster's completion
 * transactions stay as many, and their batches as large, as one instance's (docs/engine.md,
 * "Several instances"). A run whose outcomes move to another lane meanwhile is still applied under
 * its run lock; at worst one transaction skips it and it is tried again.
 *
 * <pre>{@code
 * CompletionLanes lanes = new CompletionLanes(4, 512, scheduler::apply, scheduler::forget, wake);
 * lanes.start();
 * lanes.add(new Completion(row, outcome));
 * }</pre>
 */
final class CompletionLanes {
  /** How long another instance counts as active after its last wake-up was heard. */
  static final Duration PEER_WINDOW = Duration.ofSeconds(10);

  private final List<BlockingQueue<Completion>> queues = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final int maxBatch;
  private final Consumer<List<Completion>> apply;
  private final Consumer<NodeKey> forget;
  private final Runnable afterBatch;
  private final AtomicInteger busy = new AtomicInteger();
  private final Peers peers = new Peers(PEER_WINDOW);
  private volatile int inUse;
  private volatile boolean completing = true;

  CompletionLanes(
      int lanes,
      int maxBatch,
      Consumer<List<Completion>> apply,
      Consumer<NodeKey> forget,
      Runnable afterBatch) {
    this.maxBatch = maxBatch;
    this.apply = apply;
    this.forget = forget;
    this.afterBatch = afterBatch;
    this.inUse = lanes;
    for (int i = 0; i < lanes; i++) {
      BlockingQueue<Completion> queue = new LinkedBlockingQueue<>();
      queues.add(queue);
      threads.add(
          Thread.ofPlatform().daemon().name("dagflow-completer-" + i).unstarted(() -> run(queue)));
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  void add(Completion c) {
    queues.get(Math.floorMod(c.row().runId().hashCode(), inUse)).add(c);
  }

  /**
   * Notes a wake-up from another instance ({@code sender}); when it was not counted as active, this
   * instance's lanes are divided again among the instances heard from lately (itself included), at
   * least one. The database is what they share: with the cluster's completion transactions as many
   * as one instance's, each batches as many outcomes.
   */
  void heardFrom(String sender) {
    if (peers.heard(sender)) {
      shareLanes();
    }
  }

  /** Divides the lanes again; instances no longer heard from give their share back. */
  void shareLanes() {
    useLanes(queues.size() / peers.active());
  }

  /** Routes new outcomes over the first {@code n} lanes (1 to all); the others drain and idle. */
  void useLanes(int n) {
    inUse = Math.max(1, Math.min(n, queues.size()));
  }

  int lanesInUse() {
    return inUse;
  }

  /** True while some completer is applying a batch. */
  boolean busy() {
    return busy.get() > 0;
  }

  boolean isEmpty() {
    return queues.stream().allMatch(BlockingQueue::isEmpty);
  }

  /** Whether the outcome of this node waits in a queue. */
  boolean contains(NodeKey key) {
    return queues.stream().flatMap(BlockingQueue::stream).anyMatch(c -> c.key().equals(key));
  }

  /** Applies what is queued, then ends the threads. */
  void stop() {
    completing = false;
    threads.forEach(Threads::join);
  }

  /** Ends the threads at once, applying nothing more (a crash, in tests). */
  void halt() {
    completing = false;
    threads.forEach(Thread::interrupt);
    threads.forEach(Threads::join);
  }

  private void run(BlockingQueue<Completion> queue) {
    List<Completion> batch = new ArrayList<>();
    while (completing || !queue.isEmpty()) {
      try {
        Completion first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        busy.incrementAndGet();
        try {
          apply.accept(batch);
        } finally {
          busy.decrementAndGet();
        }
        afterBatch.run();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.forEach(c -> forget.accept(c.key()));
        batch.clear();
      }
    }
  }
}
