package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NewEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.node.ObjectNode;

/** The WebSocket streams, run on H2 and on PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventSocketContract {
  private ServerFixture api;
  private String ws;

  @BeforeAll
  void start() {
    api =
        ServerFixture.on(
            postgres(),
            e -> {},
            s ->
                s.limits(
                    ServerLimits.builder()
                        .wsSendTimeout(Duration.ofMillis(300))
                        .shutdownGrace(Duration.ofSeconds(1))
                        .build()));
    api.register(ServerFixture.NOOP_FLOW);
    ws = api.base.replace("http://", "ws://");
  }

  abstract boolean postgres();

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void allEventsStreamsReplayThenLiveWithoutGapOrDuplicate() {
    EventCursor replayFrom = lastCursor();
    for (int i = 0; i < 3; i++) {
      api.submit("noop_flow", "{}");
    }
    WsClient client = WsClient.connect(api.http, ws + "/ws/events?after=" + replayFrom, true);
    List<String> live = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      live.add(api.submit("noop_flow", "{}"));
    }
    for (String runId : live) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> api.run(runId).path("status").asString().equals("success"));
    }

    List<EventCursor> stored =
        allStoredCursors().stream().filter(c -> c.compareTo(replayFrom) > 0).toList();
    await().atMost(Duration.ofSeconds(10)).until(() -> client.cursors().size() >= stored.size());

    assertThat(client.cursors()).startsWith(stored.toArray(EventCursor[]::new));
    assertThat(client.cursors()).doesNotHaveDuplicates().isSorted();
    client.socket.abort();
  }

  @Test
  void runStreamResumesAfterSeqAndClosesNormallyAfterTheRunEnds() {
    String runId =
        ServerFixture.json(api.post("/workflow/noop_flow/execute", "{}")).path("run_id").asString();
    List<EventRecord> history = api.store.read(s -> s.listEvents(UUID.fromString(runId), 0, 1000));
    long resumeAfter = history.get(1).seq();

    WsClient client =
        WsClient.connect(api.http, ws + "/ws/runs/" + runId + "?after=" + resumeAfter, true);

    assertThat(client.closed.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join())
        .isEqualTo(1000);
    assertThat(client.seqs())
        .containsExactlyElementsOf(history.stream().skip(2).map(EventRecord::seq).toList());
    assertThat(client.events.getLast().path("type").asString()).isEqualTo("run.succeeded");
  }

  @Test
  void unknownRunIsRefusedBeforeTheUpgrade() {
    var failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> WsClient.connect(api.http, ws + "/ws/runs/" + UUID.randomUUID(), true));

    assertThat(failure).isInstanceOf(CompletionException.class);
    assertThat(failure.getCause()).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
    assertThat(
            ((java.net.http.WebSocketHandshakeException) failure.getCause())
                .getResponse()
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void aClientThatDoesNotReadIsClosedAndTheGaugeDrops() throws Exception {
    String runId = api.submit("noop_flow", "{}");
    try (StalledSocket stalled = StalledSocket.open(api.base, "/ws/events?after=" + lastCursor())) {
      await().atMost(Duration.ofSeconds(5)).until(() -> gauge("dag_websocket_connections") >= 1);

      flood(UUID.fromString(runId), 400, 8192);

      await().atMost(Duration.ofSeconds(15)).until(() -> gauge("dag_websocket_connections") == 0);
      assertThat(stalled.drainUntilClosed(Duration.ofSeconds(10))).isTrue();
    }
  }

  private void flood(UUID runId, int events, int padding) {
    ObjectNode data = ServerFixture.JSON.createObjectNode().put("pad", "x".repeat(padding));
    for (int done = 0; done < events; done += 200) {
      List<NewEvent> batch = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        batch.add(
            new NewEvent(EventType.NODE_READY, runId, "noop_flow", "only", Instant.now(), data));
      }
      api.store.transaction(tx -> tx.appendEvents(batch));
    }
  }

  private double gauge(String name) {
    return api.scrape()
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).trim()))
        .findFirst()
        .orElse(-1);
  }

  private EventCursor lastCursor() {
    List<EventCursor> all = allStoredCursors();
    return all.isEmpty() ? EventCursor.START : all.getLast();
  }

  private List<EventCursor> allStoredCursors() {
    List<EventCursor> cursors = new ArrayList<>();
    EventCursor after = EventCursor.START;
    while (true) {
      EventCursor from = after;
      List<EventRecord> page = api.store.read(s -> s.listEvents(from, 1000));
      if (page.isEmpty()) {
        return cursors;
      }
      page.forEach(e -> cursors.add(e.cursor()));
      after = page.getLast().cursor();
    }
  }
}
