package dev.dagflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagflow apply|submit|runs|get|cancel|approve|reject} against a live server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private LiveServer server;

  @BeforeAll
  void startServer() throws IOException {
    server = LiveServer.start(dir.resolve("server"));
    write(
        "hello.yaml",
        """
        id: hello
        params:
          who: {type: string, required: true}
        nodes:
          - {id: greet, type: mock, config: {output: {greeting: hi}, quality_score: 0.9}}
          - {id: after, type: noop, depends_on: [greet]}
        """);
    write("slow.yaml", "id: slow\nnodes:\n  - {id: wait, type: mock, config: {duration: 20s}}\n");
    write(
        "fails.yaml", "id: fails\nnodes:\n  - {id: boom, type: mock, config: {fail: disk full}}\n");
    write(
        "gated.yaml",
        "id: gated\nnodes:\n  - {id: ok, type: approval}\n"
            + "  - {id: after, type: noop, depends_on: [ok]}\n");
    LiveServer.Result applied =
        server.dagflow(
            "apply", path("hello.yaml"), path("slow.yaml"), path("fails.yaml"), path("gated.yaml"));
    assertThat(applied.exit()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("hello", "version 1", "gated");
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  void submitWaitFollowsTheRunLiveAndExitsZeroOnSuccess() {
    LiveServer.Result r = server.dagflow("submit", "hello", "--param", "who=ada", "--wait");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("node.started greet", "node.succeeded greet", "node.succeeded after")
        .contains("run.succeeded");
    assertThat(r.out()).contains("hello success").contains("greet").contains("quality=0.9");
  }

  @Test
  void submitWaitExitsOneWhenTheRunFails() throws IOException {
    LiveServer.Result r = server.dagflow("submit", "fails", "--wait", "--json");

    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    JsonNode run = JSON.readTree(r.out());
    assertThat(run.path("status").asText()).isEqualTo("failure");
    assertThat(run.path("nodes").get(0).path("error").asText()).contains("disk full");
  }

  @Test
  void submitPrintsTheRunIdAndAnIdempotencyKeyReturnsTheSameRun() {
    LiveServer.Result first =
        server.dagflow("submit", "hello", "--param", "who=ada", "--idempotency-key", "k-1");
    LiveServer.Result again =
        server.dagflow("submit", "hello", "--param", "who=ada", "--idempotency-key", "k-1");

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out().strip()).matches("[0-9a-f-]{36}");
    assertThat(again.out()).isEqualTo(first.out());
  }

  @Test
  void aMissingRequiredParamIsA422ThatNamesTheParamAndExitsTwo() {
    LiveServer.Result r = server.dagflow("submit", "hello");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .startsWith("error: Unprocessable Content: ")
        .contains("who")
        .doesNotContain("Exception");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void anUnknownWorkflowExitsTwoWithTheProblem() {
    LiveServer.Result r = server.dagflow("submit", "nope");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: Not Found: workflow not found: nope");
  }

  @Test
  void applyPrintsLocatedProblemsAndExitsTwoForARefusedFile() throws IOException {
    write("broken.yaml", "id: broken\nnodes:\n  - {id: x, type: noop, depends_on: [ghost]}\n");

    LiveServer.Result r = server.dagflow("apply", path("broken.yaml"), path("hello.yaml"));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(path("broken.yaml") + ":3:").contains("ghost");
    assertThat(r.out()).contains("hello").doesNotContain("broken");
  }

  @Test
  void runsGetAndCancelWorkOnARunningRun() throws IOException {
    String runId = server.dagflow("submit", "slow").out().strip();

    LiveServer.Result listed = server.dagflow("runs", "--workflow", "slow", "--json");
    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(JSON.readTree(listed.out()).path("items").get(0).path("run_id").asText())
        .isEqualTo(runId);
    assertThat(server.dagflow("runs", "--workflow", "slow").out())
        .startsWith("RUN_ID")
        .contains(runId);

    LiveServer.Result cancelled = server.dagflow("cancel", runId);
    assertThat(cancelled.exit()).as(cancelled.err()).isZero();
    assertThat(cancelled.out()).contains(runId + " cancelled");

    LiveServer.Result got = server.dagflow("get", runId, "--json");
    assertThat(JSON.readTree(got.out()).path("status").asText()).isEqualTo("cancelled");
    LiveServer.Result again = server.dagflow("cancel", runId);
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).startsWith("error: Conflict");
  }

  @Test
  void getOfAnUnknownOrMalformedRunExitsTwo() {
    assertThat(server.dagflow("get", "00000000-0000-0000-0000-000000000000").err())
        .startsWith("error: Not Found");
    LiveServer.Result malformed = server.dagflow("get", "not-a-uuid");
    assertThat(malformed.exit()).isEqualTo(2);
    assertThat(malformed.err().strip()).isEqualTo("error: Not Found: run not found: not-a-uuid");
  }

  @Test
  void approveLetsAGatedRunFinishAndRejectFailsIt() {
    String approved = server.dagflow("submit", "gated").out().strip();
    String rejected = server.dagflow("submit", "gated").out().strip();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.dagflow("approve", approved, "ok", "--comment", "fine").exit() == 0);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.dagflow("reject", rejected, "ok").exit() == 0);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(server.dagflow("get", approved).out()).contains("gated success");
              assertThat(server.dagflow("get", rejected).out()).contains("gated failure");
            });
  }

  @Test
  void anUnreachableServerExitsThree() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }

    LiveServer.Result r = LiveServer.run("runs", "--server", "http://127.0.0.1:" + closedPort);

    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err().strip())
        .isEqualTo("error: cannot reach http://127.0.0.1:" + closedPort + ": connection refused");
  }

  @Test
  void aBadServerUrlExitsTwo() {
    LiveServer.Result r = LiveServer.run("runs", "--server", "localhost:8003");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("http://");
  }

  @Test
  void submitWaitResumesAfterTheServerRestartsMidRun() throws IOException {
    write(
        "steps.yaml",
        "id: steps\nnodes:\n  - {id: one, type: mock, config: {duration: 2s}}\n"
            + "  - {id: two, type: mock, config: {duration: 1s}, depends_on: [one]}\n");
    assertThat(server.dagflow("apply", path("steps.yaml")).exit()).isZero();

    CompletableFuture<LiveServer.Result> waiting =
        CompletableFuture.supplyAsync(() -> server.dagflow("submit", "steps", "--wait"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                server
                    .dagflow("runs", "--workflow", "steps", "--status", "running")
                    .out()
                    .contains("steps v1"));
    server.restart(() -> {});
    LiveServer.Result r = waiting.orTimeout(120, java.util.concurrent.TimeUnit.SECONDS).join();

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("connection lost; reconnecting");
    assertThat(r.err().lines().filter(l -> l.endsWith(" node.started two"))).hasSize(1);
    assertThat(r.err().lines().filter(l -> l.contains(" run.succeeded"))).hasSize(1);
    assertThat(r.out()).contains("steps success");
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content);
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }
}
