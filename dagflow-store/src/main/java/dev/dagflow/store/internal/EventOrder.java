package dev.dagflow.store.internal;

import dev.dagflow.engine.model.EventRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps event sinks in {@code seq} order within this process. A transaction that appends events
 * takes {@link #lock()} before the database's event-order lock and the sequence read, and releases
 * it only after commit and {@link #publish}: so transactions of this process commit and publish in
 * {@code seq} order.
 *
 * <pre>{@code
 * order.lock();
 * try { ...append, commit...; order.publish(committed); } finally { order.unlock(); }
 * }</pre>
 */
public final class EventOrder {
  private static final Logger log = LoggerFactory.getLogger(EventOrder.class);

  private final ReentrantLock lock = new ReentrantLock(true);
  private final List<Consumer<List<EventRecord>>> sinks = new CopyOnWriteArrayList<>();

  public void addSink(Consumer<List<EventRecord>> sink) {
    sinks.add(sink);
  }

  void lock() {
    lock.lock();
  }

  void unlock() {
    lock.unlock();
  }

  /** Hands committed events to every sink; a failing sink is logged and does not stop the rest. */
  void publish(List<EventRecord> committed) {
    if (committed.isEmpty()) {
      return;
    }
    for (Consumer<List<EventRecord>> sink : sinks) {
      try {
        sink.accept(committed);
      } catch (RuntimeException e) {
        log.error(
            "event sink {} failed on events up to seq {}", sink, committed.getLast().seq(), e);
      }
    }
  }
}
