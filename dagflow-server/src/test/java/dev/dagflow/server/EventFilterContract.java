package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NewEvent;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** The {@code type} filter of {@code GET /events} and {@code /ws/events}, on H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventFilterContract {
  private static final String ENDS = "run.succeeded,run.failed,run.cancelled";

  private ServerFixture api;
  private String ws;

  @BeforeAll
  void start() {
    api = ServerFixture.on(postgres(), e -> {}, s -> {});
    api.register(ServerFixture.NOOP_FLOW);
    ws = api.base.replace("http://", "ws://");
  }

  abstract boolean postgres();

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void filteredPagesHoldOnlyTheTypesAskedForAndResumeWhereTheUnfilteredOneDoes() {
    String from = head();
    List<String> runs = executeRuns(3);
    JsonNode all = awaitEvents(from, runs);

    for (var filter :
        List.of(
            new Filter(ENDS, Set.of("run.succeeded", "run.failed", "run.cancelled")::contains),
            new Filter("run.*", e -> e.startsWith("run.")),
            new Filter("node.*", e -> e.startsWith("node.")),
            new Filter(
                "node.succeeded&type=run.queued",
                Set.of("node.succeeded", "run.queued")::contains))) {
      JsonNode page = events("/events?after=" + from + "&limit=500&type=" + filter.query());

      assertThat(page.path("items").valueStream().toList())
          .as(filter.query())
          .isNotEmpty()
          .containsExactlyElementsOf(
              all.path("items")
                  .valueStream()
                  .filter(e -> filter.wanted().test(e.path("type").asString()))
                  .toList());
      // past the events it skipped: the noop runs end with run.succeeded, which node.* skips
      assertThat(page.path("next_cursor").asString())
          .as(filter.query())
          .isEqualTo(all.path("next_cursor").asString());
    }
  }

  @Test
  void aLongStretchOfOtherEventsIsSkippedOverPagesWithoutStalling() {
    String from = head();
    UUID runId = UUID.fromString(executeRuns(1).getFirst());
    append(runId, EventType.NODE_READY, 1_500); // beyond one page's scan of 1,000
    append(runId, EventType.RUN_FAILED, 1);

    List<JsonNode> got = new ArrayList<>();
    List<Poll> polls = new ArrayList<>();
    String[] after = {from};
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode page = events("/events?after=" + after[0] + "&limit=1&type=run.failed");
              polls.add(new Poll(after[0], page));
              page.path("items").forEach(got::add);
              after[0] = page.path("next_cursor").asString();
              return !got.isEmpty();
            });

    assertThat(got)
        .extracting(e -> e.path("type").asString(), e -> e.path("run_id").asString())
        .containsExactly(tuple("run.failed", runId.toString()));
    // one page cannot look at all 1,500 node.ready events: some page came back empty yet moved on
    assertThat(polls)
        .anySatisfy(
            p -> {
              assertThat(p.page().path("items")).isEmpty();
              assertThat(p.page().path("next_cursor").asString()).isNotEqualTo(p.after());
            });
    // nothing after it: the next poll is empty and stays where it is
    JsonNode next = events("/events?after=" + after[0] + "&type=run.failed");
    assertThat(next.path("items")).isEmpty();
    assertThat(next.path("next_cursor").asString()).isEqualTo(after[0]);
  }

  @Test
  void anUnknownTypeIs400NamingTheParameterAndTheValue() {
    for (String bad :
        List.of("run.done", "run.failed,node.exploded", "job.*", "run.failed,", "*")) {
      HttpResponse<String> r = api.get("/events?type=" + bad);

      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(ServerFixture.json(r).path("errors").get(0).asString())
          .as(bad)
          .startsWith("type: ");
    }
    assertThat(
            ServerFixture.json(api.get("/events?type=run.done")).path("errors").get(0).asString())
        .contains("'run.done'");
    assertThat(api.get("/events?after=head&type=node.nope").statusCode()).isEqualTo(400);
  }

  @Test
  void theStreamSendsOnlyMatchingEventsAndResumesFromTheLastOneItGot() {
    String from = head();
    WsClient ends =
        WsClient.connect(api.http, ws + "/ws/events?after=" + from + "&type=" + ENDS, true);
    WsClient runEvents =
        WsClient.connect(api.http, ws + "/ws/events?after=" + from + "&type=run.*", true);
    List<String> runs = executeRuns(3);
    JsonNode all = awaitEvents(from, runs);
    List<JsonNode> wanted =
        all.path("items")
            .valueStream()
            .filter(e -> e.path("type").asString().startsWith("run."))
            .toList();

    await().atMost(Duration.ofSeconds(10)).until(() -> runEvents.events.size() >= wanted.size());
    List<JsonNode> wantedEnds =
        wanted.stream().filter(e -> e.path("type").asString().equals("run.succeeded")).toList();
    await().atMost(Duration.ofSeconds(10)).until(() -> ends.events.size() >= wantedEnds.size());

    assertThat(runEvents.events).containsExactlyElementsOf(wanted);
    assertThat(ends.events)
        .containsExactlyElementsOf(wantedEnds)
        .extracting(e -> e.path("run_id").asString())
        .containsAll(runs);

    // a client that got the first run's end resumes from its cursor: the rest, nothing twice
    WsClient resumed =
        WsClient.connect(
            api.http,
            ws
                + "/ws/events?after="
                + ends.events.getFirst().path("cursor").asString()
                + "&type="
                + ENDS,
            true);
    List<JsonNode> rest = ends.events.subList(1, ends.events.size());
    await().atMost(Duration.ofSeconds(10)).until(() -> resumed.events.size() >= rest.size());
    assertThat(resumed.events).containsExactlyElementsOf(rest);
    List.of(ends, runEvents, resumed).forEach(c -> c.socket.abort());
  }

  @Test
  void anUnknownTypeIsRefusedBeforeTheUpgrade() {
    Throwable failure =
        catchThrowable(() -> WsClient.connect(api.http, ws + "/ws/events?type=run.done", true));

    assertThat(failure).isInstanceOf(CompletionException.class);
    assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    HttpResponse<?> response = ((WebSocketHandshakeException) failure.getCause()).getResponse();
    assertThat(response.statusCode()).isEqualTo(400);
  }

  private record Filter(String query, Predicate<String> wanted) {}

  private record Poll(String after, JsonNode page) {}

  private JsonNode events(String path) {
    HttpResponse<String> r = api.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return ServerFixture.json(r);
  }

  /** The cursor of now, once the horizon has passed every earlier event. */
  private String head() {
    return events("/events?after=head").path("next_cursor").asString();
  }

  private List<String> executeRuns(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = api.post("/workflow/noop_flow/execute", "{}");
      assertThat(ServerFixture.json(r).path("status").asString()).isEqualTo("success");
      ids.add(ServerFixture.json(r).path("run_id").asString());
    }
    return ids;
  }

  /**
   * Every event after {@code from}, unfiltered, once the horizon shows each run's end and nothing
   * more is in flight (on PostgreSQL the horizon is cluster-wide: another suite's open transaction
   * may hold it back for a moment).
   */
  private JsonNode awaitEvents(String from, List<String> runs) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode page = events("/events?after=" + from + "&limit=500");
              String next = page.path("next_cursor").asString();
              return ends(page).containsAll(runs)
                      && events("/events?after=" + next).path("items").isEmpty()
                  ? page
                  : null;
            },
            p -> p != null);
  }

  private static List<String> ends(JsonNode page) {
    return page.path("items")
        .valueStream()
        .filter(e -> e.path("type").asString().equals("run.succeeded"))
        .map(e -> e.path("run_id").asString())
        .toList();
  }

  private void append(UUID runId, EventType type, int n) {
    for (int done = 0; done < n; done += 500) {
      List<NewEvent> batch = new ArrayList<>();
      for (int i = done; i < Math.min(n, done + 500); i++) {
        batch.add(
            new NewEvent(
                type,
                runId,
                "noop_flow",
                type.endsRun() ? null : "only",
                Instant.now(),
                ServerFixture.JSON.createObjectNode()));
      }
      api.store.transaction(tx -> tx.appendEvents(batch));
    }
  }
}
