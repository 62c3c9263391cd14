package dev.dagflow.server;

import dev.dagflow.engine.model.EventCursor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/** A WebSocket test client that keeps every text frame; {@code reading=false} takes none. */
final class WsClient implements WebSocket.Listener {
  final List<JsonNode> events = new CopyOnWriteArrayList<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private final boolean reading;
  WebSocket socket;

  private WsClient(boolean reading) {
    this.reading = reading;
  }

  static WsClient connect(HttpClient http, String url, boolean reading) {
    WsClient client = new WsClient(reading);
    client.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), client).join();
    return client;
  }

  List<Long> seqs() {
    return events.stream().map(e -> e.path("seq").asLong()).toList();
  }

  List<EventCursor> cursors() {
    return events.stream().map(e -> EventCursor.parse(e.path("cursor").asString())).toList();
  }

  /** Starts taking frames again (after a stall). */
  void resume() {
    socket.request(Long.MAX_VALUE);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    if (reading) {
      webSocket.request(1);
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      events.add(ServerFixture.JSON.readTree(partial.toString()));
      partial.setLength(0);
    }
    if (reading) {
      webSocket.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }
}
