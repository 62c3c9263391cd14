package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SloRulesApiTest {
  private ServerFixture api;

  @BeforeEach
  void start() {
    api = ServerFixture.h2();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void servesTheRulesOfTheRegisteredWorkflowsLatestVersions() {
    register("checkout", "99");
    register("checkout", "99.9");
    api.post("/workflows", "id: plain\nnodes: [{id: a, type: noop}]\n");

    HttpResponse<String> r = api.get("/slo/rules");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/yaml"));
    assertThat(r.body())
        .contains("- name: dagflow-slo-checkout", "expr: vector(0.999)")
        .doesNotContain("vector(0.99)\n", "dagflow-slo-plain");
  }

  @Test
  void deletedWorkflowsLeaveTheRules() {
    register("checkout", "99");
    assertThat(api.delete("/workflows/checkout").statusCode()).isEqualTo(204);

    assertThat(api.get("/slo/rules").body()).contains("groups: []");
  }

  @Test
  void kubernetesFormatAndAnUnknownFormat() {
    register("checkout", "99");

    assertThat(api.get("/slo/rules?format=kubernetes").body())
        .contains("kind: PrometheusRule", "- name: dagflow-slo-checkout");
    HttpResponse<String> bad = api.get("/slo/rules?format=json");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(ServerFixture.json(bad).path("detail").asString())
        .contains("'format' must be prometheus or kubernetes");
  }

  @Test
  void aThresholdOffTheBucketsIsRefusedAtRegistrationNamingTheBuckets() {
    HttpResponse<String> r =
        api.post(
            "/workflows",
            """
            id: checkout
            slo:
              objectives: [{name: fast, type: duration, threshold: 45s, target: 95}]
            nodes: [{id: a, type: noop}]
            """,
            "Content-Type",
            "application/yaml");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("threshold 45s is not a bucket", "30s, 60s, 120s");
  }

  private void register(String id, String target) {
    HttpResponse<String> r =
        api.post(
            "/workflows",
            "id: "
                + id
                + "\nslo:\n  objectives: [{name: ok, type: success_ratio, target: "
                + target
                + "}]\nnodes: [{id: a, type: noop}]\n");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }
}
