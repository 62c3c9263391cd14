package dev.dagflow.engine.runtime;

import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An engine with test timings on a store, and the shortcuts tests share. */
final class EngineHarness implements AutoCloseable {
  final Store store;
  final DurableEngine engine;
  final List<EventRecord> events = new CopyOnWriteArrayList<>();

  EngineHarness(Store store, Path workDir, Consumer<DurableEngineBuilder> custom) {
    this.store = store;
    DurableEngineBuilder b =
        DurableEngine.builder()
            .store(store)
            .instanceId("test-" + UUID.randomUUID().toString().substring(0, 6))
            .leaseDuration(Duration.ofSeconds(30))
            .heartbeatInterval(Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(20))
            .allowShell(true)
            .retryJitter(Jitter.NONE)
            .workDir(workDir)
            .listener((e, run, node) -> events.add(e));
    custom.accept(b);
    engine = b.build();
    engine.start();
  }

  EngineHarness(Store store, Path workDir) {
    this(store, workDir, b -> {});
  }

  /** Registers the YAML, submits it with {@code params}, waits for the end. */
  RunRecord run(String yaml, Map<String, Object> params) {
    RunRecord run = submit(yaml, params);
    return await(run.runId());
  }

  RunRecord submit(String yaml, Map<String, Object> params) {
    String id = engine.register(yaml, "test.yaml").id();
    return engine.submit(id, json(params), null);
  }

  RunRecord await(UUID runId) {
    RunRecord done = engine.awaitTerminal(runId, Duration.ofSeconds(30));
    if (!done.status().isTerminal()) {
      throw new AssertionError("run " + runId + " did not end: " + done + " " + nodes(runId));
    }
    return done;
  }

  Map<String, NodeRecord> nodes(UUID runId) {
    return store.read(tx -> tx.findNodes(runId)).stream()
        .collect(Collectors.toMap(NodeRecord::nodeId, n -> n));
  }

  List<EventRecord> eventsOf(UUID runId) {
    return store.read(tx -> tx.listEvents(runId, 0, 10_000));
  }

  static JsonNode json(Object value) {
    return JsonMapper.shared().valueToTree(value == null ? Map.of() : value);
  }

  @Override
  public void close() {
    engine.shutdown(Duration.ofSeconds(5));
  }
}
