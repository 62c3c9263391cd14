package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WorkflowApiTest {
  private static ServerFixture api;

  @BeforeAll
  static void start() {
    api = ServerFixture.h2();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void registersYamlWith201VersionAndLocation() {
    HttpResponse<String> r =
        api.post("/workflows", "id: reg_yaml\nnodes:\n  - {id: a, type: noop}\n");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).contains("/workflows/reg_yaml");
    JsonNode body = ServerFixture.json(r);
    assertThat(body.path("id").asString()).isEqualTo("reg_yaml");
    assertThat(body.path("version").asInt()).isEqualTo(1);
  }

  @Test
  void registersJsonAndBumpsTheVersionWhenTheSourceChanges() {
    String v1 = "{\"id\":\"reg_json\",\"nodes\":[{\"id\":\"a\",\"type\":\"noop\"}]}";
    String v2 = "{\"id\":\"reg_json\",\"nodes\":[{\"id\":\"b\",\"type\":\"noop\"}]}";

    api.post("/workflows", v1, "Content-Type", "application/json");
    HttpResponse<String> same = api.post("/workflows", v1, "Content-Type", "application/json");
    HttpResponse<String> changed = api.post("/workflows", v2, "Content-Type", "application/json");

    assertThat(ServerFixture.json(same).path("version").asInt()).isEqualTo(1);
    assertThat(ServerFixture.json(changed).path("version").asInt()).isEqualTo(2);
  }

  @Test
  void aWorkflowCarriesItsSloBlockAndOnlyWhenItHasOne() {
    api.register(
        """
        id: with_slo
        slo:
          period: 28d
          objectives:
            - {name: ok, type: success_ratio, target: 99.5}
            - {name: fast, type: duration, threshold: 300s, target: 95}
        nodes:
          - {id: a, type: noop}
        """);
    api.register("id: without_slo\nnodes:\n  - {id: a, type: noop}\n");

    JsonNode slo = ServerFixture.json(api.get("/workflows/with_slo")).path("slo");
    assertThat(slo.path("period").asString()).isEqualTo("28d");
    assertThat(slo.path("min_runs").asInt()).isEqualTo(5);
    assertThat(slo.path("objectives").get(0).path("type").asString()).isEqualTo("success_ratio");
    assertThat(slo.path("objectives").get(0).path("target").asDouble()).isEqualTo(99.5);
    assertThat(slo.path("objectives").get(1).path("threshold_seconds").asLong()).isEqualTo(300);
    assertThat(ServerFixture.json(api.get("/workflows/without_slo")).has("slo")).isFalse();
  }

  @Test
  void invalidDefinitionIs422ProblemWithEveryError() {
    HttpResponse<String> r =
        api.post(
            "/workflows",
            "id: Bad Id\nnodes:\n  - {id: a, type: noop, depends_on: [missing]}\n  - {id: a, type: noop}\n",
            "Content-Type",
            "application/yaml");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = ServerFixture.json(r);
    assertThat(problem.path("status").asInt()).isEqualTo(422);
    assertThat(problem.path("title").asString()).isEqualTo("Unprocessable Content");
    assertThat(problem.path("instance").asString()).isEqualTo("/workflows");
    assertThat(problem.path("errors").size()).isGreaterThanOrEqualTo(3);
    assertThat(problem.path("errors").get(0).asString()).matches("workflow\\.yaml:\\d+:\\d+: .*");
  }

  @Test
  void shellWorkflowIsRefusedWithoutAllowShell() {
    HttpResponse<String> r =
        api.post(
            "/workflows",
            "id: sneaky\nnodes:\n  - id: run\n    type: shell\n    config: {command: [echo, hi]}\n");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(ServerFixture.json(r).path("detail").asString()).contains("--allow-shell");
    assertThat(api.get("/workflows/sneaky").statusCode()).isEqualTo(404);
  }

  @Test
  void listsWorkflowsInPagesWithCursor() {
    for (String id : new String[] {"page_a", "page_b", "page_c"}) {
      api.register("id: " + id + "\nnodes:\n  - {id: a, type: noop}\n");
    }

    JsonNode first = ServerFixture.json(api.get("/workflows?limit=2"));
    JsonNode rest =
        ServerFixture.json(
            api.get("/workflows?limit=500&cursor=" + first.path("next_cursor").asString()));

    assertThat(first.path("items").size()).isEqualTo(2);
    assertThat(first.path("next_cursor").isNull()).isFalse();
    assertThat(rest.path("next_cursor").isNull()).isTrue();
    assertThat(first.path("items").get(0).has("id")).isTrue();
  }

  @Test
  void readsAWorkflowWithItsNodesAndSource() {
    api.register(
        "id: readable\ndescription: d\nnodes:\n  - {id: a, type: noop}\n  - {id: b, type: noop, depends_on: [a]}\n");

    JsonNode wf = ServerFixture.json(api.get("/workflows/readable"));

    assertThat(wf.path("description").asString()).isEqualTo("d");
    assertThat(wf.path("nodes").get(1).path("depends_on").get(0).asString()).isEqualTo("a");
    assertThat(wf.path("source").asString()).contains("id: readable");
  }

  @Test
  void deleteRemovesTheWorkflowAndASecondDeleteIs404() {
    api.register("id: doomed\nnodes:\n  - {id: a, type: noop}\n");

    assertThat(api.delete("/workflows/doomed").statusCode()).isEqualTo(204);
    assertThat(api.get("/workflows/doomed").statusCode()).isEqualTo(404);
    assertThat(api.delete("/workflows/doomed").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownWorkflowIs404Problem() {
    HttpResponse<String> r = api.get("/workflows/nope");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(ServerFixture.json(r).path("detail").asString()).contains("nope");
  }

  @Test
  void unknownPathIs404Problem() {
    HttpResponse<String> r = api.get("/no/such/path");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
  }
}
