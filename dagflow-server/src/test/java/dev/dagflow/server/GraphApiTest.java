package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphApiTest {
  private static final String V1 =
      """
      id: fan
      nodes:
        - {id: a, type: noop}
        - {id: b, type: noop, depends_on: [a]}
      """;
  private static final String V2 = V1 + "  - {id: c, type: noop, depends_on: [a, b]}\n";

  private ServerFixture api;

  @BeforeAll
  void start() {
    api = ServerFixture.h2();
    api.register(V1);
    api.register(V2);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void theLatestVersionComesWithPositionsForEveryNodeAndEdge() {
    JsonNode graph = ServerFixture.json(api.get("/workflows/fan/graph"));

    assertThat(graph.path("version").asInt()).isEqualTo(2);
    assertThat(graph.path("nodes").valueStream().map(n -> n.path("id").asString()))
        .containsExactly("a", "b", "c");
    JsonNode a = graph.path("nodes").get(0);
    JsonNode c = graph.path("nodes").get(2);
    assertThat(c.path("x").asDouble()).isGreaterThan(a.path("x").asDouble());
    assertThat(a.path("width").asDouble()).isPositive();
    assertThat(
            graph
                .path("edges")
                .valueStream()
                .map(e -> e.path("from").asString() + ">" + e.path("to").asString()))
        .containsExactlyInAnyOrder("a>b", "a>c", "b>c");
    assertThat(graph.path("edges").get(0).path("points").size()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void anOlderVersionIsLaidOutAsItWasRegistered() {
    HttpResponse<String> r = api.get("/workflows/fan/graph?version=1");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(ServerFixture.json(r).path("nodes").size()).isEqualTo(2);
    assertThat(r.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).contains("max-age"));
  }

  @Test
  void unknownWorkflowsAndVersionsAre404AndBadVersions400() {
    HttpResponse<String> unknownVersion = api.get("/workflows/fan/graph?version=9");
    HttpResponse<String> badVersion = api.get("/workflows/fan/graph?version=two");

    assertThat(api.get("/workflows/nope/graph").statusCode()).isEqualTo(404);
    assertThat(unknownVersion.statusCode()).isEqualTo(404);
    assertThat(unknownVersion.body()).contains("fan v9");
    assertThat(badVersion.statusCode()).isEqualTo(400);
    assertThat(badVersion.body()).contains("version");
  }

  @Test
  void theUiIsServedAtUiAndTheRootRedirectsThere() {
    HttpResponse<String> root = api.get("/");
    HttpResponse<String> deepLink = api.get("/ui/runs/" + java.util.UUID.randomUUID());

    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location")).hasValue("/ui/");
    assertThat(deepLink.statusCode()).isEqualTo(200);
    assertThat(deepLink.body())
        .contains("importmap")
        .contains("/webjars/preact/")
        .doesNotContain("${");
    assertThat(
            api.get("/webjars/preact/" + preactVersion(deepLink.body()) + "/dist/preact.module.js")
                .statusCode())
        .isEqualTo(200);
  }

  private static String preactVersion(String html) {
    var m = java.util.regex.Pattern.compile("/webjars/preact/([^/]+)/").matcher(html);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
