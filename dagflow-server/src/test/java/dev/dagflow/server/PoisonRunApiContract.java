package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.store.testing.TestStores;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The API on runs whose rows were corrupted with SQL (docs/engine.md, "Poison rows"): a poisoned
 * run reads as failed with its reason, lists and event pages still answer, nothing is a 500 with a
 * stack trace, and {@code dag_engine_errors_total} counts the run the engine failed. Run on H2 and
 * PostgreSQL.
 */
abstract class PoisonRunApiContract {
  private static final String FLOW =
      """
      id: poison_api
      nodes:
        - {id: a, type: mock, config: {duration: 3s}}
        - {id: b, type: noop, depends_on: [a]}
      """;

  abstract boolean postgres();

  /** A params value the decoder rejects (text that is not JSON on H2, a non-object on jsonb). */
  abstract String badParams();

  @Test
  void aPoisonedRunReadsFailedWithItsReasonAndTheRestOfTheApiAnswers() {
    try (ServerFixture api = ServerFixture.on(postgres(), e -> {}, s -> {})) {
      assertThat(api.scrape()).contains("dag_engine_errors_total{kind=\"undecodable_node\"} 0.0");
      String wf = api.register(FLOW);
      String healthy = api.submit(wf, "{}");
      String poisoned = api.submit(wf, "{}");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> node(api.run(poisoned), "a").path("status").asString().equals("running"));
      TestStores.execute(
          api.store,
          "UPDATE nodes SET status = 'bogus' WHERE run_id = '" + poisoned + "' AND node_id = 'b'",
          "UPDATE runs SET version = version + 1 WHERE run_id = '" + poisoned + "'");

      // before the engine meets the row, and after: failed, with the reason
      String reason = "run cannot be decoded: nodes row 'b': unknown status 'bogus'";
      assertThat(api.run(poisoned).path("status").asString()).isEqualTo("failure");
      assertThat(api.run(poisoned).path("error").asString()).isEqualTo(reason);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  api.scrape().contains("dag_engine_errors_total{kind=\"undecodable_node\"} 1.0"));
      JsonNode failed = api.run(poisoned);
      assertThat(failed.path("status").asString()).isEqualTo("failure");
      assertThat(failed.path("error").asString()).isEqualTo(reason);
      assertThat(node(failed, "b").path("status").asString()).isEqualTo("cancelled");
      HttpResponse<String> events = api.get("/runs/" + poisoned + "/events");
      assertThat(events.statusCode()).isEqualTo(200);
      assertThat(events.body()).contains("run.failed").contains("unknown status 'bogus'");
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> api.run(healthy).path("status").asString().equals("success"));
    }
  }

  @Test
  void aFinishedRunWithBadParamsShowsFailedInListsAndItsOwnPageIsAProblem() {
    try (ServerFixture api = ServerFixture.on(postgres(), e -> {}, s -> {})) {
      String wf = api.register(ServerFixture.NOOP_FLOW);
      String good = api.submit(wf, "{}");
      String bad = api.submit(wf, "{}");
      for (String id : new String[] {good, bad}) {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> api.run(id).path("status").asString().equals("success"));
      }
      TestStores.execute(
          api.store, "UPDATE runs SET params = " + badParams() + " WHERE run_id = '" + bad + "'");

      HttpResponse<String> list = api.get("/runs");
      assertThat(list.statusCode()).isEqualTo(200);
      JsonNode items = ServerFixture.json(list).path("items");
      assertThat(items).hasSize(2);
      for (JsonNode r : items) {
        boolean isBad = r.path("run_id").asString().equals(bad);
        assertThat(r.path("status").asString()).isEqualTo(isBad ? "failure" : "success");
        if (isBad) {
          assertThat(r.path("error").asString()).startsWith("run cannot be decoded: runs row:");
        }
      }
      HttpResponse<String> one = api.get("/runs/" + bad);
      assertThat(one.statusCode()).isEqualTo(500);
      assertThat(ServerFixture.json(one).path("title").asString())
          .isEqualTo("Run Cannot Be Decoded");
      assertThat(one.body()).doesNotContain("Exception").doesNotContain("at dev.dagflow");
      assertThat(api.get("/events").statusCode()).isEqualTo(200);
      assertThat(api.get("/runs/" + bad + "/events").statusCode()).isEqualTo(200);
    }
  }

  private static JsonNode node(JsonNode run, String id) {
    for (JsonNode n : run.path("nodes")) {
      if (n.path("node_id").asString().equals(id) || n.path("id").asString().equals(id)) {
        return n;
      }
    }
    return run.path("missing");
  }
}
