package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /runs/{run_id}}, retention as an API user sees it, and the retention metrics, on H2
 * and PostgreSQL. The server keeps runs 1 s by default; {@code kept} keeps them forever.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RetentionApiContract {
  private ServerFixture api;

  abstract boolean postgres();

  @BeforeAll
  void startServer() {
    api =
        ServerFixture.on(
            postgres(),
            e -> e.retention(Duration.ofSeconds(1)).purgeInterval(Duration.ofMillis(100)),
            s -> {});
    api.register("id: kept\nretention: 0\nnodes:\n  - {id: only, type: noop}\n");
    api.register("id: brief\nnodes:\n  - {id: only, type: noop}\n");
    api.register("id: gated\nretention: 0\nnodes:\n  - {id: ok, type: approval}\n");
  }

  @AfterAll
  void stopServer() {
    api.close();
  }

  private String finishedRun(String workflowId, String... headers) {
    HttpResponse<String> r = api.post("/workflow/" + workflowId + "/execute", "{}", headers);
    assertThat(r.statusCode()).isEqualTo(200);
    return ServerFixture.json(r).path("run_id").asString();
  }

  @Test
  void deletingAFinishedRunRemovesItAndItsEvents() {
    String runId = finishedRun("kept");
    double purgedBefore =
        Scrape.parse(api.scrape()).value("dag_runs_purged_total", "workflow_name", "kept");

    HttpResponse<String> deleted = api.delete("/runs/" + runId);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(api.get("/runs/" + runId).statusCode()).isEqualTo(404);
    assertThat(api.get("/runs/" + runId + "/events").statusCode()).isEqualTo(404);
    assertThat(api.delete("/runs/" + runId).statusCode()).isEqualTo(404);
    assertThat(Scrape.parse(api.scrape()).value("dag_runs_purged_total", "workflow_name", "kept"))
        .isEqualTo(purgedBefore + 1);
  }

  @Test
  void aRunThatIsNotFinishedCannotBeDeleted() {
    String runId = api.submit("gated", "{}");

    HttpResponse<String> refused = api.delete("/runs/" + runId);

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(ServerFixture.json(refused).path("detail").asString())
        .matches("run " + runId + " is (queued|running): only a finished run can be deleted.*");
    assertThat(api.get("/runs/" + runId).statusCode()).isEqualTo(200);
    assertThat(api.delete("/runs/not-a-uuid").statusCode()).as("names no run").isEqualTo(404);
  }

  @Test
  void aDeletedRunsIdempotencyKeyStartsANewRun() {
    String first = finishedRun("kept", "Idempotency-Key", "nightly-1");
    assertThat(finishedRun("kept", "Idempotency-Key", "nightly-1")).isEqualTo(first);

    assertThat(api.delete("/runs/" + first).statusCode()).isEqualTo(204);

    assertThat(finishedRun("kept", "Idempotency-Key", "nightly-1")).isNotEqualTo(first);
  }

  @Test
  void retentionPurgesExpiredRunsAndKeepsThoseItMustKeep() {
    String kept = finishedRun("kept");
    String brief = finishedRun("brief");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/runs/" + brief).statusCode() == 404);

    assertThat(api.get("/runs/" + kept).statusCode()).isEqualTo(200);
    Scrape scrape = Scrape.parse(api.scrape());
    assertThat(scrape.value("dag_runs_purged_total", "workflow_name", "brief")).isGreaterThan(0);
    assertThat(scrape.has("dag_runs_stored")).isTrue();
    assertThat(scrape.value("dag_runs_stored")).isGreaterThanOrEqualTo(1);
  }

  /** What a reader of {@code GET /events} saw from a cursor on, and where it would resume. */
  private record Read(List<JsonNode> events, String cursor) {
    List<JsonNode> of(String runId) {
      return events.stream().filter(e -> e.path("run_id").asString().equals(runId)).toList();
    }

    boolean has(String runId, String type) {
      return of(runId).stream().anyMatch(e -> e.path("type").asString().equals(type));
    }
  }

  /** Pages {@code GET /events} from {@code after} until a page comes back empty. */
  private Read readEvents(String after) {
    List<JsonNode> events = new ArrayList<>();
    String cursor = after;
    while (true) {
      JsonNode page =
          ServerFixture.json(
              api.get(
                  "/events?limit=50"
                      + (cursor == null
                          ? ""
                          : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))));
      if (page.path("items").isEmpty()) {
        return new Read(events, cursor);
      }
      page.path("items").forEach(events::add);
      cursor = page.path("next_cursor").asString();
    }
  }

  private static List<Long> seqs(List<JsonNode> events) {
    return events.stream().map(e -> e.path("seq").asLong()).toList();
  }

  @Test
  void theGlobalCursorResumesAcrossDeletedAndPurgedRunsWithEveryOtherEventExactlyOnce() {
    String survivor = api.submit("gated", "{}"); // approved after the cursor
    String deleted = api.submit("gated", "{}"); // cancelled after the cursor, then deleted
    String purgedBefore = finishedRun("brief"); // purged by retention
    String keptBefore = finishedRun("kept");
    // a reader catches up (the global horizon may lag: on PostgreSQL it is cluster-wide)
    Read before =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> readEvents(null),
                r ->
                    r.has(survivor, "node.waiting")
                        && r.has(deleted, "node.waiting")
                        && r.has(keptBefore, "run.succeeded"));
    long survivorSeqAtCursor = seqs(before.of(survivor)).getLast();

    // after the cursor: the deleted run gets events, then goes; retention purges the brief runs
    assertThat(api.post("/runs/" + deleted + "/cancel", "").statusCode()).isEqualTo(200);
    assertThat(api.delete("/runs/" + deleted).statusCode()).isEqualTo(204);
    String purgedAfter = finishedRun("brief");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.get("/runs/" + purgedBefore).statusCode() == 404
                    && api.get("/runs/" + purgedAfter).statusCode() == 404);
    // new events of surviving runs
    assertThat(api.post("/runs/" + survivor + "/nodes/ok/approve", "{\"by\":\"ada\"}").statusCode())
        .isEqualTo(200);
    String keptAfter = finishedRun("kept");

    Read resumed =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> readEvents(before.cursor()),
                r -> r.has(survivor, "run.succeeded") && r.has(keptAfter, "run.succeeded"));

    // every event of the surviving runs after the cursor, once, in each run's order
    JsonNode survivorEvents =
        ServerFixture.json(
            api.get("/runs/" + survivor + "/events?after=" + survivorSeqAtCursor + "&limit=100"));
    List<Long> expected = new ArrayList<>();
    survivorEvents.path("items").forEach(e -> expected.add(e.path("seq").asLong()));
    assertThat(seqs(resumed.of(survivor))).isNotEmpty().containsExactlyElementsOf(expected);
    JsonNode keptAfterEvents = ServerFixture.json(api.get("/runs/" + keptAfter + "/events"));
    assertThat(seqs(resumed.of(keptAfter)))
        .hasSize(keptAfterEvents.path("items").size())
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(resumed.of(keptBefore)).isEmpty();
    for (String gone : List.of(deleted, purgedBefore, purgedAfter)) {
      assertThat(resumed.of(gone)).as(gone).isEmpty();
    }
    // cursors strictly increase: the reader never goes back over a purged range
    List<String> cursors = resumed.events().stream().map(e -> e.path("cursor").asString()).toList();
    assertThat(cursors).doesNotHaveDuplicates();
  }
}
