package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** The run routes, run on H2 and on PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunApiContract {
  private ServerFixture api;

  abstract ServerFixture start();

  @BeforeAll
  void startServer() {
    api = start();
    api.register(ServerFixture.NOOP_FLOW);
    api.register(
        """
        id: scored
        params:
          who: {type: string, required: true}
        nodes:
          - id: design
            type: mock
            config:
              output: {done: true}
              quality_score: 0.9
              artifacts: [{type: doc, name: design.md, size_bytes: 2048}]
        """);
    api.register("id: slow\nnodes:\n  - {id: wait, type: mock, config: {duration: 3s}}\n");
    api.register(
        """
        id: fails_once
        nodes:
          - {id: first, type: mock, config: {output: {kept: true}}}
          - {id: flaky, type: mock, depends_on: [first], config: {fail_attempts: 1}}
        """);
    api.register(
        "id: gated\nnodes:\n  - {id: ok, type: approval}\n  - {id: after, type: noop, depends_on: [ok]}\n");
  }

  @AfterAll
  void stopServer() {
    api.close();
  }

  @Test
  void submitIs202WithRunIdAndLocation() {
    HttpResponse<String> r = api.post("/workflows/noop_flow/runs", "{}");

    assertThat(r.statusCode()).isEqualTo(202);
    String runId = ServerFixture.json(r).path("run_id").asString();
    assertThat(r.headers().firstValue("Location")).contains("/runs/" + runId);
  }

  @Test
  void executeWaitsAndReturnsTheFinishedRunWithNodes() {
    HttpResponse<String> r = api.post("/workflow/scored/execute?timeout=20s", "{\"who\":\"ada\"}");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode run = ServerFixture.json(r);
    assertThat(run.path("status").asString()).isEqualTo("success");
    assertThat(run.path("workflow_id").asString()).isEqualTo("scored");
    assertThat(run.path("params").path("who").asString()).isEqualTo("ada");
    JsonNode node = run.path("nodes").get(0);
    assertThat(node.path("status").asString()).isEqualTo("success");
    assertThat(node.path("attempts").asInt()).isEqualTo(1);
    assertThat(node.path("quality_score").asDouble()).isEqualTo(0.9);
    assertThat(node.path("artifacts").get(0).path("size_bytes").asLong()).isEqualTo(2048);
    assertThat(run.path("duration_seconds").isNumber()).isTrue();
  }

  @Test
  void executeReturns202WithLocationWhenTheTimeoutPasses() {
    HttpResponse<String> r = api.post("/workflow/slow/execute?timeout=100ms", "{}");

    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode run = ServerFixture.json(r);
    assertThat(r.headers().firstValue("Location"))
        .contains("/runs/" + run.path("run_id").asString());
    assertThat(run.path("status").asString()).isIn("queued", "running");
  }

  @Test
  void invalidParamsAre422WithEveryProblem() {
    HttpResponse<String> r = api.post("/workflows/scored/runs", "{\"who\": 5}");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(ServerFixture.json(r).path("errors").size()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void malformedJsonBodyIs400() {
    HttpResponse<String> r = api.post("/workflows/noop_flow/runs", "{not json");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(ServerFixture.json(r).path("title").asString()).isEqualTo("Bad Request");
  }

  @Test
  void submitToUnknownWorkflowIs404() {
    assertThat(api.post("/workflows/ghost/runs", "{}").statusCode()).isEqualTo(404);
    assertThat(api.post("/workflow/ghost/execute", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void idempotencyKeyReturnsTheSameRunAndRejectsOtherParams() {
    String key = "key-" + System.nanoTime();
    HttpResponse<String> first =
        api.post("/workflows/scored/runs", "{\"who\":\"a\"}", "Idempotency-Key", key);
    HttpResponse<String> again =
        api.post("/workflows/scored/runs", "{\"who\":\"a\"}", "Idempotency-Key", key);
    HttpResponse<String> other =
        api.post("/workflows/scored/runs", "{\"who\":\"b\"}", "Idempotency-Key", key);

    assertThat(ServerFixture.json(again).path("run_id").asString())
        .isEqualTo(ServerFixture.json(first).path("run_id").asString());
    assertThat(other.statusCode()).isEqualTo(422);
  }

  @Test
  void getsARunAndUnknownRunsAre404() {
    String runId = api.submit("noop_flow", "{}");

    assertThat(api.get("/runs/" + runId).statusCode()).isEqualTo(200);
    assertThat(api.get("/runs/00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
    assertThat(api.get("/runs/not-a-uuid").statusCode()).isEqualTo(404);
  }

  @Test
  void listsRunsNewestFirstFilteredAndPaged() {
    String a = api.submit("noop_flow", "{}");
    String b = api.submit("noop_flow", "{}");

    JsonNode page = ServerFixture.json(api.get("/runs?workflow_id=noop_flow&limit=1"));
    JsonNode next =
        ServerFixture.json(
            api.get(
                "/runs?workflow_id=noop_flow&limit=1&cursor="
                    + page.path("next_cursor").asString()));

    assertThat(page.path("items").get(0).path("run_id").asString()).isEqualTo(b);
    assertThat(next.path("items").get(0).path("run_id").asString()).isEqualTo(a);
    assertThat(page.path("items").get(0).path("workflow_id").asString()).isEqualTo("noop_flow");
  }

  @Test
  void badListParametersAre400() {
    assertThat(api.get("/runs?status=sleeping").statusCode()).isEqualTo(400);
    assertThat(api.get("/runs?limit=0").statusCode()).isEqualTo(400);
    assertThat(api.get("/runs?limit=abc").statusCode()).isEqualTo(400);
  }

  @Test
  void cancelEndsARunningRunAndCancellingAgainIs409() {
    String runId = api.submit("slow", "{}");

    HttpResponse<String> cancelled = api.post("/runs/" + runId + "/cancel", "");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.run(runId).path("status").asString().equals("cancelled"));

    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(api.post("/runs/" + runId + "/cancel", "").statusCode()).isEqualTo(409);
  }

  @Test
  void retryIs202AndTheFailedRunSucceedsKeepingItsSuccessfulNodes() {
    String runId = api.submit("fails_once", "{}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.run(runId).path("status").asString().equals("failure"));

    HttpResponse<String> retried = api.post("/runs/" + runId + "/retry", "");

    assertThat(retried.statusCode()).isEqualTo(202);
    assertThat(retried.headers().firstValue("Location")).contains("/runs/" + runId);
    JsonNode body = ServerFixture.json(retried);
    assertThat(body.path("run_id").asString()).isEqualTo(runId);
    assertThat(body.path("status").asString()).isIn("queued", "running", "success");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.run(runId).path("status").asString().equals("success"));
    JsonNode run = api.run(runId);
    assertThat(run.path("nodes").findValues("attempts"))
        .extracting(JsonNode::asInt)
        .containsExactly(1, 2);
    assertThat(run.path("nodes").get(0).path("output").path("kept").asBoolean()).isTrue();
    JsonNode events = ServerFixture.json(api.get("/runs/" + runId + "/events?limit=100"));
    assertThat(events.path("items").findValuesAsString("type"))
        .containsOnlyOnce("run.retried", "run.failed", "run.succeeded");
  }

  @Test
  void retryOfARunThatIsNotFailedOrCancelledIs409NamingItsStateAndOfNoRunIs404() {
    String done = api.submit("noop_flow", "{}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.run(done).path("status").asString().equals("success"));

    HttpResponse<String> conflict = api.post("/runs/" + done + "/retry", "");

    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(ServerFixture.json(conflict).path("detail").asString())
        .isEqualTo("run " + done + " is success: only a failed or cancelled run can be retried");
    assertThat(api.post("/runs/00000000-0000-0000-0000-000000000000/retry", "").statusCode())
        .isEqualTo(404);
  }

  @Test
  void ofTwoConcurrentRetriesOneIs202AndTheOther409() throws Exception {
    String runId = api.submit("fails_once", "{}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.run(runId).path("status").asString().equals("failure"));

    var first =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> api.post("/runs/" + runId + "/retry", "").statusCode());
    var second =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> api.post("/runs/" + runId + "/retry", "").statusCode());

    assertThat(java.util.List.of(first.get(), second.get())).containsExactlyInAnyOrder(202, 409);
  }

  @Test
  void approvingAnApprovalNodeLetsTheRunFinish() {
    String runId = api.submit("gated", "{}");

    // 409 until the approval node waits for its decision
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                api.post(
                            "/runs/" + runId + "/nodes/ok/approve",
                            "{\"by\":\"ada\",\"comment\":\"ok\"}")
                        .statusCode()
                    == 200);

    assertThat(nodeStatus(runId, "ok")).isIn("running", "success");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.run(runId).path("status").asString().equals("success"));
  }

  @Test
  void rejectingAnApprovalNodeFailsTheRun() {
    String runId = api.submit("gated", "{}");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.post("/runs/" + runId + "/nodes/ok/reject", "{}").statusCode() == 200);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.run(runId).path("status").asString().equals("failure"));
  }

  @Test
  void eventHistoryResumesAfterASeqWithoutGapOrRepeat() {
    HttpResponse<String> done = api.post("/workflow/noop_flow/execute", "{}");
    String runId = ServerFixture.json(done).path("run_id").asString();

    JsonNode all = ServerFixture.json(api.get("/runs/" + runId + "/events"));
    long second = all.path("items").get(1).path("seq").asLong();
    JsonNode rest = ServerFixture.json(api.get("/runs/" + runId + "/events?after=" + second));

    assertThat(all.path("items").get(0).path("type").asString()).isEqualTo("run.queued");
    assertThat(all.path("items").get(all.path("items").size() - 1).path("type").asString())
        .isEqualTo("run.succeeded");
    assertThat(rest.path("items").size()).isEqualTo(all.path("items").size() - 2);
    assertThat(rest.path("items").get(0).path("seq").asLong())
        .isEqualTo(all.path("items").get(2).path("seq").asLong());
    assertThat(api.get("/runs/" + runId + "/events?after=-1").statusCode()).isEqualTo(400);
  }

  @Test
  void runsFilterByQueuedTimeAndTriggerAndBadValuesNameTheParameter() {
    String runId =
        ServerFixture.json(api.post("/workflow/noop_flow/execute", "{}")).path("run_id").asString();
    String queued = api.run(runId).path("queued_at").asString();
    java.time.Instant at = java.time.Instant.parse(queued);
    String since = at.minusMillis(1).toString();
    String until = at.plusMillis(1).toString();

    assertThat(listed("/runs?trigger=api&queued_since=" + since + "&queued_until=" + until))
        .containsExactly(runId);
    assertThat(listed("/runs?trigger=schedule&queued_since=" + since)).doesNotContain(runId);
    assertThat(listed("/runs?queued_until=" + since)).doesNotContain(runId);

    Map<String, String> bad =
        Map.of(
            "queued_since=yesterday",
            "queued_since",
            "queued_until=2026-12-04",
            "queued_until",
            "trigger=cron",
            "trigger",
            "queued_since=" + until + "&queued_until=" + since,
            "queued_until");
    bad.forEach(
        (query, parameter) -> {
          HttpResponse<String> r = api.get("/runs?" + query);
          assertThat(r.statusCode()).as(query).isEqualTo(400);
          assertThat(r.body()).as(query).contains(parameter + ":");
        });
  }

  private List<String> listed(String path) {
    HttpResponse<String> r = api.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    List<String> ids = new java.util.ArrayList<>();
    ServerFixture.json(r).path("items").forEach(i -> ids.add(i.path("run_id").asString()));
    return ids;
  }

  @Test
  void theHeadOfTheEventStreamSkipsTheHistoryAndLeadsToWhatComesNext() {
    HttpResponse<String> done = api.post("/workflow/noop_flow/execute", "{}");
    String before = ServerFixture.json(done).path("run_id").asString();

    // on PostgreSQL the horizon is cluster-wide: another suite's open transaction may hold it
    String head =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  JsonNode page = ServerFixture.json(api.get("/events?after=head"));
                  assertThat(page.path("items").size()).isZero();
                  String cursor = page.path("next_cursor").asString();
                  JsonNode after = ServerFixture.json(api.get("/events?after=" + cursor));
                  for (JsonNode e : after.path("items")) {
                    if (e.path("run_id").asString().equals(before)) {
                      return null;
                    }
                  }
                  return cursor;
                },
                c -> c != null);
    String next =
        ServerFixture.json(api.post("/workflow/noop_flow/execute", "{}")).path("run_id").asString();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        ServerFixture.json(api.get("/events?after=" + head + "&limit=500"))
                            .path("items"))
                    .extracting(e -> e.path("run_id").asString())
                    .contains(next)
                    .doesNotContain(before));
  }

  @Test
  void decidingANodeThatIsNotWaitingIs409AndAnUnknownNodeIs404() {
    String runId =
        ServerFixture.json(api.post("/workflow/noop_flow/execute", "{}")).path("run_id").asString();

    assertThat(api.post("/runs/" + runId + "/nodes/only/approve", "{}").statusCode())
        .isEqualTo(409);
    assertThat(api.post("/runs/" + runId + "/nodes/nope/reject", "{}").statusCode()).isEqualTo(404);
  }

  private String nodeStatus(String runId, String nodeId) {
    for (JsonNode n : api.run(runId).path("nodes")) {
      if (n.path("id").asString().equals(nodeId)) {
        return n.path("status").asString();
      }
    }
    return "";
  }
}
