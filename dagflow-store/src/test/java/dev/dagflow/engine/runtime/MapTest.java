package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.model.ItemCounts;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.Page;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code map:} on a real store: one durable item per element, outputs in order, the empty and the
 * too-long list, concurrency, item failure policies, item retries, and a crash mid-map.
 */
abstract class MapTest {
  @TempDir Path work;

  abstract JdbcStore newStore();

  private static String mapped(String map, String config, String extra) {
    return """
        id: mapped
        params:
          files: {type: array, default: [a, b, c]}
        nodes:
          - id: each
            type: mock
            map: %s
            config: %s
        %s
          - id: after
            type: mock
            depends_on: [each]
            config: {output: {seen: "${nodes.each.output}"}}
        """
        .formatted(map, config, extra);
  }

  private static final String NAMED = "{output: {name: \"${item}\", at: \"${index}\"}}";

  @Test
  void mapsOverAParamListWithOutputsInOrder() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      RunRecord run =
          h.run(
              mapped("{over: params.files}", NAMED, ""),
              Map.of("files", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")));
      assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
      NodeRecord each = h.nodes(run.runId()).get("each");
      assertThat(each.output()).hasSize(11);
      for (int i = 0; i < 11; i++) {
        assertThat(each.output().get(i).get("name").asString())
            .isEqualTo("abcdefghijk".substring(i, i + 1));
        assertThat(each.output().get(i).get("at").asLong()).isEqualTo(i);
      }
      assertThat(h.nodes(run.runId()).get("after").output().get("seen")).isEqualTo(each.output());
      assertThat(h.nodes(run.runId())).doesNotContainKey("each[0]"); // items are not nodes
      assertThat(counts(h, run).get("each")).isEqualTo(new ItemCounts(11, 11, 0, 0));
    }
  }

  @Test
  void theItemsPageInIndexOrderWithACursor() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      List<String> files = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        files.add("f" + i);
      }
      RunRecord run = h.run(mapped("{over: '${params.files}'}", NAMED, ""), Map.of("files", files));
      List<String> seen = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        String after = cursor;
        Page<NodeRecord> page = store.read(tx -> tx.mapItems().page(run.runId(), "each", after, 5));
        page.items().forEach(n -> seen.add(n.output().get("name").asString()));
        cursor = page.nextCursor();
        pages++;
      } while (cursor != null);
      assertThat(seen).isEqualTo(files); // f10 and f11 after f9: index order, not text order
      assertThat(pages).isEqualTo(3);
    }
  }

  @Test
  void anEmptyListSkipsTheNode() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      RunRecord run = h.run(mapped("{over: params.files}", NAMED, ""), Map.of("files", List.of()));
      assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(h.nodes(run.runId()).get("each").status()).isEqualTo(NodeStatus.SKIPPED);
      assertThat(h.nodes(run.runId()).get("after").status()).isEqualTo(NodeStatus.SKIPPED);
    }
  }

  @Test
  void aListOverMaxItemsFailsTheNodeNamingTheCount() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      RunRecord run =
          h.run(
              mapped("{over: params.files, max_items: 3}", NAMED, ""),
              Map.of("files", List.of(1, 2, 3, 4, 5)));
      assertThat(run.status()).isEqualTo(RunStatus.FAILURE);
      assertThat(h.nodes(run.runId()).get("each").error())
          .isEqualTo("map: the list has 5 items, over max_items 3");
      assertThat(counts(h, run)).isEmpty();
    }
  }

  @Test
  void noMoreItemsRunAtOnceThanTheConcurrency() {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    NodeExecutor slow =
        executor(
            "slow",
            i -> {
              max.accumulateAndGet(now.incrementAndGet(), Math::max);
              try {
                Thread.sleep(150);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                now.decrementAndGet();
              }
              return NodeResult.success(JsonNodeFactory.instance.objectNode().put("i", i));
            });
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work, b -> b.executor(slow))) {
      RunRecord run =
          h.run(
              mapped("{over: params.files, concurrency: 3}", "{n: \"${index}\"}", "")
                  .replace("type: mock\n    map", "type: slow\n    map"),
              Map.of("files", List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
      assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(max.get()).isEqualTo(3);
      assertThat(h.nodes(run.runId()).get("each").output().get(9).get("i").asInt()).isEqualTo(9);
    }
  }

  @Test
  void failFastCancelsTheOtherItemsAtTheFirstFailure() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      RunRecord run =
          h.run(
              mapped("{over: params.files, concurrency: 1}", "{fail: \"${index == 1}\"}", ""),
              Map.of("files", List.of("a", "b", "c", "d")));
      assertThat(run.status()).isEqualTo(RunStatus.FAILURE);
      assertThat(h.nodes(run.runId()).get("each").error())
          .isEqualTo("item 1 failed: mock node configured to fail");
      List<NodeStatus> items = itemStatuses(h, run);
      assertThat(items)
          .containsExactly(
              NodeStatus.SUCCESS, NodeStatus.FAILURE, NodeStatus.CANCELLED, NodeStatus.CANCELLED);
    }
  }

  @Test
  void continueRunsEveryItemThenFailsTheNode() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      RunRecord run =
          h.run(
              mapped(
                  "{over: params.files, concurrency: 1, on_item_failure: continue}",
                  "{fail: \"${index == 1}\", output: {i: \"${index}\"}}",
                  ""),
              Map.of("files", List.of("a", "b", "c", "d")));
      assertThat(run.status()).isEqualTo(RunStatus.FAILURE);
      assertThat(h.nodes(run.runId()).get("each").error())
          .isEqualTo("1 of 4 items failed; the first, item 1: mock node configured to fail");
      assertThat(itemStatuses(h, run))
          .containsExactly(
              NodeStatus.SUCCESS, NodeStatus.FAILURE, NodeStatus.SUCCESS, NodeStatus.SUCCESS);
      assertThat(h.nodes(run.runId()).get("each").output().get(1).isNull()).isTrue();
      assertThat(h.nodes(run.runId()).get("each").output().get(3).get("i").asInt()).isEqualTo(3);
    }
  }

  @Test
  void anItemThatFailsOnceIsRetriedAlone() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      String yaml =
          mapped(
                  "{over: params.files}",
                  "{fail_attempts: \"${index == 2 ? 1 : 0}\", output: {i: \"${index}\"}}",
                  "")
              .replace("    map:", "    retry: {max_attempts: 2, delay: 10ms}\n    map:");
      RunRecord run = h.run(yaml, Map.of("files", List.of("a", "b", "c")));
      assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
      List<NodeRecord> items = items(h, run);
      assertThat(items).extracting(NodeRecord::attempts).containsExactly(1, 1, 2);
      assertThat(h.nodes(run.runId()).get("each").output().get(2).get("i").asInt()).isEqualTo(2);
    }
  }

  @Test
  void aRetriedRunRunsOnlyTheItemsThatDidNotSucceed() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      String yaml =
          mapped(
              "{over: params.files, on_item_failure: continue}",
              "{fail_attempts: \"${index == 1 ? 1 : 0}\", output: {i: \"${index}\"}}",
              "");
      RunRecord failed = h.run(yaml, Map.of("files", List.of("a", "b", "c")));
      assertThat(failed.status()).isEqualTo(RunStatus.FAILURE);
      List<NodeRecord> before = items(h, failed);

      h.engine.retry(failed.runId());
      RunRecord done = h.await(failed.runId());

      assertThat(done.status()).isEqualTo(RunStatus.SUCCESS);
      List<NodeRecord> after = items(h, done);
      assertThat(after.get(0)).isEqualTo(before.get(0)); // not executed again
      assertThat(after.get(2)).isEqualTo(before.get(2));
      assertThat(after.get(1).attempts()).isEqualTo(2);
      assertThat(h.nodes(done.runId()).get("each").output().get(1).get("i").asInt()).isEqualTo(1);
    }
  }

  @Test
  void eachItemHasItsOwnTimeout() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      String yaml =
          mapped(
                  "{over: params.files, on_item_failure: continue}",
                  "{duration: \"${index == 1 ? '5s' : '10ms'}\"}",
                  "")
              .replace("    map:", "    timeout: 300ms\n    map:");
      RunRecord run = h.run(yaml, Map.of("files", List.of("a", "b", "c")));
      assertThat(run.status()).isEqualTo(RunStatus.FAILURE);
      List<NodeRecord> items = items(h, run);
      assertThat(items)
          .extracting(NodeRecord::status)
          .containsExactly(NodeStatus.SUCCESS, NodeStatus.FAILURE, NodeStatus.SUCCESS);
      assertThat(items.get(1).error()).isEqualTo("timed out after 300ms");
    }
  }

  @Test
  void aCrashMidMapResumesOnlyTheUnfinishedItems() {
    Map<Integer, AtomicInteger> executions = new ConcurrentHashMap<>();
    IntFunction<NodeResult> count =
        i -> {
          executions.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
          return NodeResult.success(JsonNodeFactory.instance.objectNode().put("i", i));
        };
    NodeExecutor hanging =
        executor(
            "work",
            i -> {
              NodeResult r = count.apply(i);
              if (i >= 2) {
                try {
                  Thread.sleep(30_000); // the instance dies before this ends
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return r;
            });
    try (JdbcStore first = newStore();
        JdbcStore second = TestStores.sameDatabase(first)) {
      EngineHarness dying =
          new EngineHarness(
              first,
              work,
              b ->
                  b.executor(hanging)
                      .leaseDuration(Duration.ofSeconds(1))
                      .heartbeatInterval(Duration.ofMillis(200)));
      String yaml =
          mapped("{over: params.files, concurrency: 2}", "{n: \"${index}\"}", "")
              .replace("type: mock\n    map", "type: work\n    map")
              .replace("    map:", "    retry: {max_attempts: 3, delay: 10ms}\n    map:");
      RunRecord run = dying.submit(yaml, Map.of("files", List.of(0, 1, 2, 3, 4, 5)));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> executions.containsKey(2) && executions.containsKey(3));
      dying.engine.halt();
      try (EngineHarness survivor =
          new EngineHarness(second, work, b -> b.executor(executor("work", count)))) {
        RunRecord done = survivor.await(run.runId());
        assertThat(done.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(executions.get(0).get()).isEqualTo(1);
        assertThat(executions.get(1).get()).isEqualTo(1);
        assertThat(executions.get(2).get()).isEqualTo(2);
        assertThat(executions.get(3).get()).isEqualTo(2);
        assertThat(executions.get(4).get()).isEqualTo(1);
        assertThat(executions.get(5).get()).isEqualTo(1);
        assertThat(items(survivor, run))
            .extracting(NodeRecord::attempts)
            .containsExactly(1, 1, 2, 2, 1, 1);
        NodeRecord each = survivor.nodes(run.runId()).get("each");
        for (int i = 0; i < 6; i++) {
          assertThat(each.output().get(i).get("i").asInt()).isEqualTo(i);
        }
      }
    }
  }

  @Test
  void aMappedWorkflowNodeStartsOneChildRunPerItem() {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(store, work)) {
      h.engine.register(
          """
          id: child_flow
          params:
            doc: {type: string, required: true}
          nodes:
            - {id: work, type: mock, config: {output: {got: "${params.doc}"}}}
          """,
          "child.yaml");
      String parent =
          mapped(
                  "{over: params.files}",
                  "{workflow_id: child_flow, params: {doc: \"${item}\"}}",
                  "")
              .replace("type: mock\n    map", "type: workflow\n    map");
      RunRecord run = h.run(parent, Map.of("files", List.of("x", "y", "z")));
      assertThat(run.status()).as(h.nodes(run.runId()).toString()).isEqualTo(RunStatus.SUCCESS);
      var output = h.nodes(run.runId()).get("each").output();
      assertThat(output).hasSize(3);
      java.util.Set<String> children = new java.util.HashSet<>();
      for (int i = 0; i < 3; i++) {
        assertThat(output.get(i).at("/outputs/work/got").asString())
            .isEqualTo("xyz".substring(i, i + 1));
        children.add(output.get(i).get("run_id").asString());
      }
      assertThat(children).hasSize(3);
    }
  }

  /** A node type that runs {@code body} with the item's index from its config key {@code n}. */
  private static NodeExecutor executor(String type, IntFunction<NodeResult> body) {
    return new NodeExecutor() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public NodeResult execute(NodeContext ctx) {
        return body.apply(Integer.parseInt(String.valueOf(ctx.config().get("n"))));
      }
    };
  }

  private static Map<String, ItemCounts> counts(EngineHarness h, RunRecord run) {
    return h.store.read(tx -> tx.mapItems().counts(run.runId()));
  }

  private static List<NodeRecord> items(EngineHarness h, RunRecord run) {
    UUID id = run.runId();
    return h.store.read(tx -> tx.mapItems().page(id, "each", null, 1000)).items();
  }

  private static List<NodeStatus> itemStatuses(EngineHarness h, RunRecord run) {
    return items(h, run).stream().map(NodeRecord::status).toList();
  }
}
