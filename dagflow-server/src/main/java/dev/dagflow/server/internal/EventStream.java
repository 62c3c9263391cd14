package dev.dagflow.server.internal;

import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventPage;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client's stream: it tails the event table from the client's {@code after} (a run's
 * {@code seq}, or a global cursor), so replay and live delivery are one loop and can neither skip
 * nor repeat an event (a run's events commit in {@code seq} order; global reads stop at the store's
 * horizon). It holds at most one batch in memory and one frame in flight; a client that does not
 * take a frame within the send timeout is closed with 1013 (try again later) and may resume with
 * {@code ?after=} the last {@code seq} or {@code cursor} it got. A run stream ends with 1000 after
 * the run's terminal event. The global stream sends only the events of its {@code types}; its
 * position moves past the others too, and a client that resumes from the last event it got only
 * meets them again to skip them again.
 *
 * <pre>{@code
 * Thread.ofVirtual().start(new EventStream(session, store, signal, views, json, null, after, types,
 *     limits.wsSendTimeout(), limits.wsPollInterval()));
 * }</pre>
 */
public final class EventStream implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  private static final int BATCH = 100;
  private static final int SCAN = EventTypes.scanLimit(BATCH);

  private final Session session;
  private final Store store;
  private final EventSignal signal;
  private final Views views;
  private final Json json;
  private final UUID runId;
  private final Set<EventType> types;
  private final Duration sendTimeout;
  private final Duration pollInterval;
  private volatile boolean stopped;
  private long lastSeq;
  private EventCursor lastCursor;

  public EventStream(
      Session session,
      Store store,
      EventSignal signal,
      Views views,
      Json json,
      UUID runId,
      String after,
      Set<EventType> types,
      Duration sendTimeout,
      Duration pollInterval) {
    this.session = session;
    this.store = store;
    this.signal = signal;
    this.views = views;
    this.json = json;
    this.runId = runId;
    this.types = Set.copyOf(types);
    this.lastSeq = runId == null ? 0 : EventSockets.parseSeq(after);
    this.lastCursor = runId == null ? EventCursor.parse(after) : EventCursor.START;
    this.sendTimeout = sendTimeout;
    this.pollInterval = pollInterval;
  }

  /** Ends the loop (the socket closed). */
  public void stop() {
    stopped = true;
    signal.fire();
  }

  @Override
  public void run() {
    try {
      while (!stopped && session.isOpen() && !Thread.currentThread().isInterrupted()) {
        long seen = signal.version();
        long fromSeq = lastSeq;
        EventCursor fromCursor = lastCursor;
        EventPage batch =
            store.read(
                s -> {
                  if (runId == null) {
                    return s.listEvents(fromCursor, types, BATCH, SCAN);
                  }
                  List<EventRecord> events = s.listEvents(runId, fromSeq, BATCH);
                  return new EventPage(events, fromCursor, events.size() == BATCH);
                });
        for (EventRecord e : batch.events()) {
          if (!send(json.write(views.event(e)))) {
            return;
          }
          lastSeq = e.seq();
          lastCursor = e.cursor();
          if (runId != null && e.type().endsRun()) {
            session.close(StatusCode.NORMAL, "run finished", Callback.NOOP);
            return;
          }
        }
        if (runId == null) {
          // past the events the filter skipped too: they would be skipped again
          lastCursor = batch.next();
        }
        if (!batch.more()) {
          signal.awaitChange(seen, pollInterval);
        }
      }
    } catch (RuntimeException e) {
      log.warn("event stream after {} failed: {}", resumeFrom(), e.getMessage());
      session.close(StatusCode.SERVER_ERROR, "event stream failed", Callback.NOOP);
    }
  }

  private boolean send(String text) {
    var done = new Callback.Completable();
    session.sendText(text, done);
    try {
      done.get(sendTimeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      log.info("closing a WebSocket client that did not read for {}", sendTimeout);
      session.close(
          StatusCode.TRY_AGAIN_LATER,
          "client too slow; resume with ?after=" + resumeFrom(),
          Callback.NOOP);
      session.disconnect();
      return false;
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String resumeFrom() {
    return runId == null ? lastCursor.toString() : Long.toString(lastSeq);
  }
}
