package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
}
