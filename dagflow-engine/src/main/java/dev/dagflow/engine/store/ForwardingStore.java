package dev.dagflow.engine.store;

import dev.dagflow.engine.model.EventRecord;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link Store} that passes every call to another: extend it and override what a wrapper changes
 * (counting transactions, narrowing a session). {@link #close()} does nothing: whoever opened the
 * real store closes it.
 *
 * <pre>{@code
 * Store counted = new ForwardingStore(store) {
 *   @Override
 *   public <T> T transaction(Function<StoreSession, T> work) {
 *     transactions.incrementAndGet();
 *     return super.transaction(work);
 *   }
 * };
 * }</pre>
 */
public abstract class ForwardingStore implements Store {
  private final Store delegate;

  protected ForwardingStore(Store delegate) {
    this.delegate = delegate;
  }

  /** The store every call goes to. */
  protected final Store delegate() {
    return delegate;
  }

  @Override
  public <T> T transaction(Function<StoreSession, T> work) {
    return delegate.transaction(work);
  }

  @Override
  public <T> T read(Function<StoreSession, T> work) {
    return delegate.read(work);
  }

  @Override
  public void addEventSink(Consumer<List<EventRecord>> sink) {
    delegate.addEventSink(sink);
  }

  @Override
  public Duration eventHorizonAge() {
    return delegate.eventHorizonAge();
  }

  @Override
  public void notifyWork() {
    delegate.notifyWork();
  }

  @Override
  public void notifySlots() {
    delegate.notifySlots();
  }

  @Override
  public void onWork(Runnable wake) {
    delegate.onWork(wake);
  }

  @Override
  public void onWorkNotice(Consumer<WorkNotice> wake) {
    delegate.onWorkNotice(wake);
  }

  @Override
  public ContextStore contextStore() {
    return delegate.contextStore();
  }

  @Override
  public boolean ping(Duration timeout) {
    return delegate.ping(timeout);
  }

  @Override
  public PoolStats poolStats() {
    return delegate.poolStats();
  }

  @Override
  public String dialect() {
    return delegate.dialect();
  }

  /** Closing is the owner's business: the real store is closed by whoever opened it. */
  @Override
  public void close() {}
}
