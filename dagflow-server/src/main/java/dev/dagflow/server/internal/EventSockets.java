package dev.dagflow.server.internal;

import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.error.RunNotFoundException;
import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.store.Store;
import dev.dagflow.server.ServerLimits;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * The WebSocket routes {@code /ws/runs/{run_id}} and {@code /ws/events}: each client gets an {@link
 * EventStream} on a virtual thread, woken by this instance's commits and polling for other
 * instances' events. Unknown runs and bad {@code ?after=} and {@code ?type=} values are refused
 * before the upgrade.
 *
 * <pre>{@code
 * new EventSockets(store, views, json, limits, delta -> gauge.inc(delta)).install(cfg.routes);
 * }</pre>
 */
public final class EventSockets {
  private final Store store;
  private final Views views;
  private final Json json;
  private final ServerLimits limits;
  private final IntConsumer connections;
  private final EventSignal signal = new EventSignal();
  private final Map<String, EventStream> streams = new ConcurrentHashMap<>();

  public EventSockets(
      Store store, Views views, Json json, ServerLimits limits, IntConsumer connections) {
    this.store = store;
    this.views = views;
    this.json = json;
    this.limits = limits;
    this.connections = connections;
    store.addEventSink(events -> signal.fire());
  }

  public void install(RoutesConfig routes, Auth auth) {
    routes.wsBeforeUpgrade(
        "/ws/runs/{run_id}",
        ctx -> {
          auth.check(ctx);
          UUID runId = Ids.runId(ctx.pathParam("run_id"));
          if (store.read(s -> s.findRun(runId)).isEmpty()) {
            throw new RunNotFoundException(runId.toString());
          }
          parseSeq(ctx.queryParam("after"));
        });
    routes.wsBeforeUpgrade(
        "/ws/events",
        ctx -> {
          auth.check(ctx);
          EventCursor.parse(ctx.queryParam("after"));
          EventTypes.parse(ctx.queryParams("type"));
        });
    routes.ws("/ws/runs/{run_id}", ws -> configure(ws, true));
    routes.ws("/ws/events", ws -> configure(ws, false));
  }

  /** Number of open streams. */
  public int openStreams() {
    return streams.size();
  }

  /** Ends every stream (server stop). */
  public void closeAll() {
    streams.values().forEach(EventStream::stop);
  }

  private void configure(WsConfig ws, boolean perRun) {
    ws.onConnect(
        ctx -> {
          UUID runId = perRun ? Ids.runId(ctx.pathParam("run_id")) : null;
          String after = ctx.queryParam("after");
          var stream =
              new EventStream(
                  ctx.session,
                  store,
                  signal,
                  views,
                  json,
                  runId,
                  after,
                  perRun
                      ? EnumSet.allOf(EventType.class)
                      : EventTypes.parse(ctx.queryParams("type")),
                  limits.wsSendTimeout(),
                  limits.wsPollInterval());
          streams.put(ctx.sessionId(), stream);
          connections.accept(1);
          ctx.enableAutomaticPings();
          Thread.ofVirtual().name("ws-" + ctx.sessionId()).start(stream);
        });
    ws.onClose(ctx -> release(ctx));
    ws.onError(ctx -> release(ctx));
  }

  private void release(WsContext ctx) {
    EventStream stream = streams.remove(ctx.sessionId());
    if (stream != null) {
      stream.stop();
      connections.accept(-1);
    }
  }

  /**
   * A run's {@code ?after=} (its stream and its history route): a {@code seq} of that run; 0 (the
   * default) for all.
   */
  static long parseSeq(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long after = Long.parseLong(value);
      if (after < 0) {
        throw new NumberFormatException();
      }
      return after;
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(400, List.of("after: expected a sequence number >= 0"));
    }
  }
}
