package dev.dagflow.store.internal;

import dev.dagflow.engine.model.EventRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sinks of committed events. A transaction hands its events over after it commits; there is no
 * lock across transactions, so batches of different transactions may arrive in any order.
 *
 * <pre>{@code
 * sinks.addSink(events -> signal.fire());
 * sinks.publish(session.appended());   // after commit
 * }</pre>
 */
public final class EventSinks {
  private static final Logger log = LoggerFactory.getLogger(EventSinks.class);

  private final List<Consumer<List<EventRecord>>> sinks = new CopyOnWriteArrayList<>();

  public void addSink(Consumer<List<EventRecord>> sink) {
    sinks.add(sink);
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
        log.error("event sink {} failed on {} event(s)", sink, committed.size(), e);
      }
    }
  }
}
