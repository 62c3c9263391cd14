package dev.dagflow.bench.engine;

import dev.dagflow.engine.store.ContextStore;
import dev.dagflow.engine.store.ForwardingStore;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A {@link Store} that counts what the engine asks of the real one: read-write transactions (each
 * one commit, so one WAL flush on PostgreSQL), reads and context-store operations, with the time
 * spent in transactions. It sits on the engine's port, so it needs nothing from the store's
 * internals.
 *
 * <pre>{@code
 * CountingStore counted = new CountingStore(jdbcStore);
 * DurableEngine.builder().store(counted)...;
 * counted.summary(nodes);
 * }</pre>
 */
public final class CountingStore extends ForwardingStore {
  private final LongAdder transactions = new LongAdder();
  private final LongAdder transactionNanos = new LongAdder();
  private final LongAdder reads = new LongAdder();
  private final LongAdder contextOps = new LongAdder();
  private final ContextStore context;
  private volatile boolean wakeups;
  private final TxKinds kinds = new TxKinds();

  public CountingStore(Store delegate) {
    super(delegate);
    ContextStore inner = delegate.contextStore();
    this.context =
        new ContextStore() {
          @Override
          public void save(UUID runId, String key, JsonNode value) {
            contextOps.increment();
            inner.save(runId, key, value);
          }

          @Override
          public Optional<JsonNode> load(UUID runId, String key) {
            contextOps.increment();
            return inner.load(runId, key);
          }

          @Override
          public int delete(UUID runId) {
            contextOps.increment();
            return inner.delete(runId);
          }
        };
  }

  @Override
  public <T> T transaction(Function<StoreSession, T> work) {
    long start = System.nanoTime();
    try {
      return super.transaction(tx -> kinds.observe(work, tx));
    } finally {
      transactions.increment();
      transactionNanos.add(System.nanoTime() - start);
    }
  }

  @Override
  public <T> T read(Function<StoreSession, T> work) {
    reads.increment();
    return super.read(work);
  }

  /**
   * Cross-instance wake-ups ({@code LISTEN/NOTIFY} on PostgreSQL) pass through only while {@link
   * #wakeups(boolean)} is on: off by default, so a single-instance scenario sends no {@code NOTIFY}
   * nobody listens to; the multi-instance scenarios turn them on (or leave them off to measure
   * polling alone).
   */
  @Override
  public void notifyWork() {
    if (wakeups) {
      super.notifyWork();
    }
  }

  @Override
  public void notifySlots() {
    if (wakeups) {
      super.notifySlots();
    }
  }

  @Override
  public void onWork(Runnable wake) {
    super.onWork(
        () -> {
          if (wakeups) {
            wake.run();
          }
        });
  }

  @Override
  public void onWorkNotice(java.util.function.Consumer<WorkNotice> wake) {
    super.onWorkNotice(
        n -> {
          if (wakeups) {
            wake.accept(n);
          }
        });
  }

  /** Passes wake-ups between instances on or not (see {@link #notifyWork()}). */
  public CountingStore wakeups(boolean on) {
    this.wakeups = on;
    return this;
  }

  @Override
  public ContextStore contextStore() {
    return context;
  }

  public void reset() {
    transactions.reset();
    transactionNanos.reset();
    reads.reset();
    contextOps.reset();
    kinds.reset();
  }

  /** {@code "tx/node 2.1 (avg 3.2 ms), reads/node 0.4, context ops/node 1.1"}. */
  public String summary(long nodes) {
    double per = Math.max(1, nodes);
    long tx = transactions.sum();
    return String.format(
        Locale.ROOT,
        "tx/node %.2f (avg %.2f ms), reads/node %.2f, context ops/node %.2f%n    tx by kind: %s",
        tx / per,
        tx == 0 ? 0 : transactionNanos.sum() / 1e6 / tx,
        reads.sum() / per,
        contextOps.sum() / per,
        kinds.summary());
  }
}
