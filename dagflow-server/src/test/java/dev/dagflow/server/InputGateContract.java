package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The input gate of every body (docs/api.md, "Input rules"): text no store keeps unchanged is
 * refused with a 4xx naming where it is, and the same on H2 and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InputGateContract {
  private ServerFixture api;

  abstract ServerFixture start();

  @BeforeAll
  void startServer() {
    api = start();
    api.register("id: w2\nparams:\n  who: {type: string}\nnodes:\n  - {id: only, type: noop}\n");
    api.register("id: gate\nnodes:\n  - {id: ok, type: approval}\n");
  }

  @AfterAll
  void stopServer() {
    api.close();
  }

  @Test
  void anEscapedNulInAParamIs422NamingItsPointerAndStoresNothing() {
    HttpResponse<String> r = api.post("/workflows/w2/runs", "{\"who\":\"a\\u0000b\"}");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(errors(r)).containsExactly("/who: holds a NUL character (U+0000) at index 1");
    assertThat(ServerFixture.json(api.get("/runs?workflow_id=w2")).path("items").size()).isZero();
  }

  @Test
  void aLoneSurrogateInAParamIs422NotSilentlyReplaced() {
    HttpResponse<String> r = api.post("/workflows/w2/runs", "{\"who\":\"lone \\ud800 surrogate\"}");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(errors(r)).containsExactly("/who: holds a lone surrogate (U+D800) at index 5");
  }

  @Test
  void aBadKeyIsNamedByItsParentPointer() {
    HttpResponse<String> r = api.post("/workflows/w2/runs", "{\"who\":{\"x\\u0000\":1}}");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(errors(r)).containsExactly("/who: a key holds a NUL character (U+0000) at index 1");
  }

  @Test
  void latin1BytesInAParamAre400WithLineAndColumn() {
    byte[] body = "{\"who\":\n \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

    HttpResponse<String> r = postBytes("/workflows/w2/runs", body, "application/json");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errors(r)).containsExactly("body:2:6: invalid UTF-8: byte 0xE9 at offset 13");
  }

  @Test
  void aBodyDeclaredInAnotherCharsetIs400NotDecodedDifferently() {
    byte[] body = "{\"who\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> r =
        postBytes("/workflows/w2/runs", body, "application/json; charset=ISO-8859-1");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errors(r)).containsExactly("body: charset iso-8859-1 is not supported; send UTF-8");
  }

  @Test
  void aRawNulInAYamlDefinitionIs400WithLineAndColumn() {
    HttpResponse<String> r =
        api.post(
            "/workflows",
            "id: raw\nnodes:\n  - {id: a\u0000, type: noop}\n",
            "Content-Type",
            "application/yaml");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errors(r)).containsExactly("body:3:11: a raw NUL character (U+0000)");
  }

  @Test
  void latin1BytesInADefinitionDescriptionAre400() {
    byte[] body =
        "id: latin\ndescription: caf\u00e9\nnodes:\n  - {id: a, type: noop}\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    HttpResponse<String> r = postBytes("/workflows", body, "application/yaml");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errors(r)).containsExactly("body:2:17: invalid UTF-8: byte 0xE9 at offset 26");
    assertThat(api.get("/workflows/latin").statusCode()).isEqualTo(404);
  }

  @Test
  void anEscapedNulInAJsonDefinitionIs422AtItsLineAndColumn() {
    String definition =
        "{\"id\": \"jnul\",\n \"description\": \"a\\u0000b\",\n"
            + " \"nodes\": [{\"id\": \"a\", \"type\": \"noop\"}]}";

    HttpResponse<String> r = api.post("/workflows", definition, "Content-Type", "application/json");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(errors(r))
        .containsExactly(
            "workflow.json:2:17: text holds a NUL character (U+0000) at index 1"
                + " (no store keeps it unchanged)");
    assertThat(api.get("/workflows/jnul").statusCode()).isEqualTo(404);
  }

  @Test
  void escapedNulAndLoneSurrogatesInYamlKeysAndValuesAre422() {
    String definition =
        "id: ynul\nnodes:\n  - id: a\n    type: mock\n    config:\n"
            + "      output: {\"k\\0\": \"\\ud800\"}\n";

    HttpResponse<String> r = api.post("/workflows", definition, "Content-Type", "application/yaml");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(errors(r))
        .containsExactlyInAnyOrder(
            "workflow.yaml:6:16: text holds a NUL character (U+0000) at index 1"
                + " (no store keeps it unchanged)",
            "workflow.yaml:6:23: text holds a lone surrogate (U+D800) at index 0"
                + " (no store keeps it unchanged)");
  }

  @Test
  void anApprovalCommentWithAnEscapedNulIs422AndTheNodeKeepsWaiting() {
    String runId = api.submit("gate", "{}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> nodeOf(api.run(runId), "ok").path("status").asString().equals("waiting"));

    HttpResponse<String> approve =
        api.post(
            "/runs/" + runId + "/nodes/ok/approve", "{\"by\":\"ada\",\"comment\":\"x\\u0000\"}");
    HttpResponse<String> reject =
        api.post("/runs/" + runId + "/nodes/ok/reject", "{\"by\":\"\\udc00\"}");

    assertThat(approve.statusCode()).isEqualTo(422);
    assertThat(errors(approve))
        .containsExactly("/comment: holds a NUL character (U+0000) at index 1");
    assertThat(reject.statusCode()).isEqualTo(422);
    assertThat(errors(reject)).containsExactly("/by: holds a lone surrogate (U+DC00) at index 0");
    assertThat(nodeOf(api.run(runId), "ok").path("status").asString()).isEqualTo("waiting");
  }

  @Test
  void wellFormedUnicodeIsStoredUnchanged() {
    String who = "café – 日本 😀 \u0001";

    String runId =
        api.submit("w2", ServerFixture.JSON.writeValueAsString(java.util.Map.of("who", who)));

    assertThat(api.run(runId).path("params").path("who").asString()).isEqualTo(who);
  }

  private HttpResponse<String> postBytes(String path, byte[] body, String contentType) {
    return api.send(
        api.request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static java.util.List<String> errors(HttpResponse<String> r) {
    JsonNode problem = ServerFixture.json(r);
    assertThat(problem.path("request_id").asString()).isNotBlank();
    return problem.path("errors").valueStream().map(JsonNode::asString).toList();
  }

  static JsonNode nodeOf(JsonNode run, String nodeId) {
    for (JsonNode n : run.path("nodes")) {
      if (n.path("id").asString().equals(nodeId)) {
        return n;
      }
    }
    throw new AssertionError("no node " + nodeId + " in " + run);
  }
}
