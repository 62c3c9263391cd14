package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A child run as the API shows it: {@code trigger} and {@code parent} name its parent node. */
class SubWorkflowApiTest {

  @Test
  void aChildRunNamesItsParentRunAndNode() {
    try (ServerFixture api = ServerFixture.h2()) {
      api.register("id: kid\nnodes:\n  - {id: a, type: mock, config: {output: {n: 1}}}\n");
      api.register("id: mom\nnodes:\n  - {id: call, type: workflow, config: {workflow_id: kid}}\n");

      HttpResponse<String> r = api.post("/workflow/mom/execute?timeout=20s", "{}");
      JsonNode parent = ServerFixture.json(r);
      assertThat(parent.path("status").asString()).isEqualTo("success");
      JsonNode call = parent.path("nodes").get(0);
      assertThat(call.path("output").path("outputs").path("a").path("n").asInt()).isEqualTo(1);

      JsonNode child = api.run(call.path("output").path("run_id").asString());
      assertThat(child.path("trigger").path("type").asString()).isEqualTo("parent");
      assertThat(child.path("parent").path("run_id").asString())
          .isEqualTo(parent.path("run_id").asString());
      assertThat(child.path("parent").path("node_id").asString()).isEqualTo("call");
    }
  }

  @Test
  void registeringACycleIs422NamingTheCycleAndWhere() {
    try (ServerFixture api = ServerFixture.h2()) {
      api.register("id: one\nnodes:\n  - {id: c, type: workflow, config: {workflow_id: two}}\n");
      HttpResponse<String> r =
          api.post(
              "/workflows",
              "id: two\nnodes:\n  - {id: c, type: workflow, config: {workflow_id: one}}\n",
              "Content-Type",
              "application/yaml");
      assertThat(r.statusCode()).isEqualTo(422);
      assertThat(r.body())
          .contains("3:51: node c: sub-workflow references form a cycle: two -> one -> two");
    }
  }
}
