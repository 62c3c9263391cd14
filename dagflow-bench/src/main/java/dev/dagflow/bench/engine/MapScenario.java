package dev.dagflow.bench.engine;

import dev.dagflow.engine.model.ItemCounts;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.runtime.DurableEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of {@code start -> each (a map of N noop items) -> end} on the durable engine over one
 * store, timed from submit to the run's end: the throughput of map items next to the {@code wide}
 * scenario's plain nodes (a {@code 1-N-1} workflow). Not warmed up: one run is the measurement.
 *
 * <pre>{@code
 * String line = MapScenario.run(10_000, db, settings, Duration.ofMinutes(10));
 * }</pre>
 */
final class MapScenario {
  static final String NAME = "map";

  private MapScenario() {}

  static String yaml(int items) {
    return """
        id: bench_map
        params:
          items: {type: array}
        nodes:
          - {id: start, type: noop}
          - id: each
            type: noop
            depends_on: [start]
            map: {over: params.items, max_items: %d}
          - {id: end, type: noop, depends_on: [each]}
        """
        .formatted(items);
  }

  /** Runs the map once; the report line names the store, the time, items/s and statements. */
  static String run(int items, BenchStore db, EngineSettings settings, Duration timeout) {
    List<Integer> list = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      list.add(i);
    }
    try (DurableEngine engine = settings.builder(db.counted()).build()) {
      engine.register(yaml(items), "bench_map.yaml");
      engine.start();
      db.queries().reset();
      db.counted().reset();
      long start = System.nanoTime();
      long cpu = Measurement.processCpuNanos();
      RunRecord run =
          engine.submit("bench_map", JsonMapper.shared().valueToTree(Map.of("items", list)), null);
      RunRecord done = engine.awaitTerminal(run.runId(), timeout);
      long elapsed = System.nanoTime() - start;
      cpu = Measurement.processCpuNanos() - cpu;
      ItemCounts counts = db.store().read(tx -> tx.mapItems().counts(run.runId())).get("each");
      double seconds = elapsed / 1e9;
      return String.format(
          Locale.ROOT,
          "%-22s %-8s %s in %.2f s: %.0f items/s (%d of %d items succeeded), cpu/item %.0f µs;"
              + " %s; %s",
          "map " + items + " items",
          db.kind().label(),
          done.status().label(),
          seconds,
          items / seconds,
          counts == null ? 0 : counts.succeeded(),
          items,
          cpu / 1e3 / items,
          db.counted().summary(items),
          db.queries().summary(items));
    }
  }
}
