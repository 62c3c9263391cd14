package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What a reader of {@code GET /runs/{id}} sees of nodes: definition order, a gate-failed node's
 * score, parked approvals as {@code waiting}, and an output no store can hold failing the node at
 * once. Run on H2 and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NodeOutcomeContract {
  private ServerFixture api;

  abstract boolean postgres();

  /** Answers with an output that holds a NUL: a node type no store can hold the result of. */
  static final class PoisonExecutor implements NodeExecutor {
    @Override
    public String type() {
      return "poison";
    }

    @Override
    public NodeResult execute(NodeContext context) {
      return NodeResult.success(JsonNodeFactory.instance.objectNode().put("msg", "a\u0000b"));
    }
  }

  @BeforeAll
  void startServer() {
    api =
        ServerFixture.on(
            postgres(),
            e -> e.executor(new PoisonExecutor()).leaseDuration(Duration.ofSeconds(30)),
            s -> {});
    api.register(
        """
        id: pipeline
        nodes:
          - {id: requirements, type: noop}
          - {id: design, type: noop, depends_on: [requirements]}
          - {id: backend, type: noop, depends_on: [design]}
          - {id: frontend, type: noop, depends_on: [design]}
          - {id: deployment, type: noop, depends_on: [backend, frontend]}
        """);
    api.register(
        """
        id: gated_score
        nodes:
          - id: review
            type: mock
            quality_gate: {min_score: 0.8}
            config: {output: {ok: true}, quality_score: 0.5}
        """);
    api.register("id: parked\nnodes:\n  - {id: sign_off, type: approval}\n");
    api.register(
        """
        id: poisoned
        nodes:
          - id: bad
            type: poison
            retry: {max_attempts: 2, backoff: fixed, delay: 10ms}
          - {id: after, type: noop, depends_on: [bad]}
        """);
  }

  @AfterAll
  void stopServer() {
    api.close();
  }

  @Test
  void nodesAreListedInDefinitionOrder() {
    JsonNode run = ServerFixture.json(api.post("/workflow/pipeline/execute?timeout=20s", "{}"));

    List<String> ids = run.path("nodes").valueStream().map(n -> n.path("id").asString()).toList();
    assertThat(ids).containsExactly("requirements", "design", "backend", "frontend", "deployment");
  }

  @Test
  void aNodeThatFailsItsQualityGateKeepsItsScore() {
    JsonNode run = ServerFixture.json(api.post("/workflow/gated_score/execute?timeout=20s", "{}"));

    JsonNode review = InputGateContract.nodeOf(run, "review");
    assertThat(run.path("status").asString()).isEqualTo("failure");
    assertThat(review.path("status").asString()).isEqualTo("failure");
    assertThat(review.path("quality_score").asDouble()).isEqualTo(0.5);
    assertThat(review.path("error").asString()).contains("below min_score 0.8");
  }

  @Test
  void aParkedApprovalNodeIsWaitingWithANodeWaitingEvent() {
    String runId = api.submit("parked", "{}");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                InputGateContract.nodeOf(api.run(runId), "sign_off")
                    .path("status")
                    .asString()
                    .equals("waiting"));
    List<String> events =
        ServerFixture.json(api.get("/runs/" + runId + "/events"))
            .path("items")
            .valueStream()
            .map(e -> e.path("type").asString() + " " + e.path("node_id").asString(""))
            .toList();

    assertThat(events).containsSubsequence("node.started sign_off", "node.waiting sign_off");
    assertThat(api.post("/runs/" + runId + "/nodes/sign_off/approve", "{}").statusCode())
        .isEqualTo(200);
    assertThat(InputGateContract.nodeOf(api.run(runId), "sign_off").path("status").asString())
        .isEqualTo("success");
  }

  @Test
  void anOutputNoStoreCanHoldFailsTheNodeAtOnceNamingThePath() {
    long start = System.nanoTime();
    JsonNode run = ServerFixture.json(api.post("/workflow/poisoned/execute?timeout=20s", "{}"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    JsonNode bad = InputGateContract.nodeOf(run, "bad");
    assertThat(run.path("status").asString()).isEqualTo("failure");
    assertThat(bad.path("status").asString()).isEqualTo("failure");
    assertThat(bad.path("attempts").asInt()).isEqualTo(2); // the retry policy applied
    assertThat(bad.path("error").asString())
        .isEqualTo(
            "output cannot be stored: output/msg: holds a NUL character (U+0000) at index 1");
    assertThat(InputGateContract.nodeOf(run, "after").path("status").asString())
        .isEqualTo("cancelled"); // the default on_failure stops the run
    assertThat(took).isLessThan(Duration.ofSeconds(30)); // not a 30 s lease expiry
  }
}
