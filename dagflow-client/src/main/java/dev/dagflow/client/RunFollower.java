package dev.dagflow.client;

import dev.dagflow.client.invoker.ApiException;
import dev.dagflow.client.model.Event;
import dev.dagflow.client.model.Run;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Follows one run live over {@code /ws/runs/{run_id}}: every event in {@code seq} order, exactly
 * once, until the run's terminal event. When the connection drops (the server restarts, a proxy
 * times out) it reconnects with {@code ?after=} the last {@code seq} it delivered, with backoff,
 * for up to the client's {@code reconnectFor}; the server's replay fills the gap.
 *
 * <pre>{@code
 * Run done = client.follow(runId)
 *     .after(0)                                   // from the first event (the default)
 *     .onEvent(e -> log(e.getSeq(), e.getType()))
 *     .onReconnect(wait -> System.err.println("reconnecting in " + wait))
 *     .await();                                   // the finished run, as GET /runs/{id}
 * }</pre>
 */
public final class RunFollower {
  private static final Set<String> TERMINAL =
      Set.of("run.succeeded", "run.failed", "run.cancelled");
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Duration SILENCE_LIMIT = Duration.ofSeconds(45);

  private final DagflowClient client;
  private final UUID runId;
  private volatile long after;
  private Consumer<Event> onEvent = e -> {};
  private Consumer<Duration> onReconnect = d -> {};

  RunFollower(DagflowClient client, UUID runId) {
    this.client = client;
    this.runId = Objects.requireNonNull(runId, "runId");
  }

  /** Start after this {@code seq} (events up to it are not delivered again). */
  public RunFollower after(long seq) {
    if (seq < 0) {
      throw new IllegalArgumentException("after must be >= 0");
    }
    after = seq;
    return this;
  }

  /** Called for each event, on one thread, in {@code seq} order. */
  public RunFollower onEvent(Consumer<Event> listener) {
    onEvent = Objects.requireNonNull(listener);
    return this;
  }

  /** Called when the connection dropped, with the wait before the next attempt. */
  public RunFollower onReconnect(Consumer<Duration> listener) {
    onReconnect = Objects.requireNonNull(listener);
    return this;
  }

  /** The {@code seq} of the last event delivered. */
  public long lastSeq() {
    return after;
  }

  /**
   * Blocks until the run has ended and returns it (as {@code GET /runs/{id}} shows it).
   *
   * @throws ApiException the server refused (e.g. 404 for an unknown run, 401 without a token), or
   *     could not be reached for longer than {@code reconnectFor}
   * @throws InterruptedException the waiting thread was interrupted
   */
  public Run await() throws ApiException, InterruptedException {
    long deadline = System.nanoTime() + client.reconnectFor().toNanos();
    Duration backoff = FIRST_BACKOFF;
    while (true) {
      Attempt attempt = streamOnce();
      if (attempt == Attempt.ENDED) {
        return client.runs().getRun(runId.toString());
      }
      if (attempt == Attempt.DROPPED) {
        // it was connected: only a server that stays unreachable runs the budget out
        deadline = System.nanoTime() + client.reconnectFor().toNanos();
        backoff = FIRST_BACKOFF;
      } else if (System.nanoTime() - deadline > 0) {
        throw new ApiException(
            "cannot reach %s to follow run %s (gave up after %s)"
                .formatted(client.baseUri(), runId, client.reconnectFor()));
      }
      onReconnect.accept(backoff);
      Thread.sleep(backoff.toMillis());
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  private enum Attempt {
    /** The run's terminal event arrived. */
    ENDED,
    /** Connected, then the stream broke before the run ended. */
    DROPPED,
    /** No connection. */
    UNREACHABLE
  }

  private Attempt streamOnce() throws ApiException, InterruptedException {
    Listener listener = new Listener();
    WebSocket socket;
    try {
      WebSocket.Builder builder =
          client.http().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
      client.token().ifPresent(t -> builder.header("Authorization", "Bearer " + t));
      socket = builder.buildAsync(socketUri(), listener).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        // the server answered and refused (404 unknown run, 401 no token): retrying will not help
        var response = refused.getResponse();
        throw new ApiException(
            response.statusCode(),
            "streamRunEvents call failed with: " + response.statusCode(),
            response.headers(),
            response.body() instanceof String body ? body : null);
      }
      return Attempt.UNREACHABLE;
    }
    try {
      // a connection that stays silent (no frame, no ping) is as good as broken: a peer that died
      // without closing it would otherwise hold this wait forever
      while (!listener.closed.isDone()
          && System.nanoTime() - listener.lastHeard < SILENCE_LIMIT.toNanos()) {
        try {
          listener.closed.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException stillOpen) {
          // check the silence again
        } catch (ExecutionException broken) {
          break; // the connection broke mid-stream: resume from the last delivered seq
        }
      }
    } finally {
      socket.abort();
    }
    if (listener.failure != null) {
      throw new ApiException(
          "unreadable event from " + client.baseUri(), listener.failure, 0, null);
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    return listener.terminal ? Attempt.ENDED : Attempt.DROPPED;
  }

  private URI socketUri() {
    URI base = client.baseUri();
    String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
    String path = (base.getRawPath() == null ? "" : base.getRawPath()) + "/ws/runs/" + runId;
    return URI.create(scheme + "://" + base.getRawAuthority() + path + "?after=" + after);
  }

  /** Parses frames into events, delivers new ones, and notes the terminal one. */
  private final class Listener implements WebSocket.Listener {
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    volatile boolean terminal;
    volatile long lastHeard = System.nanoTime();
    volatile Exception failure;

    @Override
    public void onOpen(WebSocket webSocket) {
      lastHeard = System.nanoTime();
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
      lastHeard = System.nanoTime();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      lastHeard = System.nanoTime();
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        try {
          Event event = client.mapper().readValue(frame, Event.class);
          if (event.getSeq() != null && event.getSeq() > after) {
            after = event.getSeq();
            onEvent.accept(event);
            if (TERMINAL.contains(event.getType())) {
              terminal = true;
            }
          }
        } catch (com.fasterxml.jackson.core.JacksonException | RuntimeException e) {
          failure = e;
          closed.complete(null);
          return null;
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
