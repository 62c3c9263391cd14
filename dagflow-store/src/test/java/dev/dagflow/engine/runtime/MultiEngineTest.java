package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeResult;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

/** Several engines on one database: exactly-once execution, and resuming an abandoned engine. */
abstract class MultiEngineTest {
  @TempDir Path work;

  abstract JdbcStore newStore();

  /** A 1 → width → 1 workflow of {@code count} nodes. */
  static String wide(String id, int width) {
    StringBuilder yaml =
        new StringBuilder("id: " + id + "\nnodes:\n  - {id: start, type: count}\n");
    List<String> mids = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      yaml.append("  - {id: m").append(i).append(", type: count, depends_on: [start]}\n");
      mids.add("m" + i);
    }
    yaml.append("  - {id: end, type: count, depends_on: [")
        .append(String.join(", ", mids))
        .append("]}\n");
    return yaml.toString();
  }

  /** Counts executions per node; {@code delay} makes an execution take a while. */
  record Counting(Map<NodeKey, AtomicInteger> counts, Supplier<Duration> delay)
      implements NodeExecutor {
    public String type() {
      return "count";
    }

    public NodeResult execute(NodeContext ctx) throws InterruptedException {
      counts
          .computeIfAbsent(new NodeKey(ctx.runId(), ctx.nodeId()), k -> new AtomicInteger())
          .incrementAndGet();
      Duration d = delay.get();
      if (!d.isZero()) {
        Thread.sleep(d);
      }
      return NodeResult.success(JsonNodeFactory.instance.objectNode());
    }
  }

  int runs() {
    return 500;
  }

  @Test
  void twoEnginesExecuteEveryNodeExactlyOnce() {
    Map<NodeKey, AtomicInteger> counts = new ConcurrentHashMap<>();
    try (JdbcStore first = newStore();
        JdbcStore second = TestStores.sameDatabase(first);
        EngineHarness a =
            new EngineHarness(
                first, work, b -> b.executor(new Counting(counts, () -> Duration.ZERO)));
        EngineHarness b =
            new EngineHarness(
                second, work, x -> x.executor(new Counting(counts, () -> Duration.ZERO)))) {
      String id = a.engine.register(wide("wide", 20), "wide.yaml").id();
      List<RunRecord> submitted = new ArrayList<>();
      for (int i = 0; i < runs(); i++) {
        submitted.add((i % 2 == 0 ? a : b).engine.submit(id, EngineHarness.json(Map.of()), null));
      }
      for (RunRecord r : submitted) {
        RunRecord done = a.engine.awaitTerminal(r.runId(), Duration.ofSeconds(60));
        assertThat(done.status()).as(done + " " + a.nodes(r.runId())).isEqualTo(RunStatus.SUCCESS);
      }
      assertThat(counts).hasSize(runs() * 22);
      assertThat(counts.values()).allMatch(c -> c.get() == 1);
    }
  }

  @Test
  void aFreshEngineFinishesTheRunsOfAnAbandonedOne() {
    Map<NodeKey, AtomicInteger> counts = new ConcurrentHashMap<>();
    try (JdbcStore first = newStore();
        JdbcStore second = TestStores.sameDatabase(first)) {
      EngineHarness dying =
          new EngineHarness(
              first,
              work,
              b ->
                  b.executor(new Counting(counts, () -> Duration.ofSeconds(30)))
                      .leaseDuration(Duration.ofSeconds(1))
                      .heartbeatInterval(Duration.ofMillis(200)));
      String yaml =
          wide("resume", 3)
              .replace("type: count}", "type: count, retry: {max_attempts: 3, delay: 10ms}}")
              .replace(
                  "depends_on: [start]}",
                  "depends_on: [start], retry: {max_attempts: 3, delay: 10ms}}");
      String id = dying.engine.register(yaml, "resume.yaml").id();
      List<RunRecord> runs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        runs.add(dying.engine.submit(id, EngineHarness.json(Map.of()), null));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> counts.size() == 5);
      dying.engine.halt();
      try (EngineHarness survivor =
          new EngineHarness(
              second, work, b -> b.executor(new Counting(counts, () -> Duration.ZERO)))) {
        for (RunRecord r : runs) {
          RunRecord done = survivor.engine.awaitTerminal(r.runId(), Duration.ofSeconds(30));
          assertThat(done.status()).isEqualTo(RunStatus.SUCCESS);
          assertThat(survivor.nodes(r.runId()).get("start").attempts()).isEqualTo(2);
          assertThat(survivor.nodes(r.runId()).values())
              .allMatch(n -> n.status() == NodeStatus.SUCCESS);
        }
      }
    }
  }

  @Test
  void gracefulShutdownReleasesRunningNodesWithoutCountingTheAttempt() {
    Map<NodeKey, AtomicInteger> counts = new ConcurrentHashMap<>();
    try (JdbcStore first = newStore();
        JdbcStore second = TestStores.sameDatabase(first)) {
      EngineHarness leaving =
          new EngineHarness(
              first, work, b -> b.executor(new Counting(counts, () -> Duration.ofSeconds(30))));
      String id = leaving.engine.register(wide("release", 2), "release.yaml").id();
      RunRecord run = leaving.engine.submit(id, EngineHarness.json(Map.of()), null);
      await().atMost(Duration.ofSeconds(10)).until(() -> counts.size() == 1);
      leaving.engine.shutdown(Duration.ofMillis(100));
      var start = leaving.nodes(run.runId()).get("start");
      assertThat(start.status()).isEqualTo(NodeStatus.READY);
      assertThat(start.attempts()).isZero();
      assertThat(start.leaseOwner()).isNull();
      try (EngineHarness next =
          new EngineHarness(
              second, work, b -> b.executor(new Counting(counts, () -> Duration.ZERO)))) {
        assertThat(next.await(run.runId()).status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(next.nodes(run.runId()).get("start").attempts()).isEqualTo(1);
      }
    }
  }
}
