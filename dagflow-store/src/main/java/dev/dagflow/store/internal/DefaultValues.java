package dev.dagflow.store.internal;

import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Column values that nearly every row holds, stored as SQL NULL (no bytes: the row's null bitmap
 * says so) and read back as the value (docs/performance.md, "Footprint and retention"): a run's
 * empty params, a node's name when it is its id, its attempt base when 0, and the empty output of a
 * node that succeeded. Each is read back exactly: NULL was never stored for these before (a name,
 * an attempt base) or means the same (params), and a node that succeeded always has an output (an
 * empty one at least), so for it NULL can only mean {@code {}}. Rows written before read as they
 * were.
 *
 * <pre>{@code
 * Columns.setJson(ps, 5, DefaultValues.storedParams(run.params()));
 * JsonNode params = DefaultValues.params(Columns.json(rs, "params"));
 * }</pre>
 */
final class DefaultValues {
  private DefaultValues() {}

  /** What to store for a run's params: NULL for none (an empty object). */
  static JsonNode storedParams(JsonNode params) {
    return isEmptyObject(params) ? null : params;
  }

  /** A run's params as stored: NULL is an empty object. */
  static JsonNode params(JsonNode stored) {
    return stored == null ? JsonNodeFactory.instance.objectNode() : stored;
  }

  /** What to store for a node's name: NULL when it is the node's id (no {@code name:} given). */
  static String storedName(NodeRecord n) {
    return n.nodeId().equals(n.name()) ? null : n.name();
  }

  static String name(String nodeId, String stored) {
    return stored == null ? nodeId : stored;
  }

  /** What to store for a node's attempt base: NULL for 0 (a run never retried). */
  static Integer storedAttemptBase(NodeRecord n) {
    return n.attemptBase() == 0 ? null : n.attemptBase();
  }

  /** What to store for a node's output: NULL for the empty output of a node that succeeded. */
  static JsonNode storedOutput(NodeRecord n) {
    return n.status() == NodeStatus.SUCCESS && isEmptyObject(n.output()) ? null : n.output();
  }

  /** What to store for a node's ready time: NULL when it equals its start time. */
  static Instant storedReadyAt(NodeRecord n) {
    return n.readyAt() != null && n.readyAt().equals(n.startedAt()) ? null : n.readyAt();
  }

  static Instant readyAt(Instant stored, Instant startedAt) {
    return stored == null ? startedAt : stored;
  }

  static JsonNode output(NodeStatus status, JsonNode stored) {
    return stored == null && status == NodeStatus.SUCCESS
        ? JsonNodeFactory.instance.objectNode()
        : stored;
  }

  private static boolean isEmptyObject(JsonNode v) {
    return v != null && v.isObject() && v.isEmpty();
  }
}
