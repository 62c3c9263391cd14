package dev.dagflow.engine.store;

import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A run's context: its params and node outputs, by key. Each operation is measured ({@code
 * dag_context_store_operations_total{operation,status}}).
 *
 * <pre>{@code
 * contextStore.save(runId, "nodes.design.output", output);
 * contextStore.load(runId, "params");
 * }</pre>
 */
public interface ContextStore {
  void save(UUID runId, String key, JsonNode value);

  Optional<JsonNode> load(UUID runId, String key);

  /** Deletes every key of a run. Returns how many were removed. */
  int delete(UUID runId);
}
