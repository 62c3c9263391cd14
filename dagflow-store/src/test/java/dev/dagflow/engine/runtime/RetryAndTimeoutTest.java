package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAndTimeoutTest extends H2EngineTest {

  @Test
  void retriesWithFixedBackoffUntilSuccess() {
    engine();
    RunRecord run =
        h.run(
            """
            id: flaky
            nodes:
              - id: a
                type: mock
                retry: {max_attempts: 3, backoff: fixed, delay: 200ms}
                config: {fail_attempts: 2, output: {ok: true}}
            """,
            Map.of());
    assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(h.nodes(run.runId()).get("a").attempts()).isEqualTo(3);
    List<EventRecord> events = h.eventsOf(run.runId());
    List<EventRecord> retrying = of(events, EventType.NODE_RETRYING);
    List<EventRecord> started = of(events, EventType.NODE_STARTED);
    assertThat(retrying).hasSize(2);
    assertThat(started).hasSize(3);
    for (int i = 0; i < 2; i++) {
      Duration gap = Duration.between(retrying.get(i).at(), started.get(i + 1).at());
      assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(200));
      assertThat(retrying.get(i).data().get("next_attempt_at").asString()).isNotBlank();
      assertThat(retrying.get(i).data().get("retry_count").asInt()).isEqualTo(i);
    }
  }

  @Test
  void exponentialBackoffDoublesTheDelay() {
    engine();
    RunRecord run =
        h.run(
            """
            id: exp
            nodes:
              - id: a
                type: mock
                retry: {max_attempts: 3, backoff: exponential, delay: 100ms, max_delay: 10s}
                config: {fail_attempts: 2}
            """,
            Map.of());
    List<EventRecord> events = h.eventsOf(run.runId());
    List<EventRecord> retrying = of(events, EventType.NODE_RETRYING);
    List<EventRecord> started = of(events, EventType.NODE_STARTED);
    assertThat(Duration.between(retrying.get(1).at(), started.get(2).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void failsWhenTheRetryBudgetIsSpent() {
    engine();
    RunRecord run =
        h.run(
            """
            id: hopeless
            nodes:
              - id: a
                type: mock
                retry: {max_attempts: 2, delay: 10ms}
                config: {fail: boom}
            """,
            Map.of());
    assertThat(run.status()).isEqualTo(RunStatus.FAILURE);
    NodeRecord a = h.nodes(run.runId()).get("a");
    assertThat(a.status()).isEqualTo(NodeStatus.FAILURE);
    assertThat(a.attempts()).isEqualTo(2);
    assertThat(a.error()).isEqualTo("boom");
    assertThat(run.error()).contains("node a failed: boom");
  }

  @Test
  void nodeTimeoutKillsTheWholeShellProcessTree() throws Exception {
    engine();
    RunRecord run =
        h.run(
            """
            id: slow
            nodes:
              - id: a
                type: shell
                timeout: 1s
                config:
                  command: 'sleep 30 & echo $! > bg.pid; echo $$ > sh.pid; sleep 30; echo done'
            """,
            Map.of());
    assertThat(run.status()).isEqualTo(RunStatus.FAILURE);
    NodeRecord a = h.nodes(run.runId()).get("a");
    assertThat(a.error()).isEqualTo("timed out after 1s");
    var dir = work.resolve(run.runId().toString()).resolve("a");
    for (String file : List.of("bg.pid", "sh.pid")) {
      long pid = Long.parseLong(Files.readString(dir.resolve(file)).trim());
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
  }

  @Test
  void runTimeoutFailsTheRunAndCancelsItsNodes() {
    engine();
    RunRecord run =
        h.run(
            """
            id: overdue
            timeout: 1s
            nodes:
              - {id: a, type: mock, config: {duration: 30s}}
            """,
            Map.of());
    assertThat(run.status()).isEqualTo(RunStatus.FAILURE);
    assertThat(run.error()).isEqualTo("run timed out after 1s");
    assertThat(h.nodes(run.runId()).get("a").status()).isEqualTo(NodeStatus.CANCELLED);
  }

  static List<EventRecord> of(List<EventRecord> events, EventType type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }
}
