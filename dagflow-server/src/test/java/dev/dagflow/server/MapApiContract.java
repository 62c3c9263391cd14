package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A mapped node through the API: its {@code items} counts in the run, and its items paged by {@code
 * GET /runs/{run_id}/nodes/{node_id}/items} (each response checked against openapi.yaml).
 */
abstract class MapApiContract {
  static final String MAPPED =
      """
      id: mapped_api
      params:
        files: {type: array, default: [a, b, c, d, e]}
      nodes:
        - id: each
          type: mock
          map: {over: params.files, concurrency: 2}
          config: {output: {name: "${item}"}}
        - {id: after, type: noop, depends_on: [each]}
      """;

  abstract ServerFixture fixture();

  @Test
  void aMappedNodeShowsItsItemCountsAndPagesItsItems() {
    try (ServerFixture api = fixture()) {
      api.register(MAPPED);
      String runId = api.submit("mapped_api", "{}");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> api.run(runId).path("status").asString().equals("success"));
      JsonNode each = api.run(runId).path("nodes").get(0);
      assertThat(each.path("id").asString()).isEqualTo("each");
      assertThat(each.path("items").toString())
          .isEqualTo("{\"total\":5,\"succeeded\":5,\"failed\":0,\"running\":0}");
      assertThat(api.run(runId).path("nodes").get(1).has("items")).isFalse();

      List<String> names = new ArrayList<>();
      List<Integer> indexes = new ArrayList<>();
      String path = "/runs/" + runId + "/nodes/each/items?limit=2";
      int pages = 0;
      while (path != null) {
        HttpResponse<String> r = api.get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode page = ServerFixture.json(r);
        for (JsonNode item : page.path("items")) {
          names.add(item.path("output").path("name").asString());
          indexes.add(item.path("index").asInt());
          assertThat(item.path("status").asString()).isEqualTo("success");
          assertThat(item.path("attempts").asInt()).isEqualTo(1);
        }
        pages++;
        JsonNode next = page.path("next_cursor");
        path =
            next.isNull()
                ? null
                : "/runs/" + runId + "/nodes/each/items?limit=2&cursor=" + next.asString();
      }
      assertThat(names).containsExactly("a", "b", "c", "d", "e");
      assertThat(indexes).containsExactly(0, 1, 2, 3, 4);
      assertThat(pages).isEqualTo(3);
    }
  }

  @Test
  void itemExecutionsCountUnderTheirNodesLabelsWithNoLabelValuePerItem() {
    try (ServerFixture api = fixture()) {
      api.register(MAPPED);
      String runId = api.submit("mapped_api", "{}");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> api.run(runId).path("status").asString().equals("success"));
      Scrape scrape = Scrape.parse(api.scrape());
      // five items and the mapped node itself
      assertThat(
              scrape.value("dag_node_executions_total", "phase_name", "each", "status", "success"))
          .isEqualTo(6);
      assertThat(scrape.value("dag_node_execution_duration_seconds_count", "phase_name", "each"))
          .isEqualTo(6);
      assertThat(
              scrape.value("dag_node_executions_total", "phase_name", "after", "status", "success"))
          .isEqualTo(1);
      assertThat(scrape.samples())
          .as("no series is labelled with an item id such as each[3]")
          .allSatisfy(s -> assertThat(s.labels().values()).noneMatch(v -> v.contains("[")));
    }
  }

  @Test
  void theItemsRouteRefusesNodesWithoutAMapAndBadCursors() {
    try (ServerFixture api = fixture()) {
      api.register(MAPPED);
      String runId = api.submit("mapped_api", "{}");
      HttpResponse<String> plain = api.get("/runs/" + runId + "/nodes/after/items");
      assertThat(plain.statusCode()).isEqualTo(404);
      assertThat(plain.body()).contains("node after of run " + runId + " has no map");
      assertThat(api.get("/runs/" + runId + "/nodes/nope/items").statusCode()).isEqualTo(404);
      HttpResponse<String> bad = api.get("/runs/" + runId + "/nodes/each/items?cursor=x");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("cursor");
    }
  }
}
