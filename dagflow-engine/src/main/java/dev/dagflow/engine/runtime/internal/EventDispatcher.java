package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.EventListener;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.store.Store;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands committed events to listeners on one thread, each run's events in {@code seq} order
 * (transactions of different runs commit in parallel, so runs interleave; see {@link RunOrder}).
 * The transaction that appended an event leaves the rows it wrote here when it commits ({@link
 * #attach}), so listeners get them without a query; events appended by another engine sharing the
 * store are given rows read back.
 */
public final class EventDispatcher {
  private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
  private static final EventRecord STOP =
      new EventRecord(-1, null, null, null, null, null, null, null);

  private final Store store;
  private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
  private final BlockingQueue<EventRecord> queue = new LinkedBlockingQueue<>();
  private final Map<EventKey, Rows> rows = new ConcurrentHashMap<>();
  private final Thread thread;
  // a run's later transaction may publish before an earlier one: put its events back in order
  private final RunOrder order = new RunOrder(TimeUnit.MILLISECONDS.toNanos(50));
  private volatile boolean stopped;

  /** The run and node rows as of an event. */
  public record Rows(RunRecord run, NodeRecord node) {}

  private record EventKey(UUID runId, long seq) {
    static EventKey of(EventRecord e) {
      return new EventKey(e.runId(), e.seq());
    }
  }

  public EventDispatcher(Store store, String name) {
    this.store = store;
    this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
    store.addEventSink(
        events -> {
          if (!stopped) {
            queue.addAll(events);
          }
        });
  }

  public void addListener(EventListener listener) {
    listeners.add(listener);
  }

  /** Records the rows a committed event describes, before the store publishes it. */
  public void attach(EventRecord event, Rows described) {
    if (!stopped) {
      rows.put(EventKey.of(event), described);
    }
  }

  public void start() {
    thread.start();
  }

  /** Delivers what is queued, then stops. */
  public void stop() {
    stopped = true;
    queue.add(STOP);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    while (true) {
      EventRecord event;
      try {
        long wait = order.nanosToNextExpiry(System.nanoTime());
        event = wait < 0 ? queue.take() : queue.poll(wait, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (event == STOP) {
        order.expire(Long.MAX_VALUE).forEach(this::deliver);
        return;
      }
      if (event != null) {
        order.offer(event, System.nanoTime()).forEach(this::deliver);
      }
      order.expire(System.nanoTime()).forEach(this::deliver);
    }
  }

  private void deliver(EventRecord event) {
    Rows r = rows.remove(EventKey.of(event));
    if (r == null) {
      r = readRows(event);
    }
    for (EventListener listener : listeners) {
      try {
        listener.onEvent(event, r.run(), r.node());
      } catch (RuntimeException e) {
        log.warn(
            "event listener failed on {} of run {} seq {}",
            event.type().wireName(),
            event.runId(),
            event.seq(),
            e);
      }
    }
  }

  private Rows readRows(EventRecord event) {
    try {
      return store.read(
          s -> {
            RunRecord run = s.findRun(event.runId()).orElse(null);
            NodeRecord node =
                event.nodeId() == null
                    ? null
                    : s.findNodes(event.runId(), List.of(event.nodeId())).stream()
                        .findFirst()
                        .orElse(null);
            return new Rows(run, node);
          });
    } catch (RuntimeException e) {
      log.warn("could not read the rows of event {} of run {}", event.seq(), event.runId(), e);
      return new Rows(null, null);
    }
  }
}
