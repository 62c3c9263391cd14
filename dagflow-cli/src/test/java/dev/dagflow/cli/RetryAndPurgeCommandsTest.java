package dev.dagflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagflow retry} and {@code dagflow purge} against a live server on a free port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryAndPurgeCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private LiveServer server;

  @BeforeAll
  void startServer() throws IOException {
    server = LiveServer.start(dir.resolve("server"));
    write(
        "fails_once.yaml",
        """
        id: fails_once
        nodes:
          - {id: first, type: mock, config: {output: {kept: true}}}
          - {id: flaky, type: mock, depends_on: [first], config: {fail_attempts: 1}}
        """);
    write("keep.yaml", "id: keep\nnodes:\n  - {id: a, type: noop}\n");
    write("drop.yaml", "id: drop\nnodes:\n  - {id: a, type: noop}\n");
    write("slow.yaml", "id: slow\nnodes:\n  - {id: wait, type: mock, config: {duration: 20s}}\n");
    LiveServer.Result applied =
        server.dagflow(
            "apply",
            path("fails_once.yaml"),
            path("keep.yaml"),
            path("drop.yaml"),
            path("slow.yaml"));
    assertThat(applied.exit()).as(applied.err()).isZero();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  void retryWaitFollowsOnlyTheRetryAndExitsZeroWhenTheRunNowSucceeds() throws IOException {
    LiveServer.Result failed = server.dagflow("submit", "fails_once", "--wait", "--json");
    assertThat(failed.exit()).as(failed.err()).isEqualTo(1);
    String runId = JSON.readTree(failed.out()).path("run_id").asText();

    LiveServer.Result r = server.dagflow("retry", runId, "--wait");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("run.retried", "node.started flaky", "node.succeeded flaky", "run.succeeded")
        .doesNotContain("node.started first")
        .doesNotContain("run.failed");
    assertThat(r.out()).contains("fails_once success");
    JsonNode run = JSON.readTree(server.dagflow("get", runId, "--json").out());
    assertThat(run.path("nodes").findValues("attempts"))
        .extracting(JsonNode::asInt)
        .containsExactly(1, 2);
  }

  @Test
  void retryWithoutWaitPrintsTheQueuedRunAndARetryOfASuccessfulRunExitsTwo() throws IOException {
    LiveServer.Result failed = server.dagflow("submit", "fails_once", "--wait", "--json");
    String runId = JSON.readTree(failed.out()).path("run_id").asText();

    LiveServer.Result queued = server.dagflow("retry", runId, "--json");
    assertThat(queued.exit()).as(queued.err()).isZero();
    assertThat(JSON.readTree(queued.out()).path("status").asText())
        .isIn("queued", "running", "success");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.dagflow("get", runId).out().contains("success"));

    LiveServer.Result again = server.dagflow("retry", runId);

    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err().strip())
        .isEqualTo(
            "error: Conflict: run "
                + runId
                + " is success: only a failed or cancelled run can be retried");
  }

  @Test
  void purgeDeletesOnlyFinishedRunsOlderThanTheAgeOfTheChosenWorkflow() throws IOException {
    List<String> keep = new ArrayList<>();
    List<String> drop = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keep.add(server.dagflow("submit", "keep", "--wait", "--json").out());
      drop.add(server.dagflow("submit", "drop", "--wait", "--json").out());
    }
    String running = server.dagflow("submit", "slow").out().strip();

    // nothing finished an hour ago
    LiveServer.Result none = server.dagflow("purge", "--older-than", "1h");
    assertThat(none.exit()).as(none.err()).isZero();
    assertThat(none.out().strip()).isEqualTo("deleted 0 runs");

    // finished runs are at least 1 ms old by now; a dry run deletes nothing
    LiveServer.Result dry =
        server.dagflow("purge", "--older-than", "1ms", "--workflow", "drop", "--dry-run", "--json");
    assertThat(dry.exit()).as(dry.err()).isZero();
    JsonNode dryOut = JSON.readTree(dry.out());
    assertThat(dryOut.path("dry_run").asBoolean()).isTrue();
    assertThat(dryOut.path("deleted").asInt()).isEqualTo(3);
    assertThat(runIds("drop")).hasSize(3);

    LiveServer.Result purged = server.dagflow("purge", "--older-than", "1ms", "--workflow", "drop");
    assertThat(purged.exit()).as(purged.err()).isZero();
    assertThat(purged.out().strip()).isEqualTo("deleted 3 runs");
    assertThat(runIds("drop")).isEmpty();
    assertThat(runIds("keep")).hasSize(3);

    LiveServer.Result all = server.dagflow("purge", "--older-than", "1ms", "--json");
    assertThat(all.exit()).as(all.err()).isZero();
    assertThat(JSON.readTree(all.out()).path("run_ids").toString())
        .contains(JSON.readTree(keep.getFirst()).path("run_id").asText())
        .doesNotContain(running);
    assertThat(runIds("keep")).isEmpty();
    assertThat(runIds("slow")).containsExactly(running); // running: never a candidate
    server.dagflow("cancel", running);
  }

  @Test
  void aMalformedAgeExitsTwoNamingTheOption() {
    LiveServer.Result r = server.dagflow("purge", "--older-than", "soon");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--older-than 'soon'");
  }

  private List<String> runIds(String workflow) throws IOException {
    JsonNode page = JSON.readTree(server.dagflow("runs", "--workflow", workflow, "--json").out());
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(r -> ids.add(r.path("run_id").asText()));
    return ids;
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content);
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }
}
