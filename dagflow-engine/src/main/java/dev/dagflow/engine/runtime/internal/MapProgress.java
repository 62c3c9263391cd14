package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.MapSpec;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.MapItem;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

/**
 * The rules of mapped nodes inside one run's transaction. When a mapped node's dependencies are
 * done, {@link #expand} evaluates its list and writes one pending item row per element (items that
 * already succeeded are kept); the node itself is {@code running} under the lease owner {@link
 * #MAP_OWNER}, which no instance renews or sweeps, since its items carry the leases. {@link
 * #settle} then readies items up to {@code concurrency}, and ends the node when its items have
 * ended: its output is their outputs in index order.
 */
final class MapProgress {
  /** The lease owner of a mapped node whose items run; no instance holds it. */
  static final String MAP_OWNER = "map";

  private final RunState rows;
  private final Set<String> touched = new LinkedHashSet<>();

  MapProgress(RunState rows) {
    this.rows = rows;
  }

  /**
   * Starts a mapped node whose dependencies succeeded. Returns false when the node ended at once
   * (an empty list skips it; an error or a list over {@code max_items} fails it).
   */
  boolean expand(NodeRecord node, MapSpec spec, Map<String, Object> vars) {
    Object value;
    try {
      value = rows.evaluation().evaluate(spec.over(), vars);
    } catch (RuntimeException e) {
      rows.fail(node, "map: " + e.getMessage());
      return false;
    }
    if (!(value instanceof List<?> list)) {
      rows.fail(node, "map: '" + spec.over() + "' must yield a list, not " + typeOf(value));
      return false;
    }
    if (list.isEmpty()) {
      rows.skip(node, "map over an empty list");
      return false;
    }
    if (list.size() > spec.maxItems()) {
      rows.fail(
          node,
          "map: the list has %d items, over max_items %d".formatted(list.size(), spec.maxItems()));
      return false;
    }
    NodeRecord started =
        node.starting(rows.now(), MAP_OWNER, null)
            .readyAt(rows.now())
            .output(null)
            .error(null)
            .build();
    rows.put(started);
    rows.nodeEvent(
        EventType.NODE_STARTED, started, EventData.nodeStarted(started).put("items", list.size()));
    for (int i = 0; i < list.size(); i++) {
      String id = new MapItem(node.nodeId(), i).id();
      NodeRecord old = rows.node(id);
      if (old != null && old.status() == NodeStatus.SUCCESS) {
        continue; // a run retried: what succeeded stays done
      }
      if (old == null) {
        rows.insert(NodeRecord.pending(node.runId(), id, node.type(), node.name()));
      } else {
        rows.put(old.pendingAgain());
      }
    }
    touched.add(node.nodeId());
    return true;
  }

  /** An item of {@code nodeId} ended: settle the node before the transaction ends. */
  void itemEnded(String nodeId) {
    touched.add(nodeId);
  }

  /** Readies items as far as {@code concurrency} allows and ends nodes whose items ended. */
  void settle() {
    while (!touched.isEmpty()) {
      String id = touched.iterator().next();
      touched.remove(id);
      settle(id);
    }
  }

  private void settle(String nodeId) {
    NodeRecord node = rows.node(nodeId);
    if (node == null || node.status() != NodeStatus.RUNNING) {
      return; // cancelled with the run, or already ended
    }
    MapSpec spec = rows.graph().node(nodeId).map();
    List<NodeRecord> items = items(nodeId);
    List<NodeRecord> pending = new ArrayList<>();
    NodeRecord firstFailed = null;
    int active = 0;
    int failed = 0;
    for (NodeRecord item : items) {
      switch (item.status()) {
        case PENDING -> pending.add(item);
        case READY, RUNNING, RETRYING -> active++;
        case FAILURE, CANCELLED, SKIPPED -> {
          failed++;
          firstFailed = firstFailed == null ? item : firstFailed;
        }
        case SUCCESS -> {}
      }
    }
    if (failed > 0 && spec.onItemFailure() == MapSpec.ItemFailure.FAIL_FAST) {
      String reason = "item " + MapItem.find(firstFailed.nodeId()).orElseThrow().index();
      rows.cancelItems(items, "cancelled: " + reason + " failed");
      end(node, items, reason + " failed: " + firstFailed.error());
      return;
    }
    int room = spec.concurrency() == null ? Integer.MAX_VALUE : spec.concurrency() - active;
    for (NodeRecord item : pending) {
      if (room-- <= 0) {
        break;
      }
      rows.ready(item);
      active++;
    }
    if (active == 0 && pending.isEmpty()) {
      end(
          node,
          items,
          failed == 0
              ? null
              : "%d of %d items failed; the first, item %d: %s"
                  .formatted(
                      failed,
                      items.size(),
                      MapItem.find(firstFailed.nodeId()).orElseThrow().index(),
                      firstFailed.error()));
    }
  }

  /** Ends the node: success with its items' outputs when {@code failure} is null. */
  private void end(NodeRecord node, List<NodeRecord> items, String failure) {
    ArrayNode outputs = JsonNodeFactory.instance.arrayNode(items.size());
    for (NodeRecord item : items) {
      JsonNode out = item.status() == NodeStatus.SUCCESS ? item.output() : null;
      outputs.add(out == null ? NullNode.getInstance() : out);
    }
    NodeRecord.Builder b =
        node.toBuilder().lease(null, null).finishedAt(rows.now()).output(outputs).error(failure);
    NodeRecord ended = b.status(failure == null ? NodeStatus.SUCCESS : NodeStatus.FAILURE).build();
    rows.put(ended);
    rows.nodeEvent(
        failure == null ? EventType.NODE_SUCCEEDED : EventType.NODE_FAILED,
        ended,
        EventData.nodeFinished(ended, node.startedAt(), rows.now(), List.of())
            .put("items", items.size()));
    if (failure == null) {
      rows.onSuccess(node.nodeId());
    } else {
      rows.onFinalFailure(node.nodeId());
    }
  }

  /** The node's item rows in index order (they are numbered from 0 without gaps). */
  private List<NodeRecord> items(String nodeId) {
    List<NodeRecord> items = new ArrayList<>();
    for (int i = 0; ; i++) {
      NodeRecord item = rows.node(new MapItem(nodeId, i).id());
      if (item == null) {
        return items;
      }
      items.add(item);
    }
  }

  private static String typeOf(Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> "a string";
      case Map<?, ?> m -> "a map";
      case Boolean b -> "a bool";
      case Number n -> "a number";
      default -> value.getClass().getSimpleName();
    };
  }
}
